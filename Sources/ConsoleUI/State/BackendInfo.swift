import Foundation
import MomentoKeys

/// What the console is connected to, for the header.
public struct BackendInfo: Sendable, Hashable {
    /// The kind of backend.
    public enum Kind: Sendable, Hashable {
        /// The embedded sandbox at this path.
        case sandbox(path: String)
        /// A production account; region name when the endpoint is in the table.
        case production(endpoint: String, region: String?)
        /// A pre-production account.
        case preprod(endpoint: String)
    }

    /// The kind of backend.
    public var kind: Kind
    /// The key id this console authenticates with, when it uses a key.
    public var ownKeyId: String?
    /// The account that key acts for, as the key tells (its account id, else its own id):
    /// what the account's cache is kept under.
    public var account: String?
    /// When that key expires, from its own claims.
    public var ownKeyExpiresAt: Date?
    /// The key API's host (and port) when it is not Momento's (`--api-url`,
    /// `KEYCONSOLE_API_URL`): the header shows it instead of `PROD`.
    public var apiHost: String?
    /// The Momento CLI profile the credentials came from, when they came from one.
    public var profile: String?
    /// Where the endpoint comes from when not from the region saved with `p`
    /// (`MOMENTO_ENDPOINT`, `profile prod`): the saved one is overridden at every start.
    public var endpointSource: String?

    /// Creates a value.
    public init(
        kind: Kind, ownKeyId: String? = nil, ownKeyExpiresAt: Date? = nil, apiHost: String? = nil,
        profile: String? = nil
    ) {
        self.kind = kind
        self.ownKeyId = ownKeyId
        self.ownKeyExpiresAt = ownKeyExpiresAt
        self.apiHost = apiHost
        self.profile = profile
    }
}

extension BackendInfo.Kind {
    /// The kind of a Momento account whose keys use `endpoint`, named from `table`.
    public init(endpoint: String, table: RegionTable) {
        switch table.classify(endpoint: endpoint) {
        case .region(let region):
            self = .production(endpoint: region.endpoint, region: "\(region.name) \(region.code)")
        case .preprod(let host):
            self = .preprod(endpoint: host)
        case .custom(let host):
            self = .production(endpoint: host, region: nil)
        }
    }
}

extension BackendInfo.Kind {
    /// Whether it is a Momento account (prod or preprod) rather than the sandbox.
    public var isMomento: Bool {
        if case .sandbox = self { return false }
        return true
    }
}
