/// One Momento region (cell) that keys can be used with.
public struct Region: Codable, Sendable, Hashable {
    /// AWS region code, e.g. `us-west-2`.
    public let code: String
    /// Display name, e.g. `US West (Oregon)`.
    public let name: String
    /// Cell name, e.g. `cell-4-us-west-2-1`.
    public let cell: String
    /// SDK endpoint (`<cell>.prod.a.momentohq.com`), the value of `MOMENTO_ENDPOINT`.
    public let endpoint: String
    /// Base URL of the HTTP data API for this cell.
    public let httpEndpoint: String

    /// Creates a region row.
    public init(code: String, name: String, cell: String, endpoint: String, httpEndpoint: String) {
        self.code = code
        self.name = name
        self.cell = cell
        self.endpoint = endpoint
        self.httpEndpoint = httpEndpoint
    }

    enum CodingKeys: String, CodingKey {
        case code = "region"
        case name, cell, endpoint
        case httpEndpoint = "http_endpoint"
    }
}

extension Region {
    /// Whether the row is one of the bundled table's (not a private cell of the user's file).
    public var isBundled: Bool { RegionTable.bundled.regions.contains(self) }
}
