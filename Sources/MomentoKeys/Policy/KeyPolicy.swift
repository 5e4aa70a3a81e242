import Foundation
import TextKit

/// The policy in force for one role of one account: each value from the most specific table
/// that sets it, and which table that was.
public struct KeyPolicy: Sendable, Hashable {
    /// `check`'s warning threshold when neither `--warn` nor `warn_before` says: 7 days.
    public static let defaultWarnBefore: Int64 = 7 * 86400
    /// `check`'s critical threshold when neither `--crit` nor `critical_before` says: 1 day.
    public static let defaultCriticalBefore: Int64 = 86400

    /// How far past `max_lifetime` a key may be before it is a finding: the create dialog
    /// and the commands reckon the limit by this machine's clock, the issue date is the
    /// server's.
    public static let clockGrace: Int64 = 300

    /// The values in force.
    public private(set) var rules = PolicyRules()
    /// The table each value came from, by its name in the config (`max_lifetime`,
    /// `severity.max_age`).
    public private(set) var sources: [String: String] = [:]

    /// The values of `layers`, least specific first.
    public init(layers: [(table: String, rules: PolicyRules)]) {
        for (table, layer) in layers {
            func take<Value>(
                _ value: Value?, _ path: WritableKeyPath<PolicyRules, Value?>, _ name: String
            ) {
                guard let value else { return }
                rules[keyPath: path] = value
                sources[name] = table
            }
            take(layer.maxLifetime, \.maxLifetime, PolicyRule.maxLifetime.rawValue)
            take(layer.neverExpires, \.neverExpires, PolicyRule.neverExpires.rawValue)
            take(layer.maxAge, \.maxAge, PolicyRule.maxAge.rawValue)
            take(
                layer.rotationOverlapMax, \.rotationOverlapMax,
                PolicyRule.rotationOverlapMax.rawValue)
            take(layer.warnBefore, \.warnBefore, "warn_before")
            take(layer.criticalBefore, \.criticalBefore, "critical_before")
            for (rule, severity) in layer.severity {
                rules.severity[rule] = severity
                sources["severity.\(rule.rawValue)"] = table
            }
        }
    }

    /// No rules.
    public init() {}

    /// Whether a rule is set (a finding can be made).
    public var hasRule: Bool {
        rules.maxLifetime != nil || rules.neverExpires.map { $0 != .allow } == true
            || rules.maxAge != nil || rules.rotationOverlapMax != nil
    }

    /// What keys that never expire are (`allow` unless a table says).
    /// A key that never expires has no lifetime within any `max_lifetime`: with one set, it is
    /// a finding (`warn`) unless `never_expires` says otherwise.
    public var neverExpires: NeverExpiresRule {
        rules.neverExpires ?? (rules.maxLifetime != nil ? .warn : .allow)
    }

    /// The weight of `rule`'s findings (`warning` unless a table says).
    public func severity(_ rule: PolicyRule) -> PolicySeverity { rules.severity[rule] ?? .warning }

    /// `check`'s warning threshold.
    public var warnBefore: Int64 { rules.warnBefore ?? Self.defaultWarnBefore }
    /// `check`'s critical threshold.
    public var criticalBefore: Int64 { rules.criticalBefore ?? Self.defaultCriticalBefore }

    /// `max_lifetime` in `[policy]`: the setting and where it was set, for messages.
    public func named(_ rule: PolicyRule) -> String {
        "\(rule.rawValue) in \(sources[rule.rawValue] ?? "[policy]")"
    }

