/// A newly created key: its plaintext (shown once), refresh token and metadata.
public struct CreatedKey: Codable, Sendable, Hashable {
    /// The plaintext API key. It exists only in this response.
    public var apiKey: Secret
    /// The refresh token, absent for keys that never expire or when excluded.
    public var refreshToken: Secret?
    /// The new key's metadata.
    public var keyInfo: ApiKeyInfo

    /// Creates a value.
    public init(apiKey: Secret, refreshToken: Secret?, keyInfo: ApiKeyInfo) {
        self.apiKey = apiKey
        self.refreshToken = refreshToken
        self.keyInfo = keyInfo
    }

    enum CodingKeys: String, CodingKey {
        case apiKey = "api_key"
        case refreshToken = "refresh_token"
        case keyInfo = "key_info"
    }

    /// Decodes the response of `POST /api-keys`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        apiKey = Secret(try container.decode(String.self, forKey: .apiKey))
        refreshToken = try container.decodeIfPresent(String.self, forKey: .refreshToken).map(
            Secret.init)
        keyInfo = try container.decode(ApiKeyInfo.self, forKey: .keyInfo)
    }

    /// Encodes the response of `POST /api-keys` (used by `keyconsole serve`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(apiKey.exposedValue, forKey: .apiKey)
        try container.encodeIfPresent(refreshToken?.exposedValue, forKey: .refreshToken)
        try container.encode(keyInfo, forKey: .keyInfo)
    }
}
