import Foundation
import KeySandbox
import MomentoKeys
import Synchronization

/// A clock tests move by hand, so expiry and countdowns need no waiting.
public final class MovableClock: Sendable {
    private let current: Mutex<Date>

    /// Starts at `start`.
    public init(start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = Mutex(start)
    }

    /// The current time.
    public var now: Date { current.withLock { $0 } }

    /// Moves the clock forward.
    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    /// The clock as the sandbox reads it.
    public var wallClock: WallClock { WallClock { self.now } }
}
