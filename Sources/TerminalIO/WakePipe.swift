import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Lets other threads wake the terminal loop out of `poll`.
public final class WakePipe: Sendable {
    let readEnd: FileDescriptor
    let writeEnd: FileDescriptor

    /// Opens a non-blocking pipe whose ends are closed in child processes.
    public init() {
        guard let (readEnd, writeEnd) = try? FileDescriptor.pipe() else {
            preconditionFailure("cannot create a pipe")
        }
        self.readEnd = readEnd
        self.writeEnd = writeEnd
        for end in [readEnd, writeEnd] {
            _ = fcntl(end.rawValue, F_SETFL, fcntl(end.rawValue, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end.rawValue, F_SETFD, FD_CLOEXEC)
        }
    }

    deinit {
        try? readEnd.close()
        try? writeEnd.close()
    }

    /// Wakes the loop (safe from any thread). A full pipe already holds a wake-up.
    public func wake() {
        _ = try? writeEnd.writeAll([1])
    }

    /// Empties the pipe.
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while let count = try? buffer.withUnsafeMutableBytes({ try readEnd.read(into: $0) }),
            count > 0
        {}
    }
}
