/// The values one table of the policy sets (`[policy]`, `[policy.roles.Owner]`,
/// `[profile.prod.policy]`): each optional, a more specific table's value winning.
public struct PolicyRules: Sendable, Hashable {
    /// Expiry minus issue date at most this many seconds.
    public var maxLifetime: Int64?
    /// What keys that never expire are.
    public var neverExpires: NeverExpiresRule?
    /// Now minus issue date at most this many seconds.
    public var maxAge: Int64?
    /// A kept rotation's old key revoked within this many seconds of the rotation.
    public var rotationOverlapMax: Int64?
    /// `check`'s warning threshold when `--warn` is not given, in seconds.
    public var warnBefore: Int64?
    /// `check`'s critical threshold when `--crit` is not given, in seconds.
    public var criticalBefore: Int64?
    /// The weight of each rule's findings.
    public var severity: [PolicyRule: PolicySeverity] = [:]

    /// No values.
    public init() {}

    /// Whether the table sets nothing.
    public var isEmpty: Bool { self == PolicyRules() }
}
