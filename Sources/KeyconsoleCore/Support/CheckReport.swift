import Foundation
import MomentoKeys
import ScreenModel

/// What `check` prints in each format, for a verdict or for a check that could not be made.
package struct CheckReport: Encodable {
    /// One key named in the JSON.
    package struct Key: Encodable {
        package let keyId: String
        package let description: String
        package let roleId: String
        package let roleName: String
        package let secondsRemaining: Int64

        package enum CodingKeys: String, CodingKey {
            case keyId = "key_id"
            case description
            case roleId = "role_id"
            case roleName = "role_name"
            case secondsRemaining = "seconds_remaining"
        }
    }

    /// A rotation whose overlap has ended, or that is broken (with the reason).
    package struct Rotation: Encodable {
        package let oldKeyId: String
        package let newKeyId: String
        package let deadline: String
        package var reason: String? = nil

        package enum CodingKeys: String, CodingKey {
            case deadline, reason
            case oldKeyId = "old_key_id"
            case newKeyId = "new_key_id"
        }
    }

    /// A key that breaks a rule of the policy.
    package struct Finding: Encodable {
        package let keyId: String
        package let description: String
        package let roleName: String
        package let rule: PolicyRule
        package let severity: PolicySeverity
        package let detail: String

        package enum CodingKeys: String, CodingKey {
            case description, rule, severity, detail
            case keyId = "key_id"
            case roleName = "role_name"
        }
    }

    /// The account's profile, with several accounts.
    package var profile: String? = nil
    /// Which backend answered; `nil` (JSON null) when none could be chosen.
    package let backend: BackendSummary?
    package let status: String
    package let exitCode: Int32
    /// Why the check is unknown.
    package let error: String?
    package let keysTotal: Int?
    package let warnSeconds: Int64
    package let critSeconds: Int64
    package let critical: [Key]?
    package let warning: [Key]?
    /// When the list was saved (ISO 8601), when it came from the cache.
    package var cachedAt: String? = nil
    /// Rotations overdue (present whenever the check was made).
    package var rotationsOverdue: [Rotation]? = nil
    /// Rotations broken: the old key kept, the new one gone or lapsing (present whenever the
    /// check was made).
    package var rotationsBroken: [Rotation]? = nil
    /// The policy's findings (present whenever the check was made).
    package var policyFindings: [Finding]? = nil

    package enum CodingKeys: String, CodingKey {
        case profile, backend, status, error, critical, warning
        case exitCode = "exit_code"
        case keysTotal = "keys_total"
        case warnSeconds = "warn_seconds"
        case critSeconds = "crit_seconds"
        case cachedAt = "cached_at"
        case rotationsOverdue = "rotations_overdue"
        case rotationsBroken = "rotations_broken"
        case policyFindings = "policy_findings"
    }

    /// The report of a check that could not be made.
    package static func unknown(
        _ error: String, backend: BackendSummary?, warnSeconds: Int64, critSeconds: Int64
    ) -> CheckReport {
        CheckReport(
            backend: backend, status: "unknown", exitCode: ExpiryCheck.Status.unknown.rawValue,
            error: error, keysTotal: nil, warnSeconds: warnSeconds, critSeconds: critSeconds,
            critical: nil, warning: nil)
    }

    /// `backend` is always present (null when no backend could be chosen); the other absent
    /// values are left out.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(profile, forKey: .profile)
        try container.encode(backend, forKey: .backend)
        try container.encode(status, forKey: .status)
        try container.encode(exitCode, forKey: .exitCode)
        try container.encodeIfPresent(error, forKey: .error)
        try container.encodeIfPresent(keysTotal, forKey: .keysTotal)
        try container.encode(warnSeconds, forKey: .warnSeconds)
        try container.encode(critSeconds, forKey: .critSeconds)
        try container.encodeIfPresent(critical, forKey: .critical)
        try container.encodeIfPresent(warning, forKey: .warning)
        try container.encodeIfPresent(cachedAt, forKey: .cachedAt)
        try container.encodeIfPresent(rotationsOverdue, forKey: .rotationsOverdue)
        try container.encodeIfPresent(rotationsBroken, forKey: .rotationsBroken)
        try container.encodeIfPresent(policyFindings, forKey: .policyFindings)
    }

    /// The JSON document, or an error: never a partial one.
    package func json() throws -> String {
        try JSONOutput.render(self)
    }

    /// The document when the report itself could not be encoded: `unknown`, from fixed text.
    package static let encodingFailed = """
        {
          "backend" : null,
          "error" : "the check's report could not be encoded as JSON",
          "exit_code" : 3,
          "status" : "unknown"
        }
        """

    /// `keyconsole_up` and the scrape duration, which every Prometheus answer starts with;
    /// with several accounts each carries the account's `profile` label.
    package static func prometheusHeader(
        up: Bool, backend: BackendSummary?, seconds: Double, profile: String? = nil
    ) -> String {
        let account = profile.map { [("profile", $0)] } ?? []
        let duration = profile.map { ExpiryCheck.labels([("profile", $0)]) } ?? ""
        return """
            # HELP keyconsole_up Whether the key API answered the check (1) or not (0).
            # TYPE keyconsole_up gauge
            keyconsole_up\(ExpiryCheck.labels(account + [("backend", backend?.kind ?? "none")])) \(up ? 1 : 0)
            # HELP keyconsole_scrape_duration_seconds How long the check took.
            # TYPE keyconsole_scrape_duration_seconds gauge
            keyconsole_scrape_duration_seconds\(duration) \(String(format: "%.3f", seconds))

            """
    }
}
