/// How many terminal columns text takes (a pure stand-in for `wcwidth`).
public enum DisplayWidth {
    /// Columns of one character: 0 for combining marks, 2 for wide (CJK, emoji), else 1.
    public static func of(_ character: Character) -> Int {
        // Printable ASCII, most of every frame, without looking up Unicode properties.
        if let ascii = character.asciiValue, ascii >= 0x20, ascii < 0x7F { return 1 }
        guard let first = character.unicodeScalars.first else { return 0 }
        if character.unicodeScalars.count > 1,
            character.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation })
        {
            return 2
        }
        return of(first)
    }

    /// Columns of one scalar.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value >= 0x20 && value < 0x7F { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if value == 0 { return 0 }
        if scalar.properties.isEmojiPresentation { return 2 }
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
            0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
            0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// Columns of a string.
    public static func of(_ text: String) -> Int {
        if TextSanitizer.isPrintableASCII(text) { return text.utf8.count }
        return text.reduce(0) { $0 + of($1) }
    }

    /// `text` cut to at most `width` columns, ending in `ellipsis` when it was cut.
    public static func truncate(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        guard of(text) > width else { return text }
        let room = width - of(ellipsis)
        guard room > 0 else { return String(ellipsis.prefix(width)) }
        var out = ""
        var used = 0
        for character in text {
            let w = of(character)
            if used + w > room { break }
            out.append(character)
            used += w
        }
        return out + ellipsis
    }

    /// `text` cut from the left to at most `width` columns, starting with `ellipsis` when it
    /// was cut: for paths, whose end (the file's name) matters most.
    public static func truncateLeading(_ text: String, to width: Int, ellipsis: String = "…")
        -> String
    {
        // `truncate` from the other end: characters (not code points) reversed and back.
        String(
            truncate(String(text.reversed()), to: width, ellipsis: String(ellipsis.reversed()))
                .reversed())
    }

    /// `text` padded with spaces (or cut) to exactly `width` columns.
    public static func pad(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        let cut = truncate(text, to: width, ellipsis: ellipsis)
        return cut + String(repeating: " ", count: max(0, width - of(cut)))
    }

    /// A host name on lines of `width` cells: whole when it fits, otherwise broken after its
    /// dots (words without dots are wrapped as ``wrap(_:width:words:)`` wraps them).
    public static func wrapHost(_ host: String, width: Int) -> [String] {
        guard of(host) > width else { return [host] }
        return wrap(host.replacingOccurrences(of: ".", with: ". "), width: width, words: true)
            .map { $0.replacingOccurrences(of: ". ", with: ".") }
    }

    /// Splits text into lines of at most `width` columns; with `words`, at spaces when it can.
    public static func wrap(_ text: String, width: Int, words: Bool = false) -> [String] {
        if words {
            var lines: [String] = []
            var current = ""
            for word in text.split(separator: " ") {
                let candidate = current.isEmpty ? String(word) : current + " " + word
                if of(candidate) <= width || current.isEmpty {
                    current = candidate
                } else {
                    lines.append(current)
                    current = String(word)
                }
            }
            // A word longer than a line is cut where the line ends.
            return (lines + (current.isEmpty ? [] : [current])).flatMap {
                of($0) > width ? wrap($0, width: width) : [$0]
            }
        }
        var lines: [String] = []
        var current = ""
        for character in text {
            if of(current) + of(character) > width {
                lines.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }
}
