import Foundation

/// What a Momento key or token says about itself, read offline and unverified.
public struct DecodedKey: Sendable, Hashable {
    /// The key's format.
    public var kind: KeyKind
    /// The key id: `jti` of a v2 key, `akid` of a v2 refresh token.
    public var keyId: String?
    /// The endpoint in a v1 envelope, or the cache endpoint (`c`) of a legacy token.
    public var endpoint: String?
    /// The control endpoint (`cp`) of a legacy token.
    public var controlEndpoint: String?
    /// The `sub` claim, when present.
    public var subject: String?
    /// The `iat` claim.
    public var issuedAt: Date?
    /// The `exp` claim; `nil` when the key never expires.
    public var expiresAt: Date?

    /// Creates a value.
    public init(
        kind: KeyKind, keyId: String? = nil, endpoint: String? = nil,
        controlEndpoint: String? = nil, subject: String? = nil, issuedAt: Date? = nil,
        expiresAt: Date? = nil
    ) {
        self.kind = kind
        self.keyId = keyId
        self.endpoint = endpoint
        self.controlEndpoint = controlEndpoint
        self.subject = subject
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
    }
}
