import Foundation
import MomentoKeys
import ScreenModel
import TextKit

/// The monitoring verdict over a list of keys, as Nagios plugins give it.
package struct ExpiryCheck: Sendable {
    /// Nagios states and their exit codes.
    package enum Status: Int32, Sendable {
        case ok = 0
        case warning = 1
        case critical = 2
        case unknown = 3

        package var name: String {
            switch self {
            case .ok: "OK"
            case .warning: "WARNING"
            case .critical: "CRITICAL"
            case .unknown: "UNKNOWN"
            }
        }
    }

    /// A key with an expiry and the seconds it has left.
    package typealias Entry = (key: ApiKeyInfo, left: Int64)

    package let keys: [ApiKeyInfo]
    package let roleNames: [String: String]
    package let now: Date
    package let warnSeconds: Int64
    package let critSeconds: Int64
    /// When the list was saved, when it came from the console's cache (`--cached`).
    package var cachedAt: Date? = nil
    /// Rotations whose overlap has ended while their old key is still on the list: a warning.
    package var rotationsOverdue: [KeptRotation] = []
    /// Rotations whose old key is on the list while the new one is gone or lapses before the
    /// overlap would: critical, since finishing them would leave no working key.
    package var rotationsBroken: [(record: KeptRotation, problem: RotationHandover)] = []
    /// The account's profile, with several accounts: every Prometheus series carries it as
    /// its `profile` label.
    package var profile: String? = nil
    /// The policy's findings, by key id (``judge(_:)``).
    package var findings: [String: [PolicyFinding]] = [:]
    /// When each unfinished rotation whose old key is listed began, by old key id.
    package var rotatedAt: [String: Date] = [:]

    /// The check of `keys` at `now`, against the two thresholds.
    package init(
        keys: [ApiKeyInfo], roleNames: [String: String], now: Date, warnSeconds: Int64,
        critSeconds: Int64
    ) {
        self.keys = keys
        self.roleNames = roleNames
        self.now = now
        self.warnSeconds = warnSeconds
        self.critSeconds = critSeconds
        // Sorted once: the status, the text and each format read it several times.
        expiring = keys.compactMap { key in
            Countdown.secondsLeft(key, now: now).map { (key, $0) }
        }.sorted { $0.left != $1.left ? $0.left < $1.left : $0.key.keyId < $1.key.keyId }
    }

    /// Keys with an expiry, soonest first, with the seconds they have left.
    package let expiring: [Entry]

    package var critical: [Entry] { expiring.filter { $0.left <= critSeconds } }
    package var warning: [Entry] {
        expiring.filter { $0.left > critSeconds && $0.left <= warnSeconds }
    }

    package var status: Status {
        if !critical.isEmpty || !rotationsBroken.isEmpty || findingsCount(.critical) > 0 {
            return .critical
        }
        if !warning.isEmpty || !rotationsOverdue.isEmpty || !findings.isEmpty { return .warning }
        return .ok
    }

    /// Judges every key by `policy` (each by its role's): after ``rotations(_:)``, which
    /// tells when the rotations still keeping an old key began.
    package mutating func judge(_ policy: AccountPolicy) {
        findings = policy.findings(
            keys, roleName: { roleNames[$0.roleId] ?? $0.roleId }, now: now, rotatedAt: rotatedAt)
    }

    /// How many findings of `severity` there are.
    package func findingsCount(_ severity: PolicySeverity) -> Int {
        findings.values.reduce(0) { $0 + $1.count { $0.severity == severity } }
    }

    /// Each finding with its key, by key id then rule.
    package var findingsList: [(key: ApiKeyInfo, finding: PolicyFinding)] {
        keys.filter { findings[$0.keyId] != nil }.sorted { $0.keyId < $1.keyId }
            .flatMap { key in (findings[key.keyId] ?? []).map { (key, $0) } }
    }

    /// Sorts the rotations of `records` at `now`, those whose old key is still listed: broken
    /// (the new key gone or lapsing before the overlap would) or overdue (due, the new key
    /// able to take over).
    package mutating func rotations(_ records: [KeptRotation]) {
        let live = Set(keys.map(\.keyId))
        rotatedAt = KeptRotation.startedAt(records.lazy.filter { live.contains($0.oldKeyId) })
        for record in records where live.contains(record.oldKeyId) {
            if let problem = record.handoverProblem(keys: keys, now: now) {
                rotationsBroken.append((record, problem))
            } else if record.isDue(at: now) {
                rotationsOverdue.append(record)
            }
        }
    }

    /// "; 1 rotation broken: Kept ...", or nothing.
    private var brokenText: String {
        guard !rotationsBroken.isEmpty else { return "" }
        let count = rotationsBroken.count
        return "; \(count) rotation\(count == 1 ? "" : "s") broken: "
            + rotationsBroken.prefix(3).map {
                $0.problem.sentence(oldKeyId: $0.record.oldKeyId, newKeyId: $0.record.newKeyId)
            }.joined(separator: "; ") + (count > 3 ? "; …" : "")
    }

    /// "; 2 rotations overdue (old keys 0f3c2a9e, ...)", or nothing.
    private var overdueText: String {
        guard !rotationsOverdue.isEmpty else { return "" }
        let count = rotationsOverdue.count
        return "; \(count) rotation\(count == 1 ? "" : "s") overdue (old key"
            + (count == 1 ? " " : "s ")
            + rotationsOverdue.prefix(3).map { TextSanitizer.inert(String($0.oldKeyId.prefix(8))) }
            .joined(separator: ", ") + (count > 3 ? ", …" : "")
            + "): keyconsole rotate --finish"
    }

    /// "; 3 policy findings: 0f3c2a9e never_expires, ...", or nothing.
    private var findingsText: String {
        // Critical findings first: the status names them before any warning.
        let all = findingsList
        let list =
            all.filter { $0.finding.severity == .critical }
            + all.filter { $0.finding.severity != .critical }
        guard !list.isEmpty else { return "" }
        return "; \(list.count) policy finding\(list.count == 1 ? "" : "s"): "
            + list.prefix(3).map {
                "\(Self.quoted(String($0.key.keyId.prefix(8)))) \($0.finding.rule.rawValue)"
                    + ($0.finding.severity == .critical ? " (critical)" : "")
            }.joined(separator: ", ") + (list.count > 3 ? ", and \(list.count - 3) more" : "")
    }

    /// Nagios performance data: how many keys have expired, expire within 24 hours, within
    /// 7 days, never, and in all (`expired=1 within_24h=4 within_7d=2 never=2 keys=12`).
    package var performanceData: String {
        let counts = Countdown.tally(keys, now: now)
        return "expired=\(counts[.expired] ?? 0) within_24h=\(counts[.underDay] ?? 0)"
            + " within_7d=\(counts[.underWeek] ?? 0) never=\(counts[.never] ?? 0) keys=\(keys.count)"
    }

    /// Server text (an id, a description) as the text line quotes it: inert, and without `|`,
    /// which starts Nagios' performance data.
    private static func quoted(_ description: String) -> String {
        TextSanitizer.inert(description).replacingOccurrences(of: "|", with: "¦")
    }

    /// One line naming the soonest keys.
    package func text(warn: String, crit: String) -> String {
        let status = status
        guard status != .ok else {
            return "OK: \(keys.count) keys, none expiring within \(warn)"
        }
        if critical.isEmpty && warning.isEmpty {
            return "\(status.name): \(keys.count) keys, none expiring within \(warn)"
                + brokenText + overdueText + findingsText
        }
        if critical.isEmpty && status == .critical {
            return "CRITICAL: \(warning.count) of \(keys.count) keys expiring within \(warn)"
                + brokenText + overdueText + findingsText
        }
        let urgent = status == .critical ? critical : warning
        let named = urgent.prefix(3).map { entry in
            "\(Self.quoted(String(entry.key.keyId.prefix(8)))) \"\(Self.quoted(entry.key.description))\" \(Countdown.text(secondsLeft: entry.left))"
        }
        var line =
            "\(status.name): \(urgent.count) of \(keys.count) keys "
            + (status == .critical
                ? "expired or expiring within \(crit)" : "expiring within \(warn)")
            + ": " + named.joined(separator: ", ")
        if urgent.count > 3 { line += ", and \(urgent.count - 3) more" }
        if status == .critical && !warning.isEmpty {
            line += "; \(warning.count) more within \(warn)"
        }
        return line + brokenText + overdueText + findingsText
    }

    /// The verdict as JSON's ``CheckReport``.
    package func report(backend: BackendSummary) -> CheckReport {
        func entries(_ list: [Entry]) -> [CheckReport.Key] {
            list.map {
                CheckReport.Key(
                    keyId: $0.key.keyId, description: $0.key.description, roleId: $0.key.roleId,
                    roleName: roleNames[$0.key.roleId] ?? $0.key.roleId, secondsRemaining: $0.left)
            }
        }
        let status = status
        return CheckReport(
            backend: backend, status: status.name.lowercased(), exitCode: status.rawValue,
            error: nil, keysTotal: keys.count, warnSeconds: warnSeconds, critSeconds: critSeconds,
            critical: entries(critical), warning: entries(warning),
            cachedAt: cachedAt.map { DateText.iso8601($0) },
            rotationsOverdue: rotationsOverdue.map {
                CheckReport.Rotation(
                    oldKeyId: $0.oldKeyId, newKeyId: $0.newKeyId,
                    deadline: DateText.iso8601($0.deadline))
            },
            rotationsBroken: rotationsBroken.map {
                CheckReport.Rotation(
                    oldKeyId: $0.record.oldKeyId, newKeyId: $0.record.newKeyId,
                    deadline: DateText.iso8601($0.record.deadline),
                    reason: $0.problem.sentence(
                        oldKeyId: $0.record.oldKeyId, newKeyId: $0.record.newKeyId))
            },
            policyFindings: findingsList.map {
                CheckReport.Finding(
                    keyId: $0.key.keyId, description: $0.key.description,
                    roleName: roleNames[$0.key.roleId] ?? $0.key.roleId, rule: $0.finding.rule,
                    severity: $0.finding.severity, detail: $0.finding.detail)
            })
    }

    /// The findings of each rule (0 for none), and one series per key and rule broken.
    package func prometheusFindings() -> String {
        var counts: [PolicyRule: Int] = [:]
        for finding in findings.values.joined() { counts[finding.rule, default: 0] += 1 }
        var out =
            "# HELP keyconsole_policy_findings Keys breaking each rule of the key policy.\n"
            + "# TYPE keyconsole_policy_findings gauge\n"
        let account = profile.map { [("profile", $0)] } ?? []
        for rule in PolicyRule.allCases {
            out +=
                "keyconsole_policy_findings\(Self.labels(account + [("rule", rule.rawValue)]))"
                + " \(counts[rule] ?? 0)\n"
        }
        out +=
            "# HELP momento_api_key_policy_finding A rule of the key policy the key breaks (1).\n"
            + "# TYPE momento_api_key_policy_finding gauge\n"
        for (key, finding) in findingsList {
            out +=
                "momento_api_key_policy_finding\(Self.labels(account + [("key_id", key.keyId), ("rule", finding.rule.rawValue)]))"
                + " 1\n"
        }
        return out
    }

    /// The overdue and the broken rotations, as gauges (0 when there are none).
    package func prometheusRotations() -> String {
        "# HELP keyconsole_rotations_overdue Rotations whose overlap has ended, their old key"
            + " not yet revoked.\n# TYPE keyconsole_rotations_overdue gauge\n"
            + "keyconsole_rotations_overdue\(accountLabels) \(rotationsOverdue.count)\n"
            + "# HELP keyconsole_rotations_broken Rotations whose old key is kept because the"
            + " new key is gone or lapses before the overlap would.\n"
            + "# TYPE keyconsole_rotations_broken gauge\n"
            + "keyconsole_rotations_broken\(accountLabels) \(rotationsBroken.count)\n"
    }

    /// The age of a cached list, as a gauge; nothing for a live one.
    package func prometheusCache() -> String {
        guard let cachedAt else { return "" }
        let age = Int64(now.timeIntervalSince(cachedAt).rounded(.down))
        return
            "# HELP keyconsole_cached_list_age_seconds How old the cached list read is (--cached).\n"
            + "# TYPE keyconsole_cached_list_age_seconds gauge\n"
            + "keyconsole_cached_list_age_seconds\(accountLabels) \(age)\n"
    }

    /// node_exporter textfile format, after `keyconsole_up` and the scrape duration; keys that
    /// never expire have no series.
    package func prometheus() -> String {
        let sorted = expiring.sorted { $0.key.keyId < $1.key.keyId }
        var out = """
            # HELP momento_api_key_expiry_timestamp_seconds When the Momento API key expires, in seconds since 1970.
            # TYPE momento_api_key_expiry_timestamp_seconds gauge

            """
        for entry in sorted {
            out +=
                "momento_api_key_expiry_timestamp_seconds\(labels(entry.key)) \(entry.key.expiresAtEpochSeconds!)\n"
        }
        out += """
            # HELP momento_api_key_seconds_until_expiry Seconds until the Momento API key expires; negative once expired.
            # TYPE momento_api_key_seconds_until_expiry gauge

            """
        for entry in sorted {
            out += "momento_api_key_seconds_until_expiry\(labels(entry.key)) \(entry.left)\n"
        }
        return out
    }

    /// `{profile="..."}` with several accounts, else nothing.
    private var accountLabels: String {
        profile.map { Self.labels([("profile", $0)]) } ?? ""
    }

    private func labels(_ key: ApiKeyInfo) -> String {
        Self.labels(
            (profile.map { [("profile", $0)] } ?? []) + [
                ("key_id", key.keyId), ("role", roleNames[key.roleId] ?? key.roleId),
                ("description", key.description),
            ])
    }

    /// `{name="value",...}` with values made inert and escaped as Prometheus requires.
    package static func labels(_ pairs: [(String, String)]) -> String {
        "{"
            + pairs.map { "\($0.0)=\"\(escape(TextSanitizer.inert($0.1)))\"" }
            .joined(separator: ",") + "}"
    }

    /// Prometheus label escaping: backslash, double quote and line feed.
    package static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
