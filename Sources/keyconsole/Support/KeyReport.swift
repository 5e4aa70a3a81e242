import ConsoleUI
import Foundation
import MomentoKeys

/// Keys rendered for scripts: JSON, CSV or a plain table.
struct KeyReport {
    let keys: [ApiKeyInfo]
    let roleNames: [String: String]
    let now: Date

    /// A key as scripts see it: the wire object plus `role_name` and `seconds_remaining`.
    private struct Row: Encodable {
        let key: ApiKeyInfo
        let roleName: String
        let secondsRemaining: Int64?

        enum ExtraKeys: String, CodingKey {
            case roleName = "role_name"
            case secondsRemaining = "seconds_remaining"
        }

        func encode(to encoder: any Encoder) throws {
            try key.encode(to: encoder)
            var container = encoder.container(keyedBy: ExtraKeys.self)
            try container.encode(roleName, forKey: .roleName)
            try container.encode(secondsRemaining, forKey: .secondsRemaining)
        }
    }

    private var rows: [Row] {
        keys.map {
            Row(
                key: $0, roleName: roleNames[$0.roleId] ?? $0.roleId,
                secondsRemaining: Countdown.secondsLeft($0, now: now))
        }
    }

    /// A JSON array of every key, or an error: never a partial or empty stand-in.
    func json() throws -> String {
        try JSONOutput.render(rows)
    }

    func csv() -> String {
        var out = "key_id,role_id,role_name,description,issued_at,expires_at,seconds_remaining\n"
        for row in rows {
            let fields = [
                row.key.keyId, row.key.roleId, row.roleName, row.key.description,
                Self.iso(row.key.issuedAtEpochSeconds),
                row.key.expiresAtEpochSeconds.map(Self.iso) ?? "",
                row.secondsRemaining.map(String.init) ?? "",
            ]
            out +=
                fields.map { Self.csvField(TextSanitizer.inert($0)) }.joined(separator: ",") + "\n"
        }
        return out
    }

    /// A table that fits `width` columns: the description takes what the others leave, and
    /// the expiry date goes when even that is too wide.
    func table(width: Int) -> String {
        var header = ["KEY ID", "ROLE", "EXPIRES (UTC)", "LEFT", "DESCRIPTION"]
        var rows = self.rows.map { row in
            [
                TextSanitizer.inert(row.key.keyId), TextSanitizer.inert(row.roleName),
                row.key.expiresAtEpochSeconds.map {
                    Self.iso($0).replacingOccurrences(of: "T", with: " ")
                        .replacingOccurrences(of: "Z", with: "")
                } ?? "-",
                Countdown.text(secondsLeft: row.secondsRemaining),
                TextSanitizer.inert(row.key.description),
            ]
        }
        func widths() -> [Int] {
            header.indices.map { column in
                ([header] + rows).map { DisplayWidth.of($0[column]) }.max() ?? 0
            }
        }
        var columns = widths()
        if columns.dropLast().reduce(0, +) + 2 * (columns.count - 1) + 11 > width {
            header.remove(at: 2)
            rows = rows.map { row in
                var row = row
                row.remove(at: 2)
                return row
            }
            columns = widths()
        }
        let fixed = columns.dropLast().reduce(0, +) + 2 * (columns.count - 1)
        columns[columns.count - 1] = max(11, min(columns.last!, width - fixed))
        var out = ""
        for line in [header] + rows {
            let cells = line.indices.map { column in
                column == line.count - 1
                    ? DisplayWidth.truncate(line[column], to: columns[column])
                    : DisplayWidth.pad(line[column], to: columns[column])
            }
            out += cells.joined(separator: "  ") + "\n"
        }
        return out
    }

    static func iso(_ seconds: Int64) -> String {
        Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(.iso8601)
    }

    /// Quotes a CSV field when needed; a leading =, +, - or @ is prefixed with ' so a
    /// spreadsheet does not run it as a formula.
    static func csvField(_ value: String) -> String {
        var value = value
        if let first = value.first, "=+-@".contains(first), Double(value) == nil {
            value = "'" + value
        }
        guard value.contains(where: { ",\"\n\r".contains($0) }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
