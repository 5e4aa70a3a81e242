import ConsoleUI
import Foundation

/// Writes to stdout and stderr directly, unbuffered, so lines arrive in order and at once.
enum Output {
    static func out(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Writes text as it is (no newline added).
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes one line to stderr, with any control character from data made inert.
    static func err(_ line: String) {
        FileHandle.standardError.write(Data((TextSanitizer.inert(line) + "\n").utf8))
    }
}
