import Foundation

/// Where keyconsole reads the current date: the one source for the sandbox, the console, the
/// commands, the journal and the logs. Tests give one that follows a test clock.
///
/// End-to-end tests move a whole process in time with `KEYCONSOLE_NOW` (epoch seconds): the
/// process's time then starts there and runs on, in the console as in the commands.
public struct WallClock: Sendable {
    private let read: @Sendable () -> Date

    /// A clock that reads `read` each time.
    public init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    /// The system's clock (the one place keyconsole calls `Date()`).
    public static let system = WallClock { Date() }

    /// The test hook that moves a process in time.
    public static let testHookVariable = "KEYCONSOLE_NOW"

    /// This process's clock: the system's, or from `KEYCONSOLE_NOW` on when it is set.
    public static let current = WallClock.process(
        environment: ProcessInfo.processInfo.environment)

    /// The clock `environment` asks for: from `KEYCONSOLE_NOW` on (a number of seconds since
    /// 1970 up to the end of 9999), else the system's.
    public static func process(environment: [String: String]) -> WallClock {
        guard let text = environment[testHookVariable], let seconds = Double(text),
            (0...Double(Expiry.latestEpochSeconds)).contains(seconds)
        else { return .system }
        return following(ContinuousClock(), from: Date(timeIntervalSince1970: seconds))
    }

    /// Dates that start at `start` and move as `clock` does (a test clock, or a start moved in
    /// time on the continuous clock).
    public static func following<C: Clock<Duration>>(_ clock: C, from start: Date) -> WallClock {
        let origin = clock.now
        return WallClock {
            start.addingTimeInterval(origin.duration(to: clock.now).inSeconds)
        }
    }

    /// The current date.
    public var now: Date { read() }

    /// The current time in whole seconds since 1970.
    public var nowSeconds: Int64 { Int64(now.timeIntervalSince1970.rounded(.down)) }
}
