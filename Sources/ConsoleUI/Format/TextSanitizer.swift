/// Makes text from the server inert before it reaches a terminal.
public enum TextSanitizer {
    /// `text` with C0 and C1 control characters, DEL and ESC replaced by `�`, and line
    /// breaks and tabs by spaces, so a description cannot move the cursor, change colours or
    /// write to the clipboard.
    public static func inert(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: out.append(" ")
            case 0x00...0x1F, 0x7F...0x9F: out.append("\u{FFFD}")
            case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: out.append("\u{FFFD}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
