import ConsoleUI
import MomentoKeys
import SystemPackage

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
        do {
            _ = try FileDescriptor.standardOutput.writeAll(text.utf8)
        } catch {
            throw CLIError("Cannot write to standard output: \(error).")
        }
    }

    /// Text for stdout, written 64 KiB at a time: long output never exists as one string.
    struct Buffered {
        private var pending: [UInt8] = []

        /// Adds `text`, writing what is pending once it passes 64 KiB.
        mutating func write(_ text: String) throws(CLIError) {
            pending.append(contentsOf: text.utf8)
            if pending.count >= 1 << 16 { try flush() }
        }

        /// Writes what is pending.
        mutating func flush() throws(CLIError) {
            guard !pending.isEmpty else { return }
            do {
                _ = try FileDescriptor.standardOutput.writeAll(pending)
            } catch {
                throw CLIError("Cannot write to standard output: \(error).")
            }
            pending.removeAll(keepingCapacity: true)
        }
    }

    /// Writes a question to stderr, with no line break after it.
    static func prompt(_ text: String) {
        _ = try? FileDescriptor.standardError.writeAll(TextSanitizer.inert(text).utf8)
    }

    /// Writes one line to stderr, with any control character from data made inert. A stderr
    /// that cannot take it has nowhere left to say so: the line is dropped.
    static func err(_ line: String) {
        _ = try? FileDescriptor.standardError.writeAll((TextSanitizer.inert(line) + "\n").utf8)
    }
}
