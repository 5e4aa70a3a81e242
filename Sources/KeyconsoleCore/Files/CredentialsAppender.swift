import Foundation
import MomentoKeys
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Adds a profile to Momento CLI's credentials file: the one file keyconsole writes that may
/// exist already. No byte of it changes: the new section is appended (`O_APPEND`, under an
/// exclusive `flock`), its mode is kept (and must be 0600), a name already there is refused,
/// and a missing folder is created 0700.
package enum CredentialsAppender {
    /// Appends `section` (a rendered `[name]` profile) to `path` unless `name` is taken.
    package static func append(
        _ section: String, name: String, to path: String, waiting seconds: Double = 5
    ) throws(ExclusiveFile.Failure) {
        do throws(PrivateFile.Failure) {
            // Another writer (the Momento CLI, a second console, another migrate) is waited
            // for a few seconds.
            try PrivateFile.appending(path, readable: true, waiting: seconds) {
                file throws(PrivateFile.Failure) in
                do throws(ExclusiveFile.Failure) {
                    try appendLocked(section, name: name, to: file, path: path)
                } catch {
                    throw .cannotWrite(path, error.description)
                }
            }
        } catch .cannotWrite(_, let reason) {
            throw .refused(reason)
        } catch .locked {
            throw .refused(
                "\(path) stayed locked by another program for \(Int(seconds.rounded(.up))) s;"
                    + " try again.")
        } catch {
            throw ExclusiveFile.Failure(error)
        }
    }

    /// Appends `section` to the locked `file` unless `name` is taken there.
    private static func appendLocked(
        _ section: String, name: String, to file: FileDescriptor, path: String
    ) throws(ExclusiveFile.Failure) {
        var status = stat()
        guard fstat(file.rawValue, &status) == 0 else {
            throw .cannotWrite(path, String(cString: strerror(errno)))
        }
        try requirePrivate(status, path: path)
        let existing = read(file, size: Int(status.st_size))
        try requireAbsent(name, in: existing, path: path)
        // A blank line between profiles; a last line without its newline gets one first
        // (the last byte decides: "\r\n" is one Character to Swift).
        let separator = existing.isEmpty ? "" : existing.last == 0x0A ? "\n" : "\n\n"
        var bytes = Array((separator + section).utf8)
        defer { for index in bytes.indices { bytes[index] = 0 } }
        do {
            _ = try file.writeAll(bytes)
            guard fsync(file.rawValue) == 0 else { throw Errno(rawValue: errno) }
        } catch {
            // Half a profile would break the file and block a retry: cut back to what was.
            _ = ftruncate(file.rawValue, status.st_size)
            throw .cannotWrite(path, "\(error); nothing was changed")
        }
    }

    /// Whether `name` could be appended to `path` now: checked before a key is created for
    /// it, so that a refusal creates nothing. ``append(_:name:to:)`` checks again.
    package static func check(name: String, path: String) throws(ExclusiveFile.Failure) {
        var status = stat()
        if lstat(path, &status) != 0 {
            if errno == ENOENT { return }
            throw .cannotWrite(path, String(cString: strerror(errno)))
        }
        try requirePrivate(status, path: path)
        let bytes: [UInt8]
        do {
            bytes = try CredentialResolver.contents(of: path) ?? []
        } catch {
            throw .refused(error.description)
        }
        try requireAbsent(name, in: bytes, path: path)
    }

    /// The file's text reads as a credentials file without a profile `name`, or why not.
    private static func requireAbsent(_ name: String, in bytes: [UInt8], path: String)
        throws(ExclusiveFile.Failure)
    {
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            throw .cannotWrite(path, "it is not UTF-8 text")
        }
        let parsed: INIFile
        do {
            parsed = try INIFile(parsing: text)
        } catch {
            throw .cannotWrite(path, "it cannot be read as a credentials file (\(error))")
        }
        guard parsed.section(name) == nil else {
            throw .refused("A profile named \(name) is already in \(path); nothing was changed.")
        }
    }

    /// A regular file of this user that only this user can read, or why not.
    private static func requirePrivate(_ status: stat, path: String) throws(ExclusiveFile.Failure) {
        guard status.st_mode & S_IFMT == S_IFREG, status.st_uid == geteuid() else {
            throw .refused("\(path) is not a regular file of yours; nothing was changed.")
        }
        let mode = status.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw .refused(
                "Others can read \(path) (mode \(String(mode, radix: 8))): chmod 600 it first;"
                    + " nothing was changed.")
        }
    }

    /// The file's bytes, read from the start (appends do not move a read position).
    private static func read(_ file: FileDescriptor, size: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: max(0, size))
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeMutableBytes {
                pread(file.rawValue, $0.baseAddress! + done, $0.count - done, off_t(done))
            }
            guard count > 0 else { break }
            done += count
        }
        return Array(bytes.prefix(done))
    }
}
