import Foundation

/// What the audit journal knows of one key: who made it and when, the key it replaced and the
/// key that replaced it, and the stores it went to.
package struct KeyHistory: Sendable, Hashable, Encodable {
    /// `create`, `rotate` or `migrate`: how keyconsole made it.
    package var madeBy: String?
    /// When it was made (the journal's time).
    package var madeAt: String?
    /// The user who made it.
    package var user: String?
    /// The key keyconsole acted with (none on the sandbox).
    package var actingKeyId: String?
    /// The key it replaced (a rotation's old key, a migration's v1 key).
    package var replaced: String?
    /// The key that replaced it in a rotation.
    package var replacedBy: String?
    /// The secret stores it went to, by name.
    package var stores: [String] = []
    /// The reason an Owner gave for making it against the policy.
    package var policyOverride: String?

    /// Whether the journal knows how it was made (else it was made elsewhere).
    package var known: Bool { madeBy != nil }

    enum CodingKeys: String, CodingKey {
        case user, stores
        case madeBy = "made_by"
        case madeAt = "made_at"
        case actingKeyId = "acting_key_id"
        case replaced = "replaced_key_id"
        case replacedBy = "replaced_by_key_id"
        case policyOverride = "policy_override"
    }

    /// Each key's history from `entries` (done entries only), by key id; only entries of
    /// `accountId` when it is known, an entry without an account id counting for all.
    package static func of(_ entries: [AuditEntry], accountId: String?) -> [String: KeyHistory] {
        var out: [String: KeyHistory] = [:]
        for entry in entries where entry.outcome == .done {
            if let accountId, let theirs = entry.accountId, theirs != accountId { continue }
            guard let keyId = entry.keyId else { continue }
            switch entry.action {
            case .create, .rotate, .migrate:
                var history = out[keyId] ?? KeyHistory()
                // A rotation kept for an overlap has a second done entry: the first says when.
                if history.madeBy == nil {
                    history.madeBy = entry.action.rawValue
                    history.madeAt = entry.time
                    history.user = entry.user
                    history.actingKeyId = entry.actingKeyId
                }
                history.replaced = history.replaced ?? entry.replaces
                history.policyOverride = history.policyOverride ?? entry.policyOverride
                out[keyId] = history
                if entry.action == .rotate, let old = entry.replaces {
                    out[old, default: KeyHistory()].replacedBy = keyId
                }
            case .store:
                if let store = entry.store, !(out[keyId]?.stores.contains(store) ?? false) {
                    out[keyId, default: KeyHistory()].stores.append(store)
                }
            case .revoke, .region:
                continue
            }
        }
        return out
    }
}
