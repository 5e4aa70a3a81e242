import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Lets other threads wake the terminal loop out of `poll`.
public final class WakePipe: Sendable {
    let readEnd: Int32
    let writeEnd: Int32

    /// Opens a non-blocking pipe.
    public init() {
        var fds: [Int32] = [0, 0]
        precondition(pipe(&fds) == 0, "cannot create a pipe")
        readEnd = fds[0]
        writeEnd = fds[1]
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }

    /// Wakes the loop (safe from any thread).
    public func wake() {
        var byte: UInt8 = 1
        _ = Glibc.write(writeEnd, &byte, 1)
    }

    /// Empties the pipe.
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while Glibc.read(readEnd, &buffer, buffer.count) > 0 {}
    }
}
