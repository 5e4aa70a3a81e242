import Synchronization

/// Records what `keyconsole serve` answered, through its observer hook.
public final class RequestLog: Sendable {
    private let entries = Mutex<[(route: String, status: Int)]>([])
    private let waiters = Mutex<[(route: String, count: Int, CheckedContinuation<Void, Never>)]>([])

    public init() {}

    /// The observer to give the server.
    public var observer: @Sendable (String, Int) -> Void {
        { route, status in
            let count = self.entries.withLock { entries in
                entries.append((route, status))
                return entries.filter { $0.route == route }.count
            }
            let ready = self.waiters.withLock { waiters in
                let ready = waiters.filter { $0.route == route && $0.count <= count }
                waiters.removeAll { $0.route == route && $0.count <= count }
                return ready
            }
            for (_, _, continuation) in ready { continuation.resume() }
        }
    }

    /// Waits until `route` has been answered `count` times.
    public func wait(for route: String, count: Int) async {
        await withCheckedContinuation { continuation in
            // Registered first, then checked: an answer between the two still resumes it once.
            let done = waiters.withLock { waiters in
                if self.count(route) >= count { return true }
                waiters.append((route, count, continuation))
                return false
            }
            if done { continuation.resume() }
        }
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
