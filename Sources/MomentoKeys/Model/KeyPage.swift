/// One page of `GET /api-keys`.
public struct KeyPage: Codable, Sendable, Hashable {
    /// The keys of this page.
    public var keyInfo: [ApiKeyInfo]
    /// Present only when more keys remain.
    public var nextToken: String?

    /// Creates a page.
    public init(keyInfo: [ApiKeyInfo], nextToken: String?) {
        self.keyInfo = keyInfo
        self.nextToken = nextToken
    }

    enum CodingKeys: String, CodingKey {
        case keyInfo = "key_info"
        case nextToken = "next_token"
    }
}
