/// One way a key breaks the policy: the rule, its weight, and what was found.
public struct PolicyFinding: Sendable, Hashable, Codable {
    /// The rule broken.
    public var rule: PolicyRule
    /// How much it weighs in `check`'s status.
    public var severity: PolicySeverity
    /// What was found, in words (`lifetime 365 days, over 90 days`).
    public var detail: String

    /// A finding of `rule`.
    public init(rule: PolicyRule, severity: PolicySeverity, detail: String) {
        self.rule = rule
        self.severity = severity
        self.detail = detail
    }

    /// `max_lifetime: lifetime 365 days, over 90 days`.
    public var text: String { "\(rule.rawValue): \(detail)" }
}
