import Foundation
import MomentoKeys
import TextKit

/// Keys rendered for scripts: JSON, CSV or a plain table, written row by row (a 10,000-key
/// list never exists as one string).
package struct KeyReport {
    package let keys: [ApiKeyInfo]
    package let roleNames: [String: String]
    package let now: Date
    /// The fields asked for (`--fields`), or `nil` for each format's own.
    package let fields: [Field]?
    /// The profile of each key, in the order of `keys`, when the report is of several
    /// accounts (`nil`: one account, and no `profile` field or column).
    package let profiles: [String]?
    /// Each account's role names by id, by profile (custom role ids differ between accounts).
    package let accountRoleNames: [String: [String: String]]

    /// The report of `keys` at `now`, of `fields` when given; `profiles` names each key's
    /// account when there are several.
    package init(
        keys: [ApiKeyInfo], roleNames: [String: String], now: Date, fields: [Field]? = nil,
        profiles: [String]? = nil, accountRoleNames: [String: [String: String]] = [:]
    ) {
        self.accountRoleNames = accountRoleNames
        self.keys = keys
        self.roleNames = roleNames
        self.now = now
        self.fields = fields
        self.profiles = profiles
    }

    /// The name of `key`'s role in its account.
    private func roleName(_ key: ApiKeyInfo, profile: String?) -> String {
        profile.flatMap { accountRoleNames[$0]?[key.roleId] } ?? roleNames[key.roleId]
            ?? key.roleId
    }

    /// The profile of the key at `index`, when the report is of several accounts.
    private func profile(at index: Int) -> String? {
        guard let profiles, profiles.indices.contains(index) else { return nil }
        return profiles[index]
    }

    /// A field of a key for scripts, by its JSON name.
    package enum Field: String, CaseIterable, Sendable, CodingKey {
        case keyId = "key_id"
        case accountId = "account_id"
        case roleId = "role_id"
        case roleName = "role_name"
        case description
        case issuedAt = "issued_at"
        case issuedAtEpochSeconds = "issued_at_epoch_seconds"
        case expiresAt = "expires_at"
        case expiresAtEpochSeconds = "expires_at_epoch_seconds"
        case secondsRemaining = "seconds_remaining"
        /// The account's profile, with several accounts.
        case profile

        /// The columns of CSV without `--fields`.
        package static let csv: [Field] = [
            .keyId, .roleId, .roleName, .description, .issuedAt, .expiresAt, .secondsRemaining,
        ]

        /// The fields of `list` (`a,b,c`), or why the list is not one.
        package static func parse(_ text: String) -> Result<[Field], CLIError> {
            var fields: [Field] = []
            for name in text.split(separator: ",", omittingEmptySubsequences: false) {
                let trimmed = name.trimmingCharacters(in: .whitespaces)
                guard let field = Field(rawValue: trimmed) else {
                    return .failure(
                        CLIError(
                            "No field \"\(TextSanitizer.inert(trimmed))\"; the fields are "
                                + allCases.map(\.rawValue).joined(separator: ", ")))
                }
                if !fields.contains(field) { fields.append(field) }
            }
            return .success(fields)
        }
    }

    /// A field's value: text, a whole number, or none.
    package enum Value: Encodable, Equatable {
        case text(String)
        case number(Int64)
        case none

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .number(let number): try container.encode(number)
            case .none: try container.encodeNil()
            }
        }
    }

    /// The value of `field` for `key` (of the account of `profile`); dates in ISO 8601 UTC
    /// beside their epoch seconds.
    package func value(_ field: Field, of key: ApiKeyInfo, profile: String? = nil) -> Value {
        switch field {
        case .profile: profile.map(Value.text) ?? .none
        case .keyId: .text(key.keyId)
        case .accountId: .text(key.accountId)
        case .roleId: .text(key.roleId)
        case .roleName: .text(roleName(key, profile: profile))
        case .description: .text(key.description)
        case .issuedAt: .text(DateText.iso8601(epochSeconds: key.issuedAtEpochSeconds))
        case .issuedAtEpochSeconds: .number(key.issuedAtEpochSeconds)
        case .expiresAt:
            key.expiresAtEpochSeconds.map { .text(DateText.iso8601(epochSeconds: $0)) } ?? .none
        case .expiresAtEpochSeconds: key.expiresAtEpochSeconds.map(Value.number) ?? .none
        case .secondsRemaining: Countdown.secondsLeft(key, now: now).map(Value.number) ?? .none
        }
    }

    /// A key as scripts see it: the wire object plus `role_name`, `seconds_remaining` and the
    /// dates in ISO 8601 (`issued_at`, `expires_at`, null when it never expires); or the
    /// fields asked for.
    package struct Row: Encodable {
        package let key: ApiKeyInfo
        package let values: [(Field, Value)]
        package let wholeKey: Bool

        package func encode(to encoder: any Encoder) throws {
            if wholeKey { try key.encode(to: encoder) }
            var container = encoder.container(keyedBy: Field.self)
            for (field, value) in values { try container.encode(value, forKey: field) }
        }
    }

    /// The JSON fields added to the wire object when no fields are asked for.
    private static let added: [Field] = [.roleName, .secondsRemaining, .issuedAt, .expiresAt]

    package func row(_ key: ApiKeyInfo, profile: String? = nil) -> Row {
        let chosen = fields ?? (profiles == nil ? Self.added : [.profile] + Self.added)
        return Row(
            key: key, values: chosen.map { ($0, value($0, of: key, profile: profile)) },
            wholeKey: fields == nil)
    }

    /// The wire object's fields, as `ApiKeyInfo` encodes them (no expiry when it never
    /// expires).
    private static let wire: [Field] = ApiKeyInfo.CodingKeys.allCases.compactMap {
        Field(rawValue: $0.rawValue)
    }

    /// The fields of `key`'s row and their values, sorted by name as `JSONEncoder`'s
    /// `.sortedKeys` sorts them.
    func pairs(_ key: ApiKeyInfo, profile: String? = nil) -> [(Field, Value)] {
        var pairs = row(key, profile: profile).values
        if fields == nil {
            for field in Self.wire
            where field != .expiresAtEpochSeconds
                || key.expiresAtEpochSeconds != nil
            {
                pairs.append((field, value(field, of: key)))
            }
        }
        return pairs.sorted { $0.0.rawValue.utf8.lexicographicallyPrecedes($1.0.rawValue.utf8) }
    }

    /// A JSON array of every key, byte for byte as `JSONEncoder` prints the whole array
    /// (pretty, sorted keys, slashes as they are), written a row at a time and by hand:
    /// `JSONEncoder` was most of the time a 10,000-key list took.
    package func writeJSON(to sink: (String) throws -> Void) throws {
        guard !keys.isEmpty else { return try sink("[\n\n]\n") }
        try sink("[\n")
        var bytes: [UInt8] = []
        for (index, key) in keys.enumerated() {
            bytes.removeAll(keepingCapacity: true)
            let pairs = pairs(key, profile: profile(at: index))
            bytes += Array("  {\n".utf8)
            if pairs.isEmpty { bytes += [0x20, 0x20, 0x0A] }
            for (number, (field, value)) in pairs.enumerated() {
                bytes += [0x20, 0x20, 0x20, 0x20]
                Self.appendString(field.rawValue, to: &bytes)
                bytes += [0x20, 0x3A, 0x20]  // " : "
                switch value {
                case .text(let text): Self.appendString(text, to: &bytes)
                case .number(let number): bytes += Array(String(number).utf8)
                case .none: bytes += Array("null".utf8)
                }
                bytes += number == pairs.count - 1 ? [0x0A] : [0x2C, 0x0A]
            }
            bytes += Array("  }".utf8)
            bytes += index == keys.count - 1 ? [0x0A] : [0x2C, 0x0A]
            try sink(
                TextSanitizer.escapingControlsInJSON(String(decoding: bytes, as: UTF8.self)))
        }
        try sink("]\n")
    }

    /// `text` as a JSON string, escaped as `JSONEncoder` escapes it: `"`, `\\`, and the
    /// characters below U+0020 (`\b \t \n \f \r`, the others `\u00xx`).
    static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(0x22)
        for byte in text.utf8 {
            switch byte {
            case 0x22: bytes += [0x5C, 0x22]
            case 0x5C: bytes += [0x5C, 0x5C]
            case 0x08: bytes += [0x5C, UInt8(ascii: "b")]
            case 0x09: bytes += [0x5C, UInt8(ascii: "t")]
            case 0x0A: bytes += [0x5C, UInt8(ascii: "n")]
            case 0x0C: bytes += [0x5C, UInt8(ascii: "f")]
            case 0x0D: bytes += [0x5C, UInt8(ascii: "r")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(0x22)
    }

    /// The whole JSON array as one string (small lists, tests).
    package func json() throws -> String {
        var out = ""
        try writeJSON { out += $0 }
        return String(out.dropLast())
    }

    /// CSV with a header line, a line per key.
    package func writeCSV(to sink: (String) throws -> Void) rethrows {
        let columns = fields ?? (profiles == nil ? Field.csv : [.profile] + Field.csv)
        try sink(columns.map(\.rawValue).joined(separator: ",") + "\n")
        for (index, key) in keys.enumerated() {
            let cells = columns.map { field -> String in
                switch value(field, of: key, profile: profile(at: index)) {
                case .text(let text): Self.csvField(TextSanitizer.inert(text))
                case .number(let number): String(number)
                case .none: ""
                }
            }
            try sink(cells.joined(separator: ",") + "\n")
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
        if profiles != nil { header.insert("ACCOUNT", at: 0) }
        let expiry = profiles == nil ? 2 : 3
        var columns = header.map(DisplayWidth.of)
        for (index, key) in keys.enumerated() {
            for (column, cell) in cells(key, at: index).enumerated() {
                columns[column] = max(columns[column], DisplayWidth.of(cell))
            }
        }
        let dropExpiry = columns.dropLast().reduce(0, +) + 2 * (columns.count - 1) + 11 > width
        if dropExpiry {
            header.remove(at: expiry)
            columns.remove(at: expiry)
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
        for (index, key) in keys.enumerated() {
            var row = cells(key, at: index)
            if dropExpiry { row.remove(at: expiry) }
            try sink(line(row))
        }
    }

    package func table(width: Int) -> String {
        var out = ""
        writeTable(width: width) { out += $0 }
        return out
    }

    /// The table's cells of one key, the key at `index`, inert.
    private func cells(_ key: ApiKeyInfo, at index: Int) -> [String] {
        (profiles == nil ? [] : [TextSanitizer.inert(profile(at: index) ?? "")]) + [
            TextSanitizer.inert(key.keyId),
            TextSanitizer.inert(roleName(key, profile: profile(at: index))),
            key.expiresAtEpochSeconds.map {
                Self.iso($0).replacingOccurrences(of: "T", with: " ")
                    .replacingOccurrences(of: "Z", with: "")
            } ?? "-",
            Countdown.text(secondsLeft: Countdown.secondsLeft(key, now: now)),
            TextSanitizer.inert(key.description),
        ]
    }

    package static func iso(_ seconds: Int64) -> String {
        DateText.iso8601(epochSeconds: seconds)
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
