import MomentoKeys
import TOMLKit
import TextKit

/// Reads the key hygiene policy from the config's TOML: `[policy]` (with `roles` and
/// `severity`) and each `[profile.NAME.policy]`. A value it cannot take is refused, naming the
/// key and the reason, never dropped (a misspelt rule would silently allow what it forbids).
package enum PolicyReader {
    /// Why the policy in `root` cannot be taken.
    package struct Problem: Error {
        /// The key and the reason (`policy.max_lifetime is "90x": ...`).
        package let description: String
    }

    /// The rule names a table may hold.
    static let ruleKeys: Set<String> = Set(PolicyRule.allCases.map(\.rawValue))
    /// The thresholds, which only the account-wide tables may hold.
    static let thresholdKeys: Set<String> = ["warn_before", "critical_before"]

    /// The policy of the config `root`.
    package static func read(_ root: TOMLTable) throws(Problem) -> Policy {
        try refuseMisplaced(root)
        var policy = Policy()
        if let value = root["policy"] {
            let (rules, roles) = try account(value, at: "policy")
            policy.base = rules
            policy.roles = roles
        }
        for name in (root["profile"]?.table?.keys ?? []).sorted() {
            guard let value = root["profile"]?[name]?["policy"] else { continue }
            let path = "profile.\(Self.inert(name)).policy"
            let (rules, roles) = try account(value, at: path)
            policy.profiles[name] = Policy.Account(rules: rules, roles: roles)
        }
        try thresholdsHold(policy)
        return policy
    }

    /// A policy that would be silently lost: a rule at the top level, or a table whose name is
    /// `policy` misspelt (`[polcy]`, `[Policy]`).
    private static func refuseMisplaced(_ root: TOMLTable) throws(Problem) {
        for key in root.keys.sorted() where key != "policy" {
            if ruleKeys.contains(key) || thresholdKeys.contains(key) {
                throw Problem(
                    description: "\(inert(key)) is at the top level: a rule of the key policy"
                        + " goes in [policy]")
            }
            if root[key]?.table != nil,
                distance(key.lowercased(), "policy") <= 2 || key.lowercased().hasPrefix("polic")
            {
                throw Problem(
                    description: "[\(inert(key))] is not a table keyconsole knows: is it"
                        + " [policy]?")
            }
        }
    }

    /// The edit distance of two short names (Levenshtein), at most their longer length.
    static func distance(_ a: String, _ b: String) -> Int {
        let (a, b) = (Array(a.prefix(32)), Array(b.prefix(32)))
        var row = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var previous = row[0]
            row[0] = i + 1
            for (j, y) in b.enumerated() {
                let substitution = previous + (x == y ? 0 : 1)
                previous = row[j + 1]
                row[j + 1] = min(substitution, row[j] + 1, row[j + 1] + 1)
            }
        }
        return row[b.count]
    }

    /// An account-wide table: its rules and its `roles`.
    private static func account(_ value: any TOMLValueConvertible, at path: String) throws(Problem)
        -> (PolicyRules, [String: PolicyRules])
    {
        guard let table = value.table else { throw Problem(description: "\(path) must be a table") }
        var roles: [String: PolicyRules] = [:]
        if let value = table["roles"] {
            guard let byRole = value.table else {
                throw Problem(description: "\(path).roles must be a table of roles by name")
            }
            let names = byRole.keys.sorted()
            for (name, next) in zip(names, names.dropFirst())
            where name.lowercased() == next.lowercased() {
                throw Problem(
                    description: "\(path).roles has \(Self.inert(name)) and \(Self.inert(next)),"
                        + " one role's name written twice (role tables are matched ignoring case)")
            }
            for name in names {
                let rolePath = "\(path).roles.\(Self.inert(name))"
                roles[name] = try rules(byRole[name]!, at: rolePath, thresholds: false)
            }
        }
        return (try rules(table, at: path, thresholds: true, skipping: ["roles"]), roles)
    }

    /// One table's rules.
    private static func rules(
        _ value: any TOMLValueConvertible, at path: String, thresholds: Bool,
        skipping: Set<String> = []
    ) throws(Problem) -> PolicyRules {
        guard let table = value.table else { throw Problem(description: "\(path) must be a table") }
        var rules = PolicyRules()
        for key in table.keys.sorted() where !skipping.contains(key) {
            let value = table[key]!
            let at = "\(path).\(Self.inert(key))"
            switch key {
            case "max_lifetime": rules.maxLifetime = try duration(value, at: at)
            case "max_age": rules.maxAge = try duration(value, at: at)
            case "rotation_overlap_max": rules.rotationOverlapMax = try duration(value, at: at)
            case "warn_before" where thresholds: rules.warnBefore = try duration(value, at: at)
            case "critical_before" where thresholds:
                rules.criticalBefore = try duration(value, at: at)
            case "warn_before", "critical_before":
                throw Problem(
                    description:
                        "\(at) is not taken per role: check's thresholds are the account's; set it"
                        + " in [policy] or [profile.NAME.policy]")
            case "never_expires":
                guard let word = value.string, let rule = NeverExpiresRule(rawValue: word) else {
                    throw Problem(
                        description: "\(at) is \(shown(value)): it must be \"allow\", \"warn\" or"
                            + " \"forbid\"")
                }
                rules.neverExpires = rule
            case "severity":
                guard let table = value.table else {
                    throw Problem(
                        description: "\(at) must be a table of rules, e.g. severity ="
                            + " { never_expires = \"critical\" }")
                }
                for name in table.keys.sorted() {
                    let ruleAt = "\(at).\(Self.inert(name))"
                    guard let rule = PolicyRule(rawValue: name) else {
                        throw Problem(
                            description: "\(ruleAt) names no rule (the rules are "
                                + PolicyRule.allCases.map(\.rawValue).joined(separator: ", ") + ")")
                    }
                    guard let word = table[name]!.string,
                        let severity = PolicySeverity(rawValue: word)
                    else {
                        throw Problem(
                            description: "\(ruleAt) is \(shown(table[name]!)): it must be"
                                + " \"warning\" or \"critical\"")
                    }
                    rules.severity[rule] = severity
                }
            default:
                let known =
                    ["max_lifetime", "never_expires", "max_age", "rotation_overlap_max"]
                    + (thresholds ? ["warn_before", "critical_before", "roles"] : []) + ["severity"]
                throw Problem(
                    description: "\(at) is not a policy setting keyconsole knows (it knows "
                        + known.joined(separator: ", ") + ")")
            }
        }
        return rules
    }

    /// A duration such as `"90d"`.
    private static func duration(_ value: any TOMLValueConvertible, at path: String) throws(Problem)
        -> Int64
    {
        guard let text = value.string, let seconds = DurationText.seconds(text) else {
            throw Problem(
                description: "\(path) is \(shown(value)): it must be a duration such as \"90d\""
                    + " (s, m, h, d or w), more than none and less than 8,000 years")
        }
        return seconds
    }

    /// Each account's thresholds in order: critical no longer than warning.
    private static func thresholdsHold(_ policy: Policy) throws(Problem) {
        for profile in [nil] + policy.profiles.keys.sorted().map(Optional.some) {
            let resolved = policy.resolved(profile: profile, roleName: nil)
            guard resolved.criticalBefore <= resolved.warnBefore else {
                let table = profile.map { "profile.\(Self.inert($0)).policy" } ?? "policy"
                throw Problem(
                    description: "\(table): critical_before"
                        + " (\(KeyPolicy.duration(resolved.criticalBefore))) is longer than"
                        + " warn_before (\(KeyPolicy.duration(resolved.warnBefore)))")
            }
        }
    }

    /// A value as the message quotes it: a string in quotes, else its TOML, made inert.
    private static func shown(_ value: any TOMLValueConvertible) -> String {
        if let text = value.string { return "\"\(inert(text))\"" }
        return inert(String(describing: value).prefix(40).description)
    }

    private static func inert(_ text: String) -> String { TextSanitizer.inert(text) }
}