    /// How the policy judges `key` at `now`: one finding per rule it breaks, in the rules'
    /// order. `rotatedAt` is when a kept rotation of `key` began, when `key` is the old key of
    /// one that is not finished.
    public func findings(_ key: ApiKeyInfo, now: Date, rotatedAt: Date? = nil) -> [PolicyFinding] {
        var found: [PolicyFinding] = []
        let nowSeconds = Int64(now.timeIntervalSince1970.rounded(.down))
        if key.expiresAtEpochSeconds != nil {
            // A key made at the limit by a clock a little ahead of the server's is no finding.
            if let limit = rules.maxLifetime, let lifetime = key.lifetimeSeconds,
                lifetime > limit &+ Self.clockGrace
            {
                found.append(
                    finding(
                        .maxLifetime,
                        "lifetime \(DurationText.describe(seconds: lifetime)), over"
                            + " \(DurationText.describe(seconds: limit))"))
            }
        } else if neverExpires != .allow {
            found.append(
                finding(
                    .neverExpires, "never expires (never_expires = \"\(neverExpires.rawValue)\")"))
        }
        if let limit = rules.maxAge {
            let age = key.ageSeconds(at: nowSeconds)
            if age > limit {
                found.append(
                    finding(
                        .maxAge,
                        "issued \(DurationText.describe(seconds: age)) ago, over"
                            + " \(DurationText.describe(seconds: limit))"))
            }
        }
        if let limit = rules.rotationOverlapMax, let rotatedAt {
            let kept = Int64(max(0, min(now.timeIntervalSince(rotatedAt), 1e15)).rounded(.down))
            if kept > limit {
                found.append(
                    finding(
                        .rotationOverlapMax,
                        "replaced \(DurationText.describe(seconds: kept)) ago and not revoked, over"
                            + " \(DurationText.describe(seconds: limit))"))
            }
        }
        return found
    }

    private func finding(_ rule: PolicyRule, _ detail: String) -> PolicyFinding {
        PolicyFinding(rule: rule, severity: severity(rule), detail: detail)
    }

    /// What the policy allows instead, when a key created at `now` may not have `expiry`
    /// (`keys of at most 90 days (max_lifetime in [policy])`); `nil` when it may.
    public func expiryProblem(_ expiry: Expiry, now: Date) -> String? {
        switch expiry {
        case .never:
            guard neverExpires == .forbid else { return nil }
            return "no key that never expires (never_expires = \"forbid\" in"
                + " \(sources[PolicyRule.neverExpires.rawValue] ?? "[policy]"))"
        case .at(let seconds):
            guard let limit = rules.maxLifetime else { return nil }
            let lifetime = seconds &- Int64(now.timeIntervalSince1970.rounded(.down))
            guard lifetime > limit else { return nil }
            return "keys of at most \(DurationText.describe(seconds: limit))"
                + " (\(named(.maxLifetime)))"
        }
    }

    /// The latest expiry a key created at `now` may have: `expiry`, or `now` plus
    /// `max_lifetime` when `expiry` is later (or never, where `forbid` holds).
    public func capped(_ expiry: Expiry, now: Date) -> Expiry {
        guard expiryProblem(expiry, now: now) != nil else { return expiry }
        guard let limit = rules.maxLifetime else { return expiry }
        return .at(now.addingTimeInterval(TimeInterval(limit)))
    }

    /// Each setting in force, as `policy show` prints it: its name, its value as the config
    /// writes it, and the table it came from (`default` for the built-in thresholds).
    public var settings: [(name: String, value: String, source: String)] {
        var out: [(name: String, value: String, source: String)] = []
        func add(_ name: String, _ value: String?) {
            guard let value else { return }
            out.append((name, value, sources[name] ?? "default"))
        }
        add("max_lifetime", rules.maxLifetime.map(Self.duration))
        if let rule = rules.neverExpires {
            add("never_expires", rule.rawValue)
        } else if rules.maxLifetime != nil {
            out.append(("never_expires", "warn", "default, as max_lifetime is set"))
        }
        add("max_age", rules.maxAge.map(Self.duration))
        add("rotation_overlap_max", rules.rotationOverlapMax.map(Self.duration))
        add("warn_before", Self.duration(warnBefore))
        add("critical_before", Self.duration(criticalBefore))
        for rule in PolicyRule.allCases {
            let name = "severity.\(rule.rawValue)"
            if sources[name] != nil { add(name, severity(rule).rawValue) }
        }
        return out
    }

    /// Seconds as the config writes a duration: the largest whole unit up to days (`90d`,
    /// `36h`).
    public static func duration(_ seconds: Int64) -> String {
        for (unit, size) in [("d", Int64(86400)), ("h", 3600), ("m", 60)]
        where seconds % size == 0 {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }
}
