import Foundation
import MomentoKeys
import TextKit

/// `keyconsole report`: every key of the account with its dates, its findings under the
/// policy and what the audit journal knows of it, with the time, the account, the policy in
/// force and a summary, as CSV, JSON or Markdown. Inert: no control character from data, no
/// spreadsheet formula, no Markdown markup.
package struct CredentialReport: Encodable, Sendable {
    /// One key's row.
    package struct Row: Encodable, Sendable {
        package let profile: String?
        package let keyId: String
        package let roleName: String
        package let description: String
        package let issued: String
        package let expires: String?
        package let ageDays: Int64
        package let lifetimeDays: Int64?
        package let findings: [PolicyFinding]
        package let history: KeyHistory?

        enum CodingKeys: String, CodingKey {
            case profile, description, issued, expires, findings, history
            case keyId = "key_id"
            case roleName = "role_name"
            case ageDays = "age_days"
            case lifetimeDays = "lifetime_days"
            case madeElsewhere = "made_elsewhere"
        }

        /// Every field present: `expires` and `lifetime_days` null for a key that never
        /// expires, `made_elsewhere` true for a key the journal did not see made.
        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(profile, forKey: .profile)
            try container.encode(keyId, forKey: .keyId)
            try container.encode(roleName, forKey: .roleName)
            try container.encode(description, forKey: .description)
            try container.encode(issued, forKey: .issued)
            try container.encode(expires, forKey: .expires)
            try container.encode(ageDays, forKey: .ageDays)
            try container.encode(lifetimeDays, forKey: .lifetimeDays)
            try container.encode(findings, forKey: .findings)
            try container.encodeIfPresent(history, forKey: .history)
            try container.encode(!(history?.known ?? false), forKey: .madeElsewhere)
        }
    }

    /// One account's part of the report.
    package struct Account: Encodable, Sendable {
        package let profile: String?
        package let backend: BackendSummary
        package let accountId: String?
        package let rows: [Row]
        package let policy: PolicyDocument.Account

        enum CodingKeys: String, CodingKey {
            case profile, backend, policy
            case accountId = "account_id"
        }
    }

    /// The counts at the end: keys, keys with findings, findings by rule, keys that never
    /// expire, expired keys, keys the journal does not know.
    package struct Summary: Encodable, Sendable {
        package var keys = 0
        package var keysWithFindings = 0
        package var findings: [String: Int] = [:]
        package var neverExpire = 0
        package var expired = 0
        package var madeElsewhere = 0

        enum CodingKeys: String, CodingKey {
            case keys, findings, expired
            case keysWithFindings = "keys_with_findings"
            case neverExpire = "never_expire"
            case madeElsewhere = "made_elsewhere"
        }
    }

    /// When the report was made (ISO 8601).
    package let generatedAt: String
    /// The config the policy was read from.
    package let config: String
    package let accounts: [Account]
    package let keys: [Row]
    package let summary: Summary

    enum CodingKeys: String, CodingKey {
        case config, accounts, keys, summary
        case generatedAt = "generated_at"
    }

    /// One account's keys, judged at `now`.
    package struct Input: Sendable {
        package var profile: String?
        package var backend: BackendSummary
        package var accountId: String?
        package var keys: [ApiKeyInfo]
        package var roleNames: [String: String]
        package var rotations: [KeptRotation]
        package var policy: AccountPolicy

        package init(
            profile: String?, backend: BackendSummary, accountId: String?, keys: [ApiKeyInfo],
            roleNames: [String: String], rotations: [KeptRotation], policy: AccountPolicy
        ) {
            self.profile = profile
            self.backend = backend
            self.accountId = accountId
            self.keys = keys
            self.roleNames = roleNames
            self.rotations = rotations
            self.policy = policy
        }
    }

    /// The report of `inputs` at `now`, with what `journal` knows of each key.
    package init(
        _ inputs: [Input], journal: [AuditEntry], policy: Policy, config: String, now: Date
    ) {
        generatedAt = DateText.iso8601(now)
        self.config = config
        var summary = Summary()
        var rows: [Row] = []
        var accounts: [Account] = []
        let nowSeconds = Int64(now.timeIntervalSince1970.rounded(.down))
        for input in inputs {
            var check = ExpiryCheck(
                keys: input.keys, roleNames: input.roleNames, now: now, warnSeconds: 0,
                critSeconds: 0)
            check.rotations(input.rotations)
            check.judge(input.policy)
            let histories = KeyHistory.of(journal, accountId: input.accountId)
            var accountRows: [Row] = []
            for key in input.keys.sorted(by: { $0.keyId < $1.keyId }) {
                let found = check.findings[key.keyId] ?? []
                // Only events the journal recorded make an entry: never an empty history.
                let history = histories[key.keyId]
                accountRows.append(
                    Row(
                        profile: input.profile, keyId: key.keyId,
                        roleName: input.roleNames[key.roleId] ?? key.roleId,
                        description: key.description, issued: DateText.iso8601(key.issuedAt),
                        expires: key.expiresAt.map(DateText.iso8601),
                        ageDays: key.ageSeconds(at: nowSeconds) / 86400,
                        lifetimeDays: key.expiresAtEpochSeconds.map { _ in
                            (key.lifetimeSeconds ?? 0) / 86400
                        }, findings: found, history: history))
                summary.keys += 1
                if !found.isEmpty { summary.keysWithFindings += 1 }
                for finding in found { summary.findings[finding.rule.rawValue, default: 0] += 1 }
                if let expires = key.expiresAtEpochSeconds {
                    if expires <= nowSeconds { summary.expired += 1 }
                } else {
                    summary.neverExpire += 1
                }
                if !(history?.known ?? false) { summary.madeElsewhere += 1 }
            }
            // The policy the keys were judged by: their account's profile's, named or not.
            let document = PolicyDocument(
                policy, profiles: [input.policy.profile], config: config)
            accounts.append(
                Account(
                    profile: input.profile, backend: input.backend, accountId: input.accountId,
                    rows: accountRows, policy: document.accounts[0]))
            rows += accountRows
        }
        self.accounts = accounts
        keys = rows
        self.summary = summary
    }

    /// Whether rows name their profile (several accounts).
    private var several: Bool { accounts.count > 1 }

    /// The columns, in order.
    package static let columns = [
        "key_id", "role_name", "description", "issued", "expires", "age_days", "lifetime_days",
        "findings", "made_by", "made_at", "acting_key_id", "replaced_key_id",
        "replaced_by_key_id", "stored_in", "policy_override",
    ]

    /// A row's cells in the order of ``columns`` (with the profile first for several).
    private func cells(_ row: Row) -> [String] {
        let history = row.history
        let made = history.flatMap { $0.known ? $0.madeBy : nil } ?? "made elsewhere"
        return (several ? [row.profile ?? ""] : []) + [
            row.keyId, row.roleName, row.description, row.issued, row.expires ?? "never",
            "\(row.ageDays)", row.lifetimeDays.map { "\($0)" } ?? "never",
            row.findings.map(\.text).joined(separator: "; "), made, history?.madeAt ?? "",
            history?.actingKeyId ?? "", history?.replaced ?? "", history?.replacedBy ?? "",
            (history?.stores ?? []).joined(separator: " "), history?.policyOverride ?? "",
        ]
    }

    private var header: [String] { (several ? ["profile"] : []) + Self.columns }

    /// The lines before the table: the time, each account, the policy, the summary.
    private func preamble() -> [String] {
        var lines = ["keyconsole credential report, generated \(generatedAt)"]
        for account in accounts {
            let name = account.profile.map { "profile \($0), " } ?? ""
            lines.append(
                "Account: \(name)\(account.backend.kind) \(account.backend.location)"
                    + (account.accountId.map { " (\($0))" } ?? ""))
            let settings = account.policy.settings.map { "\($0.name) = \($0.value) (\($0.source))" }
            lines.append(
                "Policy: " + (settings.isEmpty ? "none" : settings.joined(separator: "; ")))
            for role in account.policy.roles.keys.sorted() {
                let settings = (account.policy.roles[role] ?? []).map {
                    "\($0.name) = \($0.value) (\($0.source))"
                }
                lines.append("Policy for role \(role): " + settings.joined(separator: "; "))
            }
        }
        lines.append(
            "Summary: \(summary.keys) keys, \(summary.keysWithFindings) with findings"
                + summaryFindings + ", \(summary.neverExpire) never expire, \(summary.expired)"
                + " expired, \(summary.madeElsewhere) made elsewhere (not in the journal)")
        return lines.map(TextSanitizer.inert)
    }

    private var summaryFindings: String {
        let parts = PolicyRule.allCases.compactMap { rule in
            summary.findings[rule.rawValue].map { "\(rule.rawValue) \($0)" }
        }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }

    /// CSV: the preamble as `#` comment lines, then a header and one row per key.
    package func csv() -> String {
        var out = preamble().map { Self.csvComment("# " + $0) + "\n" }.joined()
        out += header.joined(separator: ",") + "\n"
        for row in keys {
            out +=
                cells(row).map { KeyReport.csvField(TextSanitizer.inert($0)) }
                .joined(separator: ",") + "\n"
        }
        return out
    }

    /// A `#` line of the CSV: a spreadsheet that reads it anyway finds no formula in any of
    /// its comma-separated parts, and no quote.
    package static func csvComment(_ line: String) -> String {
        line.replacingOccurrences(of: "\"", with: "'").split(
            separator: ",", omittingEmptySubsequences: false
        ).map { part in
            let start = part.firstIndex { $0 != " " } ?? part.endIndex
            guard start < part.endIndex, "=+-@".contains(part[start]) else { return String(part) }
            return String(part[..<start]) + "'" + String(part[start...])
        }.joined(separator: ",")
    }

    /// JSON, every value inert.
    package func json() throws -> String { try JSONOutput.render(self) }

    /// Markdown: a heading, the preamble, the summary table and the keys' table, every cell
    /// with Markdown's markup escaped.
    package func markdown() -> String {
        var out = "# keyconsole credential report\n\n"
        for line in preamble().dropFirst() { out += "- " + Self.markdownCell(line) + "\n" }
        out += "- Generated: \(generatedAt)\n\n## Summary\n\n| | count |\n|---|---|\n"
        out += "| keys | \(summary.keys) |\n| with findings | \(summary.keysWithFindings) |\n"
        for rule in PolicyRule.allCases {
            out +=
                "| \(Self.markdownCell(rule.rawValue)) | \(summary.findings[rule.rawValue] ?? 0) |\n"
        }
        out += "| never expire | \(summary.neverExpire) |\n| expired | \(summary.expired) |\n"
        out += "| made elsewhere | \(summary.madeElsewhere) |\n\n## Keys\n\n"
        out += "| " + header.map(Self.markdownCell).joined(separator: " | ") + " |\n"
        out += "|" + String(repeating: "---|", count: header.count) + "\n"
        for row in keys {
            out += "| " + cells(row).map(Self.markdownCell).joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// A cell with Markdown's markup escaped by backslashes (no link, emphasis, HTML or
    /// column break from data), inert.
    static func markdownCell(_ text: String) -> String {
        var out = ""
        for character in TextSanitizer.inert(text) {
            if character == "&" {
                out += "&amp;"  // no entity (&#x202E;) from data
                continue
            }
            if "\\`*_[]<>#!|~".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
