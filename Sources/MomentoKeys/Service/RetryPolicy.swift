/// When to send a request that changes nothing (GET, DELETE) again: jittered exponential
/// backoff, honouring `Retry-After`, a few times at most.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// The backoff ceiling for the first retry; it doubles with each retry.
    public var baseDelay: Duration
    /// The largest backoff ceiling.
    public var maxDelay: Duration
    /// A `Retry-After` longer than this is not waited for: the error is returned instead.
    public var maxRetryAfter: Duration

    /// Creates a policy.
    public init(
        maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(250),
        maxDelay: Duration = .seconds(4), maxRetryAfter: Duration = .seconds(20)
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// Never retry.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// How long to wait before attempt `attempt + 1` after `error`, or `nil` to give up.
    ///
    /// `unit` is a number in 0..<1 (random in production) that picks the jittered delay.
    public func delay(after error: KeyServiceError, attempt: Int, unit: Double) -> Duration? {
        guard attempt < maxAttempts, error.isRetryable else { return nil }
        if case .rateLimited(let seconds?) = error {
            let wait = Duration.seconds(seconds)
            return wait <= maxRetryAfter ? wait : nil
        }
        let exponent = min(attempt - 1, 20)
        let ceiling = min(baseDelay * (1 << exponent), maxDelay)
        // Equal jitter: half the ceiling, plus up to half again.
        return ceiling * (0.5 + 0.5 * max(0, min(unit, 1)))
    }
}
