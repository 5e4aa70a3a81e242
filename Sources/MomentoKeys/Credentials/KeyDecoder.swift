import Foundation
import JWTKit

/// Tells Momento key formats apart and reads their claims, offline and unverified.
///
/// Detection follows the SDKs: trim whitespace; if the whole string is standard base64 it is a
/// v1 envelope (or a disposable token inside one); otherwise it must be a JWT, and its `t`
/// claim (`g`, `gr`) or its `c`/`cp` claims say what it is.
public enum KeyDecoder {
    /// Classifies and decodes `bytes`, which must be UTF-8 text.
    public static func decode(bytes: some Collection<UInt8>) throws(KeyFormatError) -> DecodedKey {
        guard let text = String(validating: Array(bytes), as: UTF8.self) else {
            throw .notUTF8
        }
        return try decode(text)
    }

    /// Classifies and decodes a key or token string.
    public static func decode(_ text: String) throws(KeyFormatError) -> DecodedKey {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .empty }
        if let envelope = Data(base64Encoded: trimmed) {
            return try decodeEnvelope(envelope)
        }
        guard trimmed.contains(".") else {
            throw .notMomentoKey("it is neither a JWT nor base64")
        }
        let claims = try decodeJWT(trimmed)
        switch claims.t {
        case "g":
            guard let keyId = claims.jti, !keyId.isEmpty else {
                throw .malformedJWT("its v2 claims have no key id (jti)")
            }
            return DecodedKey(
                kind: .v2ApiKey, keyId: keyId, subject: claims.sub, issuedAt: claims.iat?.date,
                expiresAt: claims.exp?.date)
        case "gr":
            return DecodedKey(
                kind: .v2RefreshToken, keyId: claims.akid, subject: claims.sub,
                issuedAt: claims.iat?.date, expiresAt: claims.exp?.date)
        default:
            if claims.c != nil || claims.cp != nil {
                return DecodedKey(
                    kind: .legacyToken, endpoint: claims.c, controlEndpoint: claims.cp,
                    subject: claims.sub, issuedAt: claims.iat?.date, expiresAt: claims.exp?.date)
            }
            if let t = claims.t {
                throw .notMomentoKey("its token type \"\(t.prefix(20))\" is not a Momento one")
            }
            throw .notMomentoKey("the JWT has none of the claims Momento keys carry")
        }
    }

    private struct Envelope: Decodable {
        let endpoint: String
        let apiKey: String

        enum CodingKeys: String, CodingKey {
            case endpoint
            case apiKey = "api_key"
        }
    }

    private static func decodeEnvelope(_ data: Data) throws(KeyFormatError) -> DecodedKey {
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: data)
        } catch {
            throw .malformedEnvelope("it does not hold the JSON {\"endpoint\", \"api_key\"}")
        }
        let claims: Claims
        do {
            claims = try decodeJWT(envelope.apiKey)
        } catch {
            throw .malformedEnvelope("its api_key is not a JWT")
        }
        let kind: KeyKind = claims.t == "disposable" ? .disposableToken : .v1ApiKey
        return DecodedKey(
            kind: kind, keyId: claims.jti, endpoint: envelope.endpoint, subject: claims.sub,
            issuedAt: claims.iat?.date, expiresAt: claims.exp?.date)
    }

    private static func decodeJWT(_ token: String) throws(KeyFormatError) -> Claims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw .malformedJWT("it has \(parts.count) parts instead of 3")
        }
        guard parts.allSatisfy({ !$0.isEmpty }) else {
            throw .malformedJWT("one of its parts is empty")
        }
        let claims: Claims
        do {
            claims = try DefaultJWTParser().parse(Array(token.utf8), as: Claims.self).payload
        } catch {
            throw .malformedJWT("its header or claims do not decode (truncated?)")
        }
        guard [claims.iat, claims.exp].allSatisfy({ $0?.isInRange ?? true }) else {
            throw .malformedJWT("its iat or exp date is not between the years 1 and 9999")
        }
        return claims
    }
}

/// The claims Momento keys carry. Every field is optional so that any JWT decodes.
struct Claims: JWTPayload {
    var t: String?
    var jti: String?
    var akid: String?
    var sub: String?
    var c: String?
    var cp: String?
    var ver: Int?
    var iat: EpochSeconds?
    var exp: EpochSeconds?

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// A numeric date claim that accepts integers and fractions.
struct EpochSeconds: Codable, Hashable {
    var seconds: Double

    var date: Date { Date(timeIntervalSince1970: seconds) }

    /// Whether the date lies between the years 1 and 9999, as dates people handle do.
    var isInRange: Bool { (-62_135_596_800...253_402_300_799).contains(seconds) }

    init(from decoder: any Decoder) throws {
        seconds = try decoder.singleValueContainer().decode(Double.self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(seconds)
    }
}
