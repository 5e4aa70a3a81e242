import Foundation
import KeySandbox
import MomentoKeys

/// A token bucket like Momento's limit on auth operations: `perSecond` a second, bursts of the
/// same size. `perSecond == 0` turns it off.
actor RateLimiter {
    private let perSecond: Double
    private let now: @Sendable () -> Double
    private var tokens: Double
    private var updated: Double

    init(perSecond: Int, now: @escaping @Sendable () -> Double) {
        self.perSecond = Double(perSecond)
        self.now = now
        self.tokens = Double(perSecond)
        self.updated = now()
    }

    /// `nil` when the request may go ahead; otherwise the whole seconds to wait (at least 1).
    func acquire() -> Int? {
        guard perSecond > 0 else { return nil }
        let current = now()
        tokens = min(perSecond, tokens + max(0, current - updated) * perSecond)
        updated = current
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        return max(1, Int(((1 - tokens) / perSecond).rounded(.up)))
    }
}
