import ScreenModel
import Synchronization

/// A terminal in memory, for tests: they feed keys, resizes and signals, and read the grid
/// drawn and the raw bytes written (the idea of ratatui's `TestBackend`).
public final class MemoryTerminal: TerminalDriver, Sendable {
    private struct Waiter {
        var predicate: @Sendable ([String]) -> Bool
        var continuation: CheckedContinuation<[String]?, Never>
    }

    private struct State {
        var size: (width: Int, height: Int)
        var pending: [TerminalEvent] = []
        var lines: [String] = []
        var raw: [UInt8] = []
        var closed = false
        var mouse = false
        var draws = 0
        var clears = 0
        var waiters: [Waiter] = []
        var closeWaiters: [CheckedContinuation<Void, Never>] = []
    }

    public let capabilities: Capabilities
    public let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    private let state: Mutex<State>

    /// A blank terminal of `width` x `height`.
    public init(
        width: Int = 80, height: Int = 24,
        capabilities: Capabilities = Capabilities(unicode: true, colors: .none)
    ) {
        self.capabilities = capabilities
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self)
        state = Mutex(State(size: (width, height)))
    }

    // MARK: TerminalDriver

    public var size: (width: Int, height: Int) { state.withLock { $0.size } }

    public func readEvents() -> [TerminalEvent] {
        state.withLock { state in
            defer { state.pending.removeAll() }
            return state.pending
        }
    }

    public func draw(_ grid: Screen) {
        let ready = state.withLock { state -> [(CheckedContinuation<[String]?, Never>, [String])] in
            state.lines = grid.lines
            state.draws += 1
            let lines = state.lines
            let (met, waiting) = (
                state.waiters.filter { $0.predicate(lines) },
                state.waiters.filter { !$0.predicate(lines) }
            )
            state.waiters = waiting
            return met.map { ($0.continuation, lines) }
        }
        for (continuation, lines) in ready { continuation.resume(returning: lines) }
    }

    /// Nothing to give back: a terminal in memory never stops the process.
    public func suspend() {}

    public func setMouse(_ enabled: Bool) {
        state.withLock { $0.mouse = enabled }
    }

    /// Whether mouse reporting is on.
    public var mouseEnabled: Bool { state.withLock { $0.mouse } }

    /// Drops the keys queued and not yet read, as typeahead.
    public func discardInput() {
        state.withLock { state in
            state.pending.removeAll {
                if case .key = $0 { return true }
                return false
            }
        }
    }

    public func clearAll() {
        state.withLock { $0.clears += 1 }
    }

    public func writeRaw(_ bytes: [UInt8]) {
        state.withLock { $0.raw += bytes }
    }

    public func close() {
        let (waiters, closeWaiters) = state.withLock { state in
            state.closed = true
            defer {
                state.waiters = []
                state.closeWaiters = []
            }
            return (state.waiters, state.closeWaiters)
        }
        wake.finish()
        for waiter in waiters { waiter.continuation.resume(returning: nil) }
        for waiter in closeWaiters { waiter.resume() }
    }

    // MARK: What tests do

    /// Presses keys, in order.
    public func press(_ keys: Key...) {
        post(keys.map(TerminalEvent.key))
    }

    /// Types `text`, one key per character.
    public func type(_ text: String) {
        post(text.map { .key(.character($0)) })
    }

    /// Resizes the terminal.
    public func resize(width: Int, height: Int) {
        state.withLock { $0.size = (width, height) }
        post([.resized(width: width, height: height)])
    }

    /// Delivers a signal, as SIGTERM or SIGHUP reach the real terminal.
    public func send(signal: Int32) {
        post([.signal(signal)])
    }

    /// The lines of the last grid drawn.
    public var lines: [String] { state.withLock { $0.lines } }

    /// Every byte written around the grid (OSC 52).
    public var rawWrites: [UInt8] { state.withLock { $0.raw } }

    /// Whether the runner restored (closed) the terminal.
    public var isClosed: Bool { state.withLock { $0.closed } }

    /// How many grids were drawn, and how many times the terminal was cleared.
    public var counts: (draws: Int, clears: Int) { state.withLock { ($0.draws, $0.clears) } }

    /// Waits until a drawn grid satisfies `predicate` (the last one drawn counts); the lines
    /// of that grid, or `nil` when the terminal closes first.
    public func screen(where predicate: @escaping @Sendable ([String]) -> Bool) async
        -> [String]?
    {
        await withCheckedContinuation { continuation in
            let now: [String]?? = state.withLock { state in
                if !state.lines.isEmpty, predicate(state.lines) { return .some(state.lines) }
                if state.closed { return .some(nil) }
                state.waiters.append(Waiter(predicate: predicate, continuation: continuation))
                return .none
            }
            if let now { continuation.resume(returning: now) }
        }
    }

    /// Waits until a drawn grid shows `text`.
    public func screen(showing text: String) async -> [String]? {
        await screen { $0.contains { $0.contains(text) } }
    }

    /// Waits until the runner closes the terminal.
    public func closed() async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state in
                if state.closed { return true }
                state.closeWaiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    private func post(_ events: [TerminalEvent]) {
        state.withLock { $0.pending += events }
        wake.yield()
    }
}
