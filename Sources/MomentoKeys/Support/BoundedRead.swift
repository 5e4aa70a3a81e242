import SystemPackage

/// Reads a whole input that must stay small (a key, a credentials file), so that a device or a
/// huge file can never make the process read without end.
public enum BoundedRead {
    /// Why the input was not read.
    public enum Failure: Error, Sendable, Hashable {
        /// More than `limit` bytes.
        case tooLarge(limit: Int)
        /// The system refused to read it.
        case failed(Errno)
    }

    /// Every byte from `file` to its end; more than `limit` bytes is an error.
    public static func all(from file: FileDescriptor, limit: Int) throws(Failure) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count: Int
            do {
                count = try chunk.withUnsafeMutableBytes { try file.read(into: $0) }
            } catch let error as Errno {
                throw .failed(error)
            } catch {
                throw .failed(.ioError)
            }
            if count == 0 { return bytes }
            guard bytes.count + count <= limit else { throw .tooLarge(limit: limit) }
            bytes += chunk[..<count]
        }
    }
}
