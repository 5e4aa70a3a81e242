/// A parsed env file (`KEY=value` lines, as dotenv, systemd and Docker read them): `export `
/// before a name, single or double quotes around a value, `#` comments and blank lines.
/// Lines it does not understand are skipped; no error ever quotes a line, which may hold a key.
public struct EnvFile: Sendable, Hashable {
    /// The values by name; a later line wins.
    public private(set) var values: [String: String] = [:]

    /// Parses env-file text.
    public init(parsing text: String) {
        for rawLine in text.split(whereSeparator: \.isNewline) {
            var line = Substring(rawLine).drop { $0 == " " || $0 == "\t" }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = line.dropFirst("export ".count) }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !name.contains(" ") else { continue }
            values[name] = Self.value(line[line.index(after: equals)...])
        }
    }

    /// A value without its quotes; unquoted, without a trailing ` # comment`.
    private static func value(_ raw: Substring) -> String {
        let text = raw.trimmingCharacters(in: .whitespaces)
        for quote in ["\"", "'"] where text.hasPrefix(quote) {
            let rest = text.dropFirst()
            if let end = rest.firstIndex(of: Character(quote)) { return String(rest[..<end]) }
            return String(rest)
        }
        if let comment = text.range(of: " #") { return String(text[..<comment.lowerBound]) }
        return text
    }
}
