/// A parsed INI file such as Momento CLI's `~/.momento/credentials`.
///
/// Sections are `[name]`; entries `key=value` or `key = value`; lines starting with `#` or `;`
/// are comments. Later duplicates win.
public struct INIFile: Sendable, Hashable {
    /// Entries by section name, then by key.
    public private(set) var sections: [String: [String: String]] = [:]

    /// Parses INI text.
    public init(parsing text: String) {
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                let name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                current = name
                sections[name, default: [:]] = sections[name] ?? [:]
                continue
            }
            guard let section = current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            sections[section, default: [:]][key] = value
        }
    }

    /// The entries of one section, or `nil` when the file has no such section.
    public func section(_ name: String) -> [String: String]? {
        sections[name]
    }
}
