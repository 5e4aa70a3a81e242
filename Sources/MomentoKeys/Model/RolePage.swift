/// One page of `GET /roles`.
public struct RolePage: Codable, Sendable, Hashable {
    /// The roles of this page.
    public var roles: [Role]
    /// Present only when more roles remain.
    public var nextToken: String?

    /// Creates a page.
    public init(roles: [Role], nextToken: String?) {
        self.roles = roles
        self.nextToken = nextToken
    }

    enum CodingKeys: String, CodingKey {
        case roles
        case nextToken = "next_token"
    }
}
