import Foundation
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one way keyconsole waits for a file another program holds: an exclusive `flock`, tried
/// again after a back-off that doubles from 1 ms to 100 ms, for a bounded time.
package enum FileLock {
    /// Takes the exclusive lock of `file`; `false` when it is still held after `seconds`.
    package static func exclusive(_ file: FileDescriptor, waiting seconds: Double) -> Bool {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64(seconds * 1000)))
        var delay: UInt32 = 1000
        while flock(file.rawValue, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, ContinuousClock.now < deadline else {
                return false
            }
            usleep(delay)
            delay = min(100_000, delay * 2)
        }
        return true
    }
}
