import Foundation

/// Where the sandbox reads the time: the system clock, or a fixed or moved clock in tests.
public struct SandboxClock: Sendable {
    private let read: @Sendable () -> Date

    /// A clock that reads `read` each time.
    public init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    /// The system clock.
    public static let system = SandboxClock { Date() }

    /// The current time.
    public var now: Date { read() }

    /// The current time in whole seconds since 1970.
    public var nowSeconds: Int64 { Int64(now.timeIntervalSince1970.rounded(.down)) }
}
