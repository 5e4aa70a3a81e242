import Foundation
import MomentoKeys
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one way keyconsole writes files of its own and the files it adds to: owner-only (files
/// 0600, folders 0700), never through a symbolic link, with three operations: an exclusive
/// create (key files), an append under an exclusive lock (the audit journal, Momento CLI's
/// credentials file), and an atomic replace, under a lock file (the rotation records) or
/// without one and with the mode asked for (`check --output`, 0644). A lock
/// another program holds is waited for a bounded time (``lock(_:waiting:)``).
package enum PrivateFile {
    /// Why an operation failed: the path and the system's reason.
    package enum Failure: Error, CustomStringConvertible, Equatable {
        /// `O_EXCL`: the file is there.
        case exists(String)
        /// The file or its folder could not be created or opened.
        case cannotOpen(String, String)
        /// The path names something other than a regular file.
        case notRegular(String)
        /// The lock stayed held for the whole wait.
        case locked(String, seconds: Double)
        /// Writing or syncing failed.
        case cannotWrite(String, String)

        package var description: String {
            switch self {
            case .exists(let path): "\(path) already exists; refusing to overwrite it."
            case .cannotOpen(let path, let reason): "Cannot create \(path): \(reason)."
            case .notRegular(let path): "\(path) is not a regular file."
            case .locked(let path, let seconds):
                "\(path) stayed locked by another program for \(Int(seconds.rounded(.up))) s."
            case .cannotWrite(let path, let reason): "Cannot write \(path): \(reason)."
            }
        }
    }

    /// Creates the folder of `path` (0700, with its parents) when it is missing.
    package static func makeFolder(of path: String) throws(Failure) {
        let folder = (path as NSString).deletingLastPathComponent
        guard !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) else { return }
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        } catch {
            throw .cannotOpen(folder, error.localizedDescription)
        }
    }

    /// Creates `path` exclusively (`O_CREAT|O_EXCL`, 0600) for writing.
    package static func createExclusive(_ path: String) throws(Failure) -> FileDescriptor {
        do {
            return try FileDescriptor.open(
                FilePath(path), .writeOnly, options: [.create, .exclusiveCreate, .closeOnExec],
                permissions: .ownerReadWrite)
        } catch Errno.fileExists {
            throw .exists(path)
        } catch {
            throw .cannotOpen(path, "\(error)")
        }
    }

    /// Opens `path` to append to it (created 0600 with its folder when missing; a regular
    /// file, not through a link), takes its exclusive lock, waiting up to `seconds`, and runs
    /// `body` with the lock held; the lock is released and the file closed afterwards.
    package static func appending<Value>(
        _ path: String, readable: Bool = false, waiting seconds: Double,
        _ body: (FileDescriptor) throws(Failure) -> Value
    ) throws(Failure) -> Value {
        try makeFolder(of: path)
        let file: FileDescriptor
        do {
            file = try FileDescriptor.open(
                FilePath(path), readable ? .readWrite : .writeOnly,
                options: [.create, .append, .closeOnExec, .noFollow, .nonBlocking],
                permissions: .ownerReadWrite)
        } catch {
            throw .cannotOpen(path, "\(error)")
        }
        defer { try? file.close() }
        try requireRegular(file, path)
        guard lock(file, waiting: seconds) else { throw .locked(path, seconds: seconds) }
        defer { flock(file.rawValue, LOCK_UN) }
        return try body(file)
    }

    /// Replaces `path` with what `change` makes of its bytes (`nil`: no file yet), under the
    /// exclusive lock of `path.lock`: the new bytes go to a 0600 file beside it, are synced,
    /// and renamed over it, so a crash leaves the old file or the new one, whole.
    package static func replacing(
        _ path: String, waiting seconds: Double,
        _ change: ([UInt8]?) throws(Failure) -> [UInt8]
    ) throws(Failure) {
        try makeFolder(of: path)
        let lockFile: FileDescriptor
        do {
            lockFile = try FileDescriptor.open(
                FilePath(path + ".lock"), .writeOnly,
                options: [.create, .closeOnExec, .noFollow], permissions: .ownerReadWrite)
        } catch {
            throw .cannotOpen(path + ".lock", "\(error)")
        }
        defer { try? lockFile.close() }
        guard lock(lockFile, waiting: seconds) else { throw .locked(path, seconds: seconds) }
        try replaceAtomically(path, with: try change(try contents(path)))
    }

    /// Writes `bytes` to a new file beside `path` with `permissions` (whatever the umask),
    /// syncs it and renames it over `path`, then syncs the folder, so a reader sees the old
    /// file or the new one, whole. A `path` that is a symbolic link or not a regular file is
    /// refused: the rename would replace the link, not what it names.
    package static func replaceAtomically(
        _ path: String, with bytes: [UInt8], permissions: FilePermissions = .ownerReadWrite
    ) throws(Failure) {
        var status = stat()
        if lstat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            throw .notRegular(path)
        }
        let temporary = path + ".new-\(getpid())"
        var created = false
        do {
            let file = try FileDescriptor.open(
                FilePath(temporary), .writeOnly,
                options: [.create, .exclusiveCreate, .closeOnExec, .noFollow],
                permissions: .ownerReadWrite)
            created = true
            defer { try? file.close() }
            guard fchmod(file.rawValue, permissions.rawValue) == 0 else {
                throw Errno(rawValue: errno)
            }
            _ = try file.writeAll(bytes)
            guard fsync(file.rawValue) == 0 else { throw Errno(rawValue: errno) }
            guard rename(temporary, path) == 0 else { throw Errno(rawValue: errno) }
            created = false
        } catch {
            if created { unlink(temporary) }
            throw .cannotWrite(path, "\(error)")
        }
        // The rename lasts a crash only once the folder is synced.
        let name = (path as NSString).deletingLastPathComponent
        let folder = open(name.isEmpty ? "." : name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }

    /// The bytes of `path`; `nil` only when there is no such file (a file that cannot be
    /// read is an error, never taken for an empty one).
    package static func contents(_ path: String) throws(Failure) -> [UInt8]? {
        let file: FileDescriptor
        do {
            file = try FileDescriptor.open(
                FilePath(path), .readOnly, options: [.closeOnExec, .noFollow, .nonBlocking])
        } catch Errno.noSuchFileOrDirectory {
            return nil
        } catch {
            throw .cannotOpen(path, "\(error)")
        }
        defer { try? file.close() }
        try requireRegular(file, path)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count: Int
            do {
                count = try chunk.withUnsafeMutableBytes { try file.read(into: $0) }
            } catch {
                throw .cannotOpen(path, "\(error)")
            }
            if count == 0 { return bytes }
            bytes += chunk[..<count]
        }
    }

    /// Refuses anything but a regular file (a FIFO, a device, a folder) at `path`.
    private static func requireRegular(_ file: FileDescriptor, _ path: String) throws(Failure) {
        var status = stat()
        guard fstat(file.rawValue, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw .notRegular(path)
        }
    }

    /// Takes the exclusive lock of `file`; `false` when another holder keeps it for all of
    /// `seconds`. The lock is tried again after a back-off that doubles from 1 ms to 100 ms:
    /// a blocking `flock` cannot be bounded without a signal to interrupt it, and a thread
    /// left waiting in one would hold a descriptor for as long as the other holder likes.
    package static func lock(_ file: FileDescriptor, waiting seconds: Double) -> Bool {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64(seconds * 1000)))
        var delay = Duration.milliseconds(1)
        while flock(file.rawValue, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, ContinuousClock.now < deadline else {
                return false
            }
            Thread.sleep(forTimeInterval: delay.inSeconds)
            delay = min(.milliseconds(100), delay * 2)
        }
        return true
    }
}
