import Synchronization

/// Records what `keyconsole serve` answered, through its observer hook.
public final class RequestLog: Sendable {
    private let entries = Mutex<[(route: String, status: Int)]>([])

    public init() {}

    /// The observer to give the server.
    public var observer: @Sendable (String, Int) -> Void {
        { route, status in self.entries.withLock { $0.append((route, status)) } }
    }

    /// How many requests reached `route`.
    public func count(_ route: String) -> Int {
        entries.withLock { $0.filter { $0.route == route }.count }
    }

    /// The statuses answered on `route`, in order (0: connection closed).
    public func statuses(_ route: String) -> [Int] {
        entries.withLock { $0.filter { $0.route == route }.map(\.status) }
    }
}
