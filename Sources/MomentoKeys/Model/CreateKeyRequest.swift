/// The body of `POST /api-keys`.
public struct CreateKeyRequest: Codable, Sendable, Hashable {
    /// The role to grant, e.g. `r-operator`.
    public var roleId: String
    /// Free text; `""` when none.
    public var description: String
    /// When the key expires.
    public var expiry: Expiry
    /// Whether to skip issuing a refresh token.
    public var excludeRefreshToken: Bool

    /// The longest description keyconsole sends and its sandbox stores, in characters
    /// (Momento documents no limit).
    public static let maxDescriptionLength = 200

    /// Why `description` cannot be sent as it is, or `nil` when it can: longer than
    /// ``maxDescriptionLength``, or holding a NUL character (which SQLite, and so the sandbox,
    /// would cut the text at).
    public static func descriptionProblem(_ description: String) -> String? {
        if description.utf8.contains(0) { return "description must not contain a NUL character" }
        // Characters as a person counts them, and at most four bytes each (so combining marks
        // cannot make 200 "characters" of a megabyte).
        if description.count > maxDescriptionLength
            || description.utf8.count > 4 * maxDescriptionLength
        {
            return "description must be at most \(maxDescriptionLength) characters"
        }
        return nil
    }

    /// Creates a request.
    public init(
        roleId: String, description: String, expiry: Expiry, excludeRefreshToken: Bool = false
    ) {
        self.roleId = roleId
        self.description = description
        self.expiry = expiry
        self.excludeRefreshToken = excludeRefreshToken
    }

    enum CodingKeys: String, CodingKey {
        case roleId = "role_id"
        case description, expiry
        case excludeRefreshToken = "exclude_refresh_token"
    }
}
