/// A rule of the key hygiene policy, by its name in the config (`max_lifetime`, ...).
public enum PolicyRule: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    /// Expiry minus issue date at most this long.
    case maxLifetime = "max_lifetime"
    /// Whether a key may never expire.
    case neverExpires = "never_expires"
    /// Now minus issue date at most this long.
    case maxAge = "max_age"
    /// A kept rotation's old key gone within this long of the rotation.
    case rotationOverlapMax = "rotation_overlap_max"

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// How much a finding weighs in `check`'s status.
public enum PolicySeverity: String, Sendable, Hashable, Codable, CaseIterable {
    /// Counts as a warning (the default).
    case warning
    /// Counts as critical.
    case critical
}

/// What the policy says of keys that never expire.
public enum NeverExpiresRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// Allowed, no finding.
    case allow
    /// Allowed, but a finding.
    case warn
    /// A finding, and keyconsole creates none (unless an Owner overrides it with a reason).
    case forbid
}
