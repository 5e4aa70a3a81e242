import ConsoleUI
import Foundation
import MomentoKeys

/// Keys rendered for scripts: JSON, CSV or a plain table.
struct KeyReport {
    let keys: [ApiKeyInfo]
    let roleNames: [String: String]
    let now: Date

    private struct Row: Encodable {
        let keyId: String
        let accountId: String
        let description: String
        let roleId: String
        let roleName: String
        let issuedAtEpochSeconds: Int64
        let expiresAtEpochSeconds: Int64?
        let secondsRemaining: Int64?

        enum CodingKeys: String, CodingKey {
            case keyId = "key_id"
            case accountId = "account_id"
            case description
            case roleId = "role_id"
            case roleName = "role_name"
            case issuedAtEpochSeconds = "issued_at_epoch_seconds"
            case expiresAtEpochSeconds = "expires_at_epoch_seconds"
            case secondsRemaining = "seconds_remaining"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(keyId, forKey: .keyId)
            try container.encode(accountId, forKey: .accountId)
            try container.encode(description, forKey: .description)
            try container.encode(roleId, forKey: .roleId)
            try container.encode(roleName, forKey: .roleName)
            try container.encode(issuedAtEpochSeconds, forKey: .issuedAtEpochSeconds)
            try container.encodeIfPresent(expiresAtEpochSeconds, forKey: .expiresAtEpochSeconds)
            try container.encode(secondsRemaining, forKey: .secondsRemaining)
        }
    }

    private var rows: [Row] {
        keys.map {
            Row(
                keyId: $0.keyId, accountId: $0.accountId, description: $0.description,
                roleId: $0.roleId, roleName: roleNames[$0.roleId] ?? $0.roleId,
                issuedAtEpochSeconds: $0.issuedAtEpochSeconds,
                expiresAtEpochSeconds: $0.expiresAtEpochSeconds,
                secondsRemaining: Countdown.secondsLeft($0, now: now))
        }
    }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(rows)) ?? Data("[]".utf8), as: UTF8.self)
    }

    func csv() -> String {
        var out = "key_id,role_id,role_name,description,issued_at,expires_at,seconds_remaining\n"
        for row in rows {
            let fields = [
                row.keyId, row.roleId, row.roleName, row.description,
                Self.iso(row.issuedAtEpochSeconds), row.expiresAtEpochSeconds.map(Self.iso) ?? "",
                row.secondsRemaining.map(String.init) ?? "",
            ]
            out += fields.map(Self.csvField).joined(separator: ",") + "\n"
        }
        return out
    }

    func table(width: Int) -> String {
        var out = ""
        for row in rows {
            let countdown = Countdown.text(secondsLeft: row.secondsRemaining)
            out +=
                "\(row.keyId)  \(row.roleName)  \(countdown)  \(TextSanitizer.inert(row.description))\n"
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
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { ",\"\n\r".contains($0) }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
