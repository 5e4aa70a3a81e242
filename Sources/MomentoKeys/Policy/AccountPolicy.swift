import Foundation

/// The policy of one account, each role's resolved once: what the console, `check` and
/// `report` judge keys by.
public struct AccountPolicy: Sendable, Hashable {
    /// The account's profile, `nil` without one.
    public let profile: String?
    /// The policy of the account as a whole (no role's table).
    public let whole: KeyPolicy
    /// Whether any table sets a rule: without one there are no findings to look for.
    public let isEmpty: Bool
    private let byRole: [String: KeyPolicy]

    /// The policy of `profile`'s account under `policy`.
    public init(policy: Policy, profile: String?) {
        self.profile = profile
        whole = policy.resolved(profile: profile, roleName: nil)
        var byRole: [String: KeyPolicy] = [:]
        for name in policy.roleNames(profile: profile) {
            byRole[name.lowercased()] = policy.resolved(profile: profile, roleName: name)
        }
        self.byRole = byRole
        // Only rules make findings (not check's thresholds), and only this account's tables.
        isEmpty = !whole.hasRule && !byRole.values.contains { $0.hasRule }
    }

    /// Whether a table by role name applies to this account (a key's role must then be
    /// named to be judged).
    public var hasRoleTables: Bool { !byRole.isEmpty }

    /// No policy.
    public static let none = AccountPolicy(policy: Policy(), profile: nil)

    /// The policy in force for keys of the role named `roleName`.
    public func forRole(_ roleName: String) -> KeyPolicy {
        byRole.isEmpty ? whole : byRole[roleName.lowercased()] ?? whole
    }

    /// The findings of each key of `keys` that has any, by key id: each key judged by its
    /// role's policy (`roleName` names it), its kept rotations (`rotatedAt`: when the
    /// unfinished rotation replacing a key began, by old key id).
    public func findings(
        _ keys: some Sequence<ApiKeyInfo>, roleName: (ApiKeyInfo) -> String, now: Date,
        rotatedAt: [String: Date] = [:]
    ) -> [String: [PolicyFinding]] {
        guard !isEmpty else { return [:] }
        var out: [String: [PolicyFinding]] = [:]
        // Each role's policy found once, not once per key.
        var byName: [String: KeyPolicy] = [:]
        for key in keys {
            let name = roleName(key)
            let rules = byName[name] ?? forRole(name)
            byName[name] = rules
            let found = rules.findings(key, now: now, rotatedAt: rotatedAt[key.keyId])
            if !found.isEmpty { out[key.keyId] = found }
        }
        return out
    }
}
