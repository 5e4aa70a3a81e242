import ConsoleUI
import Synchronization

/// The messages a runner handled, with the state each led to; tests wait on them.
final class Observed: Sendable {
    private struct Waiter {
        var predicate: @Sendable (Msg) -> Bool
        var continuation: CheckedContinuation<ConsoleState, Never>
    }

    private let state = Mutex<(seen: [(Msg, ConsoleState)], waiters: [Waiter])>(([], []))

    /// Records a message and its state (the runner's `observe`).
    func record(_ message: Msg, _ after: ConsoleState) {
        let ready = state.withLock { state in
            state.seen.append((message, after))
            let met = state.waiters.filter { $0.predicate(message) }
            state.waiters.removeAll { $0.predicate(message) }
            return met
        }
        for waiter in ready { waiter.continuation.resume(returning: after) }
    }

    /// Waits for a message that satisfies `predicate` (one already handled counts); the
    /// state it led to.
    func state(after predicate: @escaping @Sendable (Msg) -> Bool) async -> ConsoleState {
        await withCheckedContinuation { continuation in
            let found = state.withLock { state -> ConsoleState? in
                if let (_, after) = state.seen.last(where: { predicate($0.0) }) { return after }
                state.waiters.append(Waiter(predicate: predicate, continuation: continuation))
                return nil
            }
            if let found { continuation.resume(returning: found) }
        }
    }
}
