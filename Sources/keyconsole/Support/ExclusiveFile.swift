import Foundation

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

        var description: String {
            switch self {
            case .exists(let path): "\(path) already exists; refusing to overwrite it."
            case .cannotCreate(let path, let reason): "Cannot create \(path): \(reason)."
            case .cannotWrite(let path, let reason): "Cannot write \(path): \(reason)."
            }
        }
    }

    /// Creates `path` exclusively with mode 0600 and returns its descriptor.
    static func create(_ path: String) throws(Failure) -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let code = errno
            if code == EEXIST { throw .exists(path) }
            throw .cannotCreate(path, String(cString: strerror(code)))
        }
        return fd
    }

    /// Writes all of `text` to `fd` and closes it; on failure removes `path`.
    static func finish(_ fd: Int32, path: String, text: String) throws(Failure) {
        defer { close(fd) }
        var bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeMutableBytes { buffer in
                write(fd, buffer.baseAddress! + written, buffer.count - written)
            }
            if result < 0 {
                let reason = String(cString: strerror(errno))
                unlink(path)
                throw .cannotWrite(path, reason)
            }
            written += result
        }
        for index in bytes.indices { bytes[index] = 0 }
    }

    /// Creates `path` exclusively (0600) and writes `text` to it.
    static func store(_ text: String, at path: String) throws(Failure) {
        let fd = try create(path)
        try finish(fd, path: path, text: text)
    }
}
