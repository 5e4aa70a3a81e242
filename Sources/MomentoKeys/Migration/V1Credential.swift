import Foundation

/// A credential from before v2 keys (a v1 API key, a disposable token or a legacy token):
/// what a migration to a v2 key takes from it. Never its secret.
public struct V1Credential: Sendable, Hashable {
    /// The credential's format: v1 API key, disposable token or legacy token.
    public let kind: KeyKind
    /// The cell host it works with (`cell-4-us-west-2-1.prod.a.momentohq.com`): the v1
    /// envelope's endpoint, or a legacy token's cache endpoint without its `cache.` prefix.
    public let endpoint: String
    /// The `sub` claim (often the account's e-mail address), printable characters only.
    public let subject: String?
    /// The `jti` claim, when it has one.
    public let keyId: String?
    /// The `iat` claim.
    public let issuedAt: Date?
    /// The `exp` claim; `nil` when it never expires.
    public let expiresAt: Date?

    /// Reads a credential from its text, in any form ``KeyText`` reads: whitespace or quotes
    /// around it are ignored, and so is a `NAME=` before it; an env file or a profile gives
    /// its key.
    public static func read(_ text: String) throws(MigrationError) -> V1Credential {
        let decoded: DecodedKey
        do {
            decoded = try KeyDecoder.decode(KeyText.key(in: text, .v1First))
        } catch {
            throw .unreadable(error)
        }
        return try V1Credential(decoded)
    }

    /// The credential a decoded key is; an error for v2 keys and refresh tokens, and for a
    /// credential whose endpoint is missing or is not a host name.
    public init(_ decoded: DecodedKey) throws(MigrationError) {
        switch decoded.kind {
        case .v2ApiKey: throw .alreadyV2(keyId: decoded.keyId)
        case .v2RefreshToken: throw .refreshToken
        case .v1ApiKey, .disposableToken, .legacyToken: break
        }
        guard let raw = decoded.endpoint, !raw.isEmpty else { throw .noEndpoint(decoded.kind) }
        try self.init(
            kind: decoded.kind, endpoint: raw,
            subject: decoded.subject.map(Self.printable).flatMap { $0.isEmpty ? nil : $0 },
            keyId: decoded.keyId.map(Self.printable).flatMap { $0.isEmpty ? nil : $0 },
            issuedAt: decoded.issuedAt, expiresAt: decoded.expiresAt)
    }

    /// Creates a value from its parts; the endpoint is normalised, and must then be a host
    /// name: it goes into files (env, profiles) and code, and nothing else may.
    public init(
        kind: KeyKind, endpoint: String, subject: String? = nil, keyId: String? = nil,
        issuedAt: Date? = nil, expiresAt: Date? = nil
    ) throws(MigrationError) {
        let host = Endpoint.normalizedHost(endpoint)
        guard Endpoint.isValidHostName(host) else { throw .invalidEndpoint(kind) }
        self.kind = kind
        self.endpoint = host
        self.subject = subject
        self.keyId = keyId
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
    }

    /// What it is, in a few words: its kind and subject (or key id), `v1 API key me@example.com`.
    public var label: String {
        [kind.rawValue, subject ?? keyId].compactMap { $0 }.joined(separator: " ")
    }

    /// The replacement's description when none is given: `migrated from v1 <subject>` (or
    /// its key id, or its kind), cut to the longest description a key may have.
    public var defaultDescription: String {
        let text =
            subject.map { "migrated from v1 \($0)" } ?? keyId.map { "migrated from v1 key \($0)" }
            ?? "migrated from a \(kind.rawValue)"
        return String(text.prefix(CreateKeyRequest.maxDescriptionLength))
    }

    /// The key in `text`: without the whitespace and quotes around it, and without a
    /// `NAME=` before it. Base64 has `=` only at its end, so a `=` followed by anything but
    /// `=` ends a name, never a key.
    public static func unwrapped(_ text: String) -> String {
        var key = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        if let equals = key.firstIndex(of: "="), key.index(after: equals) < key.endIndex,
            key[key.index(after: equals)] != "=",
            key[..<equals].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }),
            !key[..<equals].isEmpty
        {
            key = key[key.index(after: equals)...]
        }
        for quote in ["\"", "'"]
        where key.count >= 2 && key.hasPrefix(quote) && key.hasSuffix(quote) {
            key = key.dropFirst().dropLast()
        }
        return String(key)
    }

    /// What the endpoint is in `table`: a region (a public one or a private cell of the
    /// user's regions file), a preprod cell, or a custom endpoint.
    public func location(in table: RegionTable) -> EndpointKind {
        table.classify(endpoint: endpoint)
    }

    /// Whether it has expired at `now`.
    public func hasExpired(at now: Date) -> Bool {
        expiresAt.map { $0 <= now } ?? false
    }

    /// Claims come from the token, unverified: control and format characters go.
    private static func printable(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.filter {
                    !CharacterSet.controlCharacters.contains($0)
                        && $0.properties.generalCategory != .format
                }
            ).prefix(120))
    }
}

/// Why a credential cannot be migrated.
public enum MigrationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text is not a Momento key or token.
    case unreadable(KeyFormatError)
    /// It is a v2 API key already.
    case alreadyV2(keyId: String?)
    /// It is a v2 refresh token.
    case refreshToken
    /// It names no endpoint.
    case noEndpoint(KeyKind)
    /// Its endpoint is not a host name.
    case invalidEndpoint(KeyKind)

    /// A sentence for a person; never the key.
    public var description: String {
        switch self {
        case .unreadable(let error):
            error.description
        case .alreadyV2(let keyId):
            "This is a v2 API key already"
                + (keyId.map { " (key id \(String($0.prefix(64))))" } ?? "")
                + ": nothing to migrate. Use it with CredentialProvider.fromApiKeyV2(key,"
                + " endpoint)."
        case .refreshToken:
            "This is a v2 refresh token, not a v1 key: nothing to migrate."
        case .noEndpoint(let kind):
            "This \(kind.rawValue) names no endpoint, so its region is unknown."
        case .invalidEndpoint(let kind):
            "The endpoint in this \(kind.rawValue) is not a host name; it cannot be used."
        }
    }
}
