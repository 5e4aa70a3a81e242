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
