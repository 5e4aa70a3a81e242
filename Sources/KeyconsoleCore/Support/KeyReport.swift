import Foundation
import MomentoKeys
import TextKit

/// Keys rendered for scripts: JSON, CSV or a plain table, written row by row (a 10,000-key
/// list never exists as one string).
package struct KeyReport {
    package let keys: [ApiKeyInfo]
    package let roleNames: [String: String]
    package let now: Date

    /// The report of `keys` at `now`.
    package init(keys: [ApiKeyInfo], roleNames: [String: String], now: Date) {
        self.keys = keys
        self.roleNames = roleNames
        self.now = now
    }

    /// A key as scripts see it: the wire object plus `role_name` and `seconds_remaining`.
    package struct Row: Encodable {
        package let key: ApiKeyInfo
        package let roleName: String
        package let secondsRemaining: Int64?

        package enum ExtraKeys: String, CodingKey {
            case roleName = "role_name"
            case secondsRemaining = "seconds_remaining"
        }

        package func encode(to encoder: any Encoder) throws {
            try key.encode(to: encoder)
            var container = encoder.container(keyedBy: ExtraKeys.self)
            try container.encode(roleName, forKey: .roleName)
            try container.encode(secondsRemaining, forKey: .secondsRemaining)
        }
    }

    package func row(_ key: ApiKeyInfo) -> Row {
        Row(
            key: key, roleName: roleNames[key.roleId] ?? key.roleId,
            secondsRemaining: Countdown.secondsLeft(key, now: now))
    }

    /// A JSON array of every key, as `JSONEncoder` would print the whole array (pretty,
    /// sorted keys), one object encoded at a time. A row cannot fail to encode (strings and
    /// integers only); were one to, nothing is written past the rows before it.
    package func writeJSON(to sink: (String) throws -> Void) throws {
        guard !keys.isEmpty else { return try sink("[\n\n]\n") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try sink("[\n")
        for (index, key) in keys.enumerated() {
            // Indented as an element of the array: two spaces after each line break.
            let encoded = try encoder.encode(row(key))
            var bytes: [UInt8] = [0x20, 0x20]
            bytes.reserveCapacity(encoded.count + 64)
            encoded.withUnsafeBytes { raw in
                for byte in raw {
                    bytes.append(byte)
                    if byte == 0x0A { bytes += [0x20, 0x20] }
                }
            }
            let indented = String(decoding: bytes, as: UTF8.self)
            try sink(
                TextSanitizer.escapingControlsInJSON(indented)
                    + (index == keys.count - 1 ? "\n" : ",\n"))
        }
        try sink("]\n")
    }

    /// The whole JSON array as one string (small lists, tests).
    package func json() throws -> String {
        var out = ""
        try writeJSON { out += $0 }
        return String(out.dropLast())
    }

    /// CSV with a header line, a line per key.
    package func writeCSV(to sink: (String) throws -> Void) rethrows {
        try sink("key_id,role_id,role_name,description,issued_at,expires_at,seconds_remaining\n")
        for key in keys {
            let row = row(key)
            let fields = [
                row.key.keyId, row.key.roleId, row.roleName, row.key.description,
                Self.iso(row.key.issuedAtEpochSeconds),
                row.key.expiresAtEpochSeconds.map(Self.iso) ?? "",
                row.secondsRemaining.map(String.init) ?? "",
            ]
            try sink(
                fields.map { Self.csvField(TextSanitizer.inert($0)) }.joined(separator: ",") + "\n")
        }
    }

    package func csv() -> String {
        var out = ""
        writeCSV { out += $0 }
        return out
    }

    /// A table that fits `width` columns: the description takes what the others leave, and
    /// the expiry date goes when even that is too wide. Two passes: the widths, then the rows.
    package func writeTable(width: Int, to sink: (String) throws -> Void) rethrows {
        var header = ["KEY ID", "ROLE", "EXPIRES (UTC)", "LEFT", "DESCRIPTION"]
        var columns = header.map(DisplayWidth.of)
        for key in keys {
            for (column, cell) in cells(key).enumerated() {
                columns[column] = max(columns[column], DisplayWidth.of(cell))
            }
        }
        let dropExpiry = columns.dropLast().reduce(0, +) + 2 * (columns.count - 1) + 11 > width
        if dropExpiry {
            header.remove(at: 2)
            columns.remove(at: 2)
        }
        let fixed = columns.dropLast().reduce(0, +) + 2 * (columns.count - 1)
        columns[columns.count - 1] = max(11, min(columns.last!, width - fixed))
        func line(_ line: [String]) -> String {
            line.indices.map { column in
                column == line.count - 1
                    ? DisplayWidth.truncate(line[column], to: columns[column])
                    : DisplayWidth.pad(line[column], to: columns[column])
            }.joined(separator: "  ") + "\n"
        }
        try sink(line(header))
        for key in keys {
            var row = cells(key)
            if dropExpiry { row.remove(at: 2) }
            try sink(line(row))
        }
    }

    package func table(width: Int) -> String {
        var out = ""
        writeTable(width: width) { out += $0 }
        return out
    }

    /// The table's cells of one key, inert.
    private func cells(_ key: ApiKeyInfo) -> [String] {
        let row = row(key)
        return [
            TextSanitizer.inert(row.key.keyId), TextSanitizer.inert(row.roleName),
            row.key.expiresAtEpochSeconds.map {
                Self.iso($0).replacingOccurrences(of: "T", with: " ")
                    .replacingOccurrences(of: "Z", with: "")
            } ?? "-",
            Countdown.text(secondsLeft: row.secondsRemaining),
            TextSanitizer.inert(row.key.description),
        ]
    }

    package static func iso(_ seconds: Int64) -> String {
        Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(.iso8601)
    }

    /// Quotes a CSV field when needed; a leading =, +, - or @ is prefixed with ' so a
    /// spreadsheet does not run it as a formula.
    package static func csvField(_ value: String) -> String {
        var value = value
        if let first = value.first, "=+-@".contains(first), Double(value) == nil {
            value = "'" + value
        }
        guard value.contains(where: { ",\"\n\r".contains($0) }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
