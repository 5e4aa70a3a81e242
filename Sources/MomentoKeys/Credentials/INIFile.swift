/// A parsed INI file such as Momento CLI's `~/.momento/credentials`.
///
/// Sections are `[name]`; entries `key=value` or `key = value`; lines starting with `#` or `;`
/// are comments. Later duplicates win. A line that is none of these (an unclosed `[default`,
/// text without `=`, an entry before the first section) makes the file malformed.
public struct INIFile: Sendable, Hashable {
    /// Entries by section name, then by key.
    public private(set) var sections: [String: [String: String]] = [:]

    /// Why a text is not an INI file: the first line that is not understood.
    public struct Malformed: Error, Sendable, Hashable, CustomStringConvertible {
        /// The 1-based line number.
        public let line: Int
        /// What is wrong with it.
        public let reason: String

        /// `line 3: an unclosed [section header`.
        public var description: String { "line \(line): \(reason)" }
    }

    /// Parses INI text, refusing anything that is not a comment, a section header or an entry.
    public init(parsing text: String) throws(Malformed) {
        var current: String?
        var number = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            number += 1
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count >= 2 else {
                    throw Malformed(line: number, reason: "an unclosed [section] header")
                }
                let name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty, !name.contains(where: { "[]".contains($0) }) else {
                    throw Malformed(line: number, reason: "a malformed [section] header")
                }
                current = name
                sections[name, default: [:]] = sections[name] ?? [:]
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw Malformed(line: number, reason: "neither a [section] nor a key=value entry")
            }
            guard let section = current else {
                throw Malformed(line: number, reason: "an entry before the first [section]")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else {
                throw Malformed(line: number, reason: "an entry without a name before =")
            }
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            sections[section, default: [:]][key] = value
        }
    }

    /// The entries of one section, or `nil` when the file has no such section.
    public func section(_ name: String) -> [String: String]? {
        sections[name]
    }
}
