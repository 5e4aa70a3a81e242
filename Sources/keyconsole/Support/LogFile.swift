import Foundation
import Logging
import Synchronization

/// Appends log lines to a file (mode 0600), so nothing is printed while curses owns the screen.
final class LogFile: Sendable {
    private let handle: Mutex<FileHandle?>

    /// Opens (creating) the file at `path` for appending.
    init(path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        }
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(
                atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteNoPermission)
        }
        handle.seekToEndOfFile()
        self.handle = Mutex(handle)
    }

    func write(_ line: String) {
        // A log that cannot be written (a full disk) loses the line, never the process.
        handle.withLock { try? $0?.write(contentsOf: Data((line + "\n").utf8)) }
    }
}
