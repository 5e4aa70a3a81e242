import Foundation
import MomentoKeys
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes secrets to files the user asked for: created exclusively (`O_CREAT|O_EXCL`) with
/// mode 0600, so an existing file is never overwritten and nobody else can read the new one.
package enum ExclusiveFile {
    /// Why a file was not written.
    package enum Failure: Error, CustomStringConvertible {
        case exists(String)
        case cannotCreate(String, String)
        case cannotWrite(String, String)
        /// Refused for the reason given, which names the file.
        case refused(String)

        package var description: String {
            switch self {
            case .exists(let path): "\(path) already exists; refusing to overwrite it."
            case .cannotCreate(let path, let reason): "Cannot create \(path): \(reason)."
            case .cannotWrite(let path, let reason): "Cannot write \(path): \(reason)."
            case .refused(let reason): reason
            }
        }

        /// The failure a private-file operation on `path` met.
        package init(_ failure: PrivateFile.Failure) {
            switch failure {
            case .exists(let path): self = .exists(path)
            case .cannotOpen(let path, let reason): self = .cannotCreate(path, reason)
            case .cannotWrite(let path, let reason): self = .cannotWrite(path, reason)
            case .notRegular, .locked: self = .refused(failure.description)
            }
        }
    }

    /// Creates `path` exclusively with mode 0600 and returns its descriptor.
    package static func create(_ path: String) throws(Failure) -> FileDescriptor {
        do throws(PrivateFile.Failure) {
            return try PrivateFile.createExclusive(path)
        } catch {
            throw Failure(error)
        }
    }

    /// A file claimed for a key to come: created exclusively (0600) holding `marker`'s line,
    /// or, when the file holds nothing but an earlier attempt's marker and no process holds it
    /// any more, that file (the earlier marker is returned, so the caller can say what became
    /// of it). The file stays locked (`flock`) until its descriptor is closed, so a second
    /// create never takes a file another create is still working on.
    package static func claim(
        _ path: String, marker: CreateMarker
    ) throws(Failure) -> (file: FileDescriptor, earlier: CreateMarker?) {
        let file: FileDescriptor
        var earlier: CreateMarker?
        do {
            file = try create(path)
        } catch .exists(_) {
            (file, earlier) = try reopenMarked(path)
        }
        // Locked before the marker is in it: a retry that finds the marker finds it locked.
        if earlier == nil, flock(file.rawValue, LOCK_EX | LOCK_NB) != 0 {
            try? file.close()
            throw .exists(path)
        }
        do {
            _ = try file.writeAll(toAbsoluteOffset: 0, marker.line.utf8)
            try file.resize(to: Int64(marker.line.utf8.count))
        } catch {
            try? file.close()
            unlink(path)
            throw .cannotWrite(path, "\(error)")
        }
        return (file, earlier)
    }

    /// The existing `path` for writing, if it is our private regular file (mode 0600, one
    /// link, not a symbolic link) holding only a marker that no running create holds;
    /// `.exists` otherwise, whatever else it holds.
    private static func reopenMarked(_ path: String) throws(Failure) -> (
        FileDescriptor, CreateMarker
    ) {
        guard
            let file = try? FileDescriptor.open(
                FilePath(path), .readWrite, options: [.noFollow, .closeOnExec, .nonBlocking])
        else { throw .exists(path) }
        var status = stat()
        guard fstat(file.rawValue, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG,
            status.st_uid == getuid(), status.st_mode & 0o077 == 0, status.st_nlink == 1,
            status.st_size <= CreateMarker.maxLength,
            let bytes = try? BoundedRead.all(from: file, limit: CreateMarker.maxLength),
            let marker = CreateMarker(parsing: String(decoding: bytes, as: UTF8.self))
        else {
            try? file.close()
            throw .exists(path)
        }
        guard flock(file.rawValue, LOCK_EX | LOCK_NB) == 0 else {
            try? file.close()
            throw .refused(
                "\(path) is being written by another keyconsole create (pid \(marker.pid)), which"
                    + " has not finished; wait for it, or choose another file.")
        }
        return (file, marker)
    }

    /// Writes all of `text` to `file` from its start, cuts off anything after it (a marker
    /// longer than the text), and closes it; on failure removes `path`.
    package static func finish(_ file: FileDescriptor, path: String, text: String) throws(Failure) {
        defer { try? file.close() }
        var bytes = Array(text.utf8)
        defer { for index in bytes.indices { bytes[index] = 0 } }
        do {
            // Written over the marker first, then cut: no moment holds marker and key mixed.
            _ = try file.writeAll(toAbsoluteOffset: 0, bytes)
            try file.resize(to: Int64(bytes.count))
        } catch {
            unlink(path)
            throw .cannotWrite(path, "\(error)")
        }
    }

    /// Creates `path` exclusively (0600) and writes `text` to it.
    package static func store(_ text: String, at path: String) throws(Failure) {
        let fd = try create(path)
        try finish(fd, path: path, text: text)
    }
}
