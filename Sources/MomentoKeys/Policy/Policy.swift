import TextKit

/// The key hygiene policy of the config: `[policy]`, its overrides per role name
/// (`[policy.roles.Owner]`) and per account (`[profile.prod.policy]`, with its own `roles`).
/// The most specific table wins: `[policy]`, then the profile's, then the role's, then the
/// profile's table for the role.
public struct Policy: Sendable, Hashable {
    /// One account's tables.
    public struct Account: Sendable, Hashable {
        /// `[profile.NAME.policy]`.
        public var rules = PolicyRules()
        /// `[profile.NAME.policy.roles.ROLE]`, by role name.
        public var roles: [String: PolicyRules] = [:]

        /// An account's tables.
        public init(rules: PolicyRules = PolicyRules(), roles: [String: PolicyRules] = [:]) {
            self.rules = rules
            self.roles = roles
        }
    }

    /// `[policy]`.
    public var base = PolicyRules()
    /// `[policy.roles.ROLE]`, by role name.
    public var roles: [String: PolicyRules] = [:]
    /// `[profile.NAME.policy]`, by profile.
    public var profiles: [String: Account] = [:]

    /// No rules at all.
    public init(
        base: PolicyRules = PolicyRules(), roles: [String: PolicyRules] = [:],
        profiles: [String: Account] = [:]
    ) {
        self.base = base
        self.roles = roles
        self.profiles = profiles
    }

    /// Whether no table sets anything.
    public var isEmpty: Bool {
        base.isEmpty && roles.values.allSatisfy(\.isEmpty)
            && profiles.values.allSatisfy {
                $0.rules.isEmpty && $0.roles.values.allSatisfy(\.isEmpty)
            }
    }

    /// The tables that apply to a key of `roleName` in `profile`'s account, least specific
    /// first, each with its name as the config writes it.
    public func layers(profile: String?, roleName: String?) -> [(table: String, rules: PolicyRules)]
    {
        var layers: [(table: String, rules: PolicyRules)] = [("[policy]", base)]
        let account = profile.flatMap { profiles[$0] }
        if let profile, let account {
            layers.append(("[profile.\(Self.key(profile)).policy]", account.rules))
        }
        if let roleName, let (name, rules) = Self.table(roles, roleName) {
            layers.append(("[policy.roles.\(Self.key(name))]", rules))
        }
        if let profile, let roleName,
            let (name, rules) = Self.table(account?.roles ?? [:], roleName)
        {
            layers.append(
                ("[profile.\(Self.key(profile)).policy.roles.\(Self.key(name))]", rules))
        }
        return layers
    }

    /// The table of `roleName`: by its exact name, else by the name ignoring case (`owner`
    /// is Owner's, as `--role owner` is).
    static func table(_ tables: [String: PolicyRules], _ roleName: String)
        -> (name: String, rules: PolicyRules)?
    {
        if let rules = tables[roleName] { return (roleName, rules) }
        let folded = tables.filter { $0.key.caseInsensitiveCompare(roleName) == .orderedSame }
        return folded.min { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The role names the tables that apply to `profile`'s account name.
    public func roleNames(profile: String?) -> Set<String> {
        var names = Set(roles.keys)
        if let profile { names.formUnion(profiles[profile]?.roles.keys ?? [:].keys) }
        return names
    }

    /// The policy in force for a key of `roleName` (or the account as a whole, `nil`) in
    /// `profile`'s account (`nil`: no profile).
    public func resolved(profile: String?, roleName: String?) -> KeyPolicy {
        KeyPolicy(layers: layers(profile: profile, roleName: roleName))
    }

    /// The policy of `profile`'s account, resolving each role once.
    public func account(_ profile: String?) -> AccountPolicy {
        AccountPolicy(policy: self, profile: profile)
    }

    /// A TOML key as a table header writes it: bare when it can be, else quoted.
    static func key(_ name: String) -> String { TOMLText.key(name) }
}
