import Foundation
import JWTKit
import MomentoKeys

/// Issues and checks the sandbox's keys: v2-format JWTs signed HS512 with the sandbox's secret.
struct SandboxSigner: Sendable {
    private let keys: JWTKeyCollection

    init(secret: Data) async {
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha512)
    }

    /// A v2 API key (`t: "g"`) for this key id.
    func apiKey(keyId: String, accountId: String, issuedAt: Int64, expiresAt: Int64?) async throws
        -> String
    {
        try await keys.sign(
            SandboxClaims(
                t: "g", jti: keyId, akid: nil, sub: accountId, iat: issuedAt, exp: expiresAt))
    }

    /// A v2 refresh token (`t: "gr"`) for this key id.
    func refreshToken(keyId: String, accountId: String, issuedAt: Int64, expiresAt: Int64)
        async throws -> String
    {
        try await keys.sign(
            SandboxClaims(
                t: "gr", jti: nil, akid: keyId, sub: accountId, iat: issuedAt, exp: expiresAt))
    }

    /// The claims of a token whose signature is this sandbox's, or `nil`.
    func verifiedClaims(_ token: String) async -> SandboxClaims? {
        try? await keys.verify(token, as: SandboxClaims.self)
    }
}

/// The claims of a sandbox key or refresh token.
struct SandboxClaims: JWTPayload, Equatable {
    var t: String
    var jti: String?
    var akid: String?
    var sub: String
    var iat: Int64
    var exp: Int64?

    /// Expiry and revocation are checked against the sandbox's clock and database instead.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
