import Foundation

/// One line of the audit journal: who changed what through keyconsole, from where, and how it
/// ended. Never a secret: key ids, roles, descriptions and store names only.
package struct AuditEntry: Codable, Sendable, Hashable {
    /// What was done.
    package enum Action: String, Codable, Sendable, CaseIterable {
        case create, revoke, rotate, store, region, migrate
    }

    /// How it ended: `requested` is written before a create is sent (so a process killed
    /// midway leaves its intent), `unknown` when the answer was lost.
    package enum Outcome: String, Codable, Sendable {
        case requested, done, failed, unknown
    }

    /// When, in ISO 8601 with milliseconds (UTC).
    package var time: String
    /// The operating system user.
    package var user: String
    /// The SSH client's address, from `SSH_CLIENT`, when there is one.
    package var sshClient: String?
    /// `sandbox` or `momento`.
    package var backend: String
    /// The sandbox file or the key API's URL.
    package var account: String
    /// The profile of Momento CLI's credentials file the acting key came from, if one.
    package var profile: String?
    /// The account's id, when known (the sandbox's, or the one the acting key names).
    package var accountId: String?
    package var action: Action
    package var keyId: String?
    package var role: String?
    package var description: String?
    /// The id of the key keyconsole authenticated with (none on the sandbox).
    package var actingKeyId: String?
    package var outcome: Outcome
    /// Why it failed, or why its outcome is unknown.
    package var reason: String?
    /// The secret store, for `store`.
    package var store: String?
    /// The key a rotation replaces.
    package var replaces: String?
    /// The endpoint, for `region`.
    package var endpoint: String?
    /// The overlap's deadline, for a rotation that keeps the old key.
    package var overlapUntil: String?
    /// The reason an Owner gave for a new key the key policy does not allow
    /// (`--policy-override`).
    package var policyOverride: String?
    /// Ties the lines of one operation together (a create's `requested` and its `done`).
    package var attempt: String?

    package enum CodingKeys: String, CodingKey {
        case time, user, backend, account, action, role, description, outcome, reason, store
        case replaces, endpoint, attempt, profile
        case accountId = "account_id"
        case sshClient = "ssh_client"
        case keyId = "key_id"
        case actingKeyId = "acting_key_id"
        case overlapUntil = "overlap_until"
        case policyOverride = "policy_override"
    }

    /// What else the entry says, in a few words: role, description, store, the key replaced,
    /// endpoint, reason.
    package var detail: String {
        var parts: [String] = []
        if let role { parts.append(role) }
        if let description { parts.append("\"\(description)\"") }
        if let store { parts.append("store \(store)") }
        if let replaces { parts.append("replaces \(replaces.prefix(8))") }
        if let overlapUntil { parts.append("kept until \(overlapUntil)") }
        if let endpoint { parts.append(endpoint) }
        if let policyOverride { parts.append("policy overridden: \"\(policyOverride)\"") }
        if let reason { parts.append(reason) }
        return parts.joined(separator: ", ")
    }

    /// The moment of `time`, when it reads.
    package var date: Date? { try? Date(time, strategy: Self.timeFormat) }

    package static let timeFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// `date` as the journal writes it.
    package static func time(_ date: Date) -> String { date.formatted(timeFormat) }
}
