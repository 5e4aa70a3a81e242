/// Text as one word for a POSIX shell.
enum ShellQuote {
    /// `text` unchanged when it holds only characters a shell leaves alone, else in single
    /// quotes (a quote inside written `'\''`).
    static func quote(_ text: String) -> String {
        let plain =
            !text.isEmpty
            && text.unicodeScalars.allSatisfy {
                $0.isASCII
                    && ($0.properties.isAlphabetic || ("0"..."9").contains($0)
                        || "_./:@%+=,-".unicodeScalars.contains($0))
            }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
