import Foundation
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes secrets to files the user asked for: created exclusively (`O_CREAT|O_EXCL`) with
/// mode 0600, so an existing file is never overwritten and nobody else can read the new one.
enum ExclusiveFile {
    /// Why a file was not written.
    enum Failure: Error, CustomStringConvertible {
        case exists(String)
        case cannotCreate(String, String)
        case cannotWrite(String, String)
        /// Refused for the reason given, which names the file.
        case refused(String)

        var description: String {
            switch self {
            case .exists(let path): "\(path) already exists; refusing to overwrite it."
            case .cannotCreate(let path, let reason): "Cannot create \(path): \(reason)."
            case .cannotWrite(let path, let reason): "Cannot write \(path): \(reason)."
            case .refused(let reason): reason
            }
        }
    }

    /// Creates `path` exclusively with mode 0600 and returns its descriptor.
    static func create(_ path: String) throws(Failure) -> FileDescriptor {
        do {
            return try FileDescriptor.open(
                FilePath(path), .writeOnly, options: [.create, .exclusiveCreate, .closeOnExec],
                permissions: .ownerReadWrite)
        } catch Errno.fileExists {
            throw .exists(path)
        } catch {
            throw .cannotCreate(path, "\(error)")
        }
    }

    /// Writes all of `text` to `file` and closes it; on failure removes `path`.
    static func finish(_ file: FileDescriptor, path: String, text: String) throws(Failure) {
        defer { try? file.close() }
        var bytes = Array(text.utf8)
        defer { for index in bytes.indices { bytes[index] = 0 } }
        do {
            _ = try file.writeAll(bytes)
        } catch {
            unlink(path)
            throw .cannotWrite(path, "\(error)")
        }
    }

    /// Creates `path` exclusively (0600) and writes `text` to it.
    static func store(_ text: String, at path: String) throws(Failure) {
        let fd = try create(path)
        try finish(fd, path: path, text: text)
    }
}
