import ConsoleUI
import Foundation

/// What `check` prints in each format, for a verdict or for a check that could not be made.
struct CheckReport: Encodable {
    /// One key named in the JSON.
    struct Key: Encodable {
        let keyId: String
        let description: String
        let roleId: String
        let roleName: String
        let secondsRemaining: Int64

        enum CodingKeys: String, CodingKey {
            case keyId = "key_id"
            case description
            case roleId = "role_id"
            case roleName = "role_name"
            case secondsRemaining = "seconds_remaining"
        }
    }

    /// A rotation whose overlap has ended, or that is broken (with the reason).
    struct Rotation: Encodable {
        let oldKeyId: String
        let newKeyId: String
        let deadline: String
        var reason: String? = nil

        enum CodingKeys: String, CodingKey {
            case deadline, reason
            case oldKeyId = "old_key_id"
            case newKeyId = "new_key_id"
        }
    }

    /// Which backend answered; `nil` (JSON null) when none could be chosen.
    let backend: BackendSummary?
    let status: String
    let exitCode: Int32
    /// Why the check is unknown.
    let error: String?
    let keysTotal: Int?
    let warnSeconds: Int64
    let critSeconds: Int64
    let critical: [Key]?
    let warning: [Key]?
    /// When the list was saved (ISO 8601), when it came from the cache.
    var cachedAt: String? = nil
    /// Rotations overdue (present whenever the check was made).
    var rotationsOverdue: [Rotation]? = nil
    /// Rotations broken: the old key kept, the new one gone or lapsing (present whenever the
    /// check was made).
    var rotationsBroken: [Rotation]? = nil

    enum CodingKeys: String, CodingKey {
        case backend, status, error, critical, warning
        case exitCode = "exit_code"
        case keysTotal = "keys_total"
        case warnSeconds = "warn_seconds"
        case critSeconds = "crit_seconds"
        case cachedAt = "cached_at"
        case rotationsOverdue = "rotations_overdue"
        case rotationsBroken = "rotations_broken"
    }

    /// The report of a check that could not be made.
    static func unknown(
        _ error: String, backend: BackendSummary?, warnSeconds: Int64, critSeconds: Int64
    ) -> CheckReport {
        CheckReport(
            backend: backend, status: "unknown", exitCode: ExpiryCheck.Status.unknown.rawValue,
            error: error, keysTotal: nil, warnSeconds: warnSeconds, critSeconds: critSeconds,
            critical: nil, warning: nil)
    }

    /// `backend` is always present (null when no backend could be chosen); the other absent
    /// values are left out.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
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
    }

    /// The JSON document, or an error: never a partial one.
    func json() throws -> String {
        try JSONOutput.render(self)
    }

    /// The document when the report itself could not be encoded: `unknown`, from fixed text.
    static let encodingFailed = """
        {
          "backend" : null,
          "error" : "the check's report could not be encoded as JSON",
          "exit_code" : 3,
          "status" : "unknown"
        }
        """

    /// `keyconsole_up` and the scrape duration, which every Prometheus answer starts with.
    static func prometheusHeader(up: Bool, backend: BackendSummary?, seconds: Double) -> String {
        """
        # HELP keyconsole_up Whether the key API answered the check (1) or not (0).
        # TYPE keyconsole_up gauge
        keyconsole_up\(ExpiryCheck.labels([("backend", backend?.kind ?? "none")])) \(up ? 1 : 0)
        # HELP keyconsole_scrape_duration_seconds How long the check took.
        # TYPE keyconsole_scrape_duration_seconds gauge
        keyconsole_scrape_duration_seconds \(String(format: "%.3f", seconds))

        """
    }
}
