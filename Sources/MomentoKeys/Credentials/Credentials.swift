/// A v2 API key ready for key management, with the endpoint that came with it and its origin.
public struct Credentials: Sendable, Hashable {
    /// The API key. Read it only to send it.
    public var apiKey: Secret
    /// What the key says about itself (kind v2, key id, expiry).
    public var decoded: DecodedKey
    /// The cell endpoint from the same source, if it gave one.
    public var endpoint: String?
    /// Where the key came from.
    public var origin: CredentialOrigin

    /// Creates a value.
    public init(apiKey: Secret, decoded: DecodedKey, endpoint: String?, origin: CredentialOrigin) {
        self.apiKey = apiKey
        self.decoded = decoded
        self.endpoint = endpoint
        self.origin = origin
    }

    /// The key id (`jti`) of the key this console is authenticated with.
    public var keyId: String { decoded.keyId ?? "" }

    /// The account the key acts for, as far as the key itself tells: the account id its `sub`
    /// claim names, else the key's own id (one key, one account). What is kept per account
    /// (its token bucket, its cache) is kept under it, never under the key API's URL alone.
    public var account: String { decoded.subject ?? keyId }

    /// The endpoint, or the SDKs' error when no source gave one.
    public func requireEndpoint(fallback: String? = nil) throws(CredentialsError) -> String {
        if let endpoint = endpoint ?? fallback, !endpoint.isEmpty { return endpoint }
        throw .missingEndpoint
    }
}

/// Where a key was found.
public enum CredentialOrigin: Sendable, Hashable, CustomStringConvertible {
    /// A profile of Momento CLI's credentials file.
    case profile(name: String, path: String)
    /// `MOMENTO_API_KEY` (with `MOMENTO_ENDPOINT`).
    case environment

    /// `profile NAME (PATH)` or `MOMENTO_API_KEY`.
    public var description: String {
        switch self {
        case .profile(let name, let path): "profile \(name) (\(path))"
        case .environment: "MOMENTO_API_KEY"
        }
    }
}
