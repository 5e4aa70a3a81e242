/// Makes text from the server inert before it reaches a terminal: the one place that says which
/// characters are dangerous, used by the console and by every output format of the commands.
public enum TextSanitizer {
    /// Whether a terminal could act on `scalar`, or it changes what else is shown: C0 and C1
    /// controls, DEL, the bidi controls that reorder text, the line and paragraph separators,
    /// the interlinear annotation controls, and the zero-width and byte-order characters that
    /// would make two different descriptions look the same.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069: true
        case 0xFEFF: true
        case 0x2028, 0x2029, 0xFFF9...0xFFFB: true
        default: false
        }
    }

    /// Whether `text` is printable ASCII only (no control, no DEL): one column a byte, nothing
    /// to replace. The fast path of the sanitizer, the widths and the screen.
    @inlinable
    public static func isPrintableASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// `text` with every control character replaced by `�`, and line breaks and tabs by
    /// spaces, so a description cannot move the cursor, change colours or write to the
    /// clipboard. For the console, tables, CSV, Prometheus labels, text and error messages.
    public static func inert(_ text: String) -> String {
        // Printable ASCII (most text) has nothing to replace.
        if isPrintableASCII(text) { return text }
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D, 0x2028, 0x2029: out.append(" ")
            case _ where isControl(scalar): out.append("\u{FFFD}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// Encoded JSON with every control character that the encoder left raw (DEL, C1, bidi)
    /// written as a `\uXXXX` escape, so the data survives a round trip and no terminal acts on
    /// it. Such characters can only stand inside JSON strings, where the escape means the same.
    /// Raw C0 characters in encoded JSON are its own line breaks and indentation: kept.
    public static func escapingControlsInJSON(_ json: String) -> String {
        func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
            scalar.value > 0x1F && isControl(scalar)
        }
        // ASCII without DEL (most JSON) has nothing to escape.
        if json.utf8.allSatisfy({ $0 < 0x7F }) { return json }
        guard json.unicodeScalars.contains(where: needsEscape) else { return json }
        var out = ""
        for scalar in json.unicodeScalars {
            if needsEscape(scalar) {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
