import Testing

@testable import TerminalIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("The wake pipe")
struct WakePipeTests {
    /// Whether the read end has something to read, without waiting.
    func readable(_ pipe: WakePipe) -> Bool {
        var fds = [pollfd(fd: pipe.readEnd.rawValue, events: Int16(POLLIN), revents: 0)]
        return poll(&fds, 1, 0) == 1
    }

    @Test("a wake makes the read end readable; draining empties it")
    func wakeAndDrain() {
        let pipe = WakePipe()
        #expect(!readable(pipe))
        pipe.wake()
        #expect(readable(pipe))
        pipe.drain()
        #expect(!readable(pipe))
    }

    @Test("waking a full pipe neither blocks nor fails: one wake-up is enough")
    func fullPipe() {
        let pipe = WakePipe()
        for _ in 0..<200_000 { pipe.wake() }
        #expect(readable(pipe))
        pipe.drain()
        #expect(!readable(pipe))
    }
}
