import Synchronization

/// One token bucket for every request a process sends to the key API: up to the account's
/// limit for what the user asked for, a smaller share for background work, and nothing at all
/// while a `Retry-After` runs.
///
/// Momento allows about 5 key operations a second per account. A console refreshing 10,000
/// keys in the background must leave most of that to the account's own automation, so
/// background requests (``Priority/background``, set with ``$priority``) also draw from a
/// second, slower bucket.
public final class RequestBudget: Sendable {
    /// Whose request it is.
    public enum Priority: Sendable, Hashable {
        /// Asked for by the user (a refresh key, a create, a command): the whole rate.
        case user
        /// Done unasked (an automatic refresh): at most the background rate.
        case background
    }

    /// The priority of the requests sent from the current task (``Priority/user`` unless set).
    @TaskLocal public static var priority = Priority.user

    /// Requests a second for the user's requests (and all requests together).
    public let rate: Double
    /// Requests a second for background requests.
    public let backgroundRate: Double

    private struct Buckets {
        /// Tokens of the main bucket, at `updated`; negative when requests are waiting.
        var tokens: Double
        /// Tokens of the background bucket, at `updated`.
        var backgroundTokens: Double
        /// The time the tokens were counted at.
        var updated: Duration
    }

    private let buckets: Mutex<Buckets>
    private let elapsed: @Sendable () -> Duration
    private let sleep: @Sendable (Duration) async throws -> Void

    /// A budget of `rate` requests a second (bursts of as many), `backgroundRate` of them for
    /// background work (one at a time, evenly spaced), timed by `clock`.
    public init<C: Clock<Duration>>(
        rate: Double = 5, backgroundRate: Double = 2, clock: C = ContinuousClock()
    ) {
        // At least one request in 10 s, at most 1,000 a second (any rate given is clamped).
        self.rate = min(max(rate, 0.1), 1000)
        self.backgroundRate = min(max(backgroundRate, 0.1), self.rate)
        let start = clock.now
        elapsed = { start.duration(to: clock.now) }
        sleep = { try await clock.sleep(for: $0) }
        // Start full: the user's first requests go out at once. The background bucket holds
        // one token: its requests are evenly spaced, never two in a burst.
        buckets = Mutex(Buckets(tokens: self.rate, backgroundTokens: 1, updated: .zero))
    }

    /// A budget of `rate` requests a second that reads the time elapsed from `elapsed`, for a
    /// server that answers 429 rather than wait (``take()``), timed by its own clock.
    public init(rate: Double, elapsed: @escaping @Sendable () -> Duration) {
        self.rate = max(rate, 0.1)
        backgroundRate = self.rate
        self.elapsed = elapsed
        sleep = { try await Task.sleep(for: $0) }
        buckets = Mutex(Buckets(tokens: self.rate, backgroundTokens: 1, updated: elapsed()))
    }

    /// Takes a token when one is there (`nil`: the request may go ahead); otherwise takes
    /// nothing and returns how long until one comes. For a server's limit, which refuses.
    public func take() -> Duration? {
        let now = elapsed()
        return buckets.withLock { state in
            refill(&state, now: now)
            guard state.tokens < 1 else {
                state.tokens -= 1
                return nil
            }
            return Self.duration((1 - state.tokens) / rate)
        }
    }

    /// Waits until a request of the current task's ``priority`` may go out, and takes its
    /// token. Throws when the task is cancelled while waiting.
    public func acquire() async throws {
        let wait = reserve(Self.priority)
        if wait > .zero { try await sleep(wait) }
    }

    /// The longest pause a `Retry-After` gets: a server asking for more is not waited for
    /// beyond it (the request fails, as ``RetryPolicy`` decides).
    public static let longestPause = Duration.seconds(60)

    /// Holds back every request not yet waiting for `duration` (a 429's `Retry-After`, at
    /// most ``longestPause``): the buckets empty, owing as many tokens as would come in that
    /// time, so the requests held back go out at the usual pace afterwards, not all at once.
    public func pause(for duration: Duration) {
        let now = elapsed()
        buckets.withLock { state in
            refill(&state, now: now)
            let seconds = Self.seconds(min(max(duration, .zero), Self.longestPause))
            state.tokens = min(state.tokens, -seconds * rate)
            state.backgroundTokens = min(state.backgroundTokens, -seconds * backgroundRate)
        }
    }

    /// Takes a token (going into debt when none is left) and returns how long to wait for it.
    func reserve(_ priority: Priority) -> Duration {
        let now = elapsed()
        return buckets.withLock { state in
            refill(&state, now: now)
            state.tokens -= 1
            var wait = state.tokens < 0 ? Self.duration(-state.tokens / rate) : .zero
            if priority == .background {
                state.backgroundTokens -= 1
                if state.backgroundTokens < 0 {
                    wait = max(wait, Self.duration(-state.backgroundTokens / backgroundRate))
                }
            }
            return wait
        }
    }

    private func refill(_ state: inout Buckets, now: Duration) {
        // A clock stepped back (a wall clock, for a server) adds nothing and takes nothing.
        let seconds = max(0, Self.seconds(now - state.updated))
        state.tokens = min(rate, state.tokens + seconds * rate)
        state.backgroundTokens = min(1, state.backgroundTokens + seconds * backgroundRate)
        state.updated = now
    }

    /// Seconds as a duration, to the nearest microsecond (a day at most: waits are far
    /// shorter at any rate allowed).
    private static func duration(_ seconds: Double) -> Duration {
        .microseconds(Int64((min(max(seconds, 0), 86400) * 1e6).rounded()))
    }

    private static func seconds(_ duration: Duration) -> Double {
        duration.inSeconds
    }
}
