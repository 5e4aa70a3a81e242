import Foundation
import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Appends log lines to a regular file (mode 0600), so nothing is printed while curses owns the
/// screen. Opened in append mode, so processes logging at once (a cron check and the console)
/// never overwrite each other's lines; never a FIFO, device or terminal, which could block,
/// refuse to seek or put text on a screen.
package final class LogFile: Sendable {
    private let file: Mutex<FileDescriptor>

    /// Why a log file cannot be used.
    package struct Refused: Error, CustomStringConvertible {
        package let description: String
    }

    /// Opens (creating) the file at `path` for appending.
    package init(path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        }
        let file = try FileDescriptor.open(
            FilePath(path), .writeOnly, options: [.create, .append, .closeOnExec, .nonBlocking],
            permissions: .ownerReadWrite)
        var status = stat()
        guard fstat(file.rawValue, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            try? file.close()
            throw Refused(description: "\(path) is not a regular file")
        }
        self.file = Mutex(file)
    }

    deinit {
        file.withLock { try? $0.close() }
    }

    package func write(_ line: String) {
        // A log that cannot be written (a full disk) loses the line, never the process.
        file.withLock { _ = try? $0.writeAll((line + "\n").utf8) }
    }
}
