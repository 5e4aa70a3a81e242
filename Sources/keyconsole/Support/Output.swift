import ConsoleUI
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes to stdout and stderr directly, unbuffered, so lines arrive in order and at once.
///
/// A stdout that cannot take the text (a full disk, a closed pipe) is an error the command
/// reports, never a crash.
enum Output {
    /// Writes a line to stdout.
    static func out(_ line: String) throws(CLIError) {
        try write(line + "\n")
    }

    /// Writes text to stdout as it is (no newline added).
    static func write(_ text: String) throws(CLIError) {
        if let reason = writeAll(Array(text.utf8), to: 1) {
            throw CLIError("Cannot write to standard output: \(reason).")
        }
    }

    /// Writes one line to stderr, with any control character from data made inert. A stderr
    /// that cannot take it has nowhere left to say so: the line is dropped.
    static func err(_ line: String) {
        _ = writeAll(Array((TextSanitizer.inert(line) + "\n").utf8), to: 2)
    }

    /// Writes every byte, retrying after interruptions; the reason when it cannot.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> String? {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                systemWrite(descriptor, $0.baseAddress, $0.count)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            offset += written
        }
        return nil
    }
}

/// write(2), named apart from ``Output/write(_:)``.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(descriptor, buffer, count)
    #else
        Darwin.write(descriptor, buffer, count)
    #endif
}
