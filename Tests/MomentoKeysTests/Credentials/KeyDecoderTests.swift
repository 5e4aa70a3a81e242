import Foundation
import TestSupport
import Testing

@testable import MomentoKeys

@Suite("Key formats")
struct KeyDecoderTests {
    @Test("a v2 key gives its id from jti and expiry from exp")
    func v2Key() throws {
        let decoded = try KeyDecoder.decode(TestTokens.v2Key(id: "abc-123", exp: 1_900_000_000))
        #expect(decoded.kind == .v2ApiKey)
        #expect(decoded.keyId == "abc-123")
        #expect(decoded.expiresAt == Date(timeIntervalSince1970: 1_900_000_000))
        #expect(decoded.issuedAt == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(decoded.subject == "acct-1")
    }

    @Test("a v2 key without exp never expires")
    func v2KeyWithoutExpiry() throws {
        let decoded = try KeyDecoder.decode(TestTokens.v2Key(exp: nil))
        #expect(decoded.kind == .v2ApiKey)
        #expect(decoded.expiresAt == nil)
    }

    @Test("surrounding whitespace and newlines are trimmed")
    func whitespaceWrapped() throws {
        let decoded = try KeyDecoder.decode("  \n\t" + TestTokens.v2Key(id: "w-1") + "\r\n ")
        #expect(decoded.keyId == "w-1")
    }

    @Test("a v2 refresh token is told apart by t == gr")
    func refreshToken() throws {
        let decoded = try KeyDecoder.decode(TestTokens.refreshToken(keyId: "k-9"))
        #expect(decoded.kind == .v2RefreshToken)
        #expect(decoded.keyId == "k-9")
    }

    @Test("a v1 envelope gives its endpoint")
    func v1Key() throws {
        let decoded = try KeyDecoder.decode(TestTokens.v1Key())
        #expect(decoded.kind == .v1ApiKey)
        #expect(decoded.endpoint == "cell-4-us-west-2-1.prod.a.momentohq.com")
    }

    @Test("a disposable token is a v1 envelope whose inner t is disposable")
    func disposableToken() throws {
        #expect(try KeyDecoder.decode(TestTokens.disposableToken()).kind == .disposableToken)
    }

    @Test("a legacy token carries c and cp")
    func legacyToken() throws {
        let decoded = try KeyDecoder.decode(TestTokens.legacyToken())
        #expect(decoded.kind == .legacyToken)
        #expect(decoded.endpoint == "cache.cell-4-us-west-2-1.prod.a.momentohq.com")
        #expect(decoded.controlEndpoint == "control.cell-4-us-west-2-1.prod.a.momentohq.com")
    }

    @Test(
        "malformed input gives a clear error, never a crash",
        arguments: [
            ("", KeyFormatError.empty),
            ("   \n ", .empty),
            ("hello world", .notMomentoKey("it is neither a JWT nor base64")),
            ("a.b", .malformedJWT("it has 2 parts instead of 3")),
            ("a..c", .malformedJWT("one of its parts is empty")),
            ("a.b.c.d", .malformedJWT("it has 4 parts instead of 3")),
            (
                "eyJhbGciOiJIUzUxMiJ9.!!!!.c2ln",
                .malformedJWT("its header or claims do not decode (truncated?)")
            ),
            (
                Data("not json".utf8).base64EncodedString(),
                .malformedEnvelope("it does not hold the JSON {\"endpoint\", \"api_key\"}")
            ),
            (
                Data(#"{"endpoint":"x","api_key":"nope"}"#.utf8).base64EncodedString(),
                .malformedEnvelope("its api_key is not a JWT")
            ),
        ])
    func malformed(input: String, expected: KeyFormatError) {
        #expect(throws: expected) { try KeyDecoder.decode(input) }
    }

    @Test("a truncated v2 key is refused")
    func truncated() {
        let key = TestTokens.v2Key()
        let cut = String(key.prefix(key.count / 2))
        #expect(throws: KeyFormatError.self) { try KeyDecoder.decode(cut) }
    }

    @Test("a JWT without Momento claims is not a Momento key")
    func foreignJWT() {
        #expect(
            throws: KeyFormatError.notMomentoKey(
                "the JWT has none of the claims Momento keys carry")
        ) {
            try KeyDecoder.decode(TestTokens.jwt(claimsJSON: #"{"sub":"x","iss":"google"}"#))
        }
        #expect(
            throws: KeyFormatError.notMomentoKey("its token type \"access\" is not a Momento one")
        ) {
            try KeyDecoder.decode(TestTokens.jwt(claimsJSON: #"{"t":"access"}"#))
        }
    }

    @Test("a v2 key without jti is malformed")
    func v2WithoutKeyId() {
        #expect(throws: KeyFormatError.malformedJWT("its v2 claims have no key id (jti)")) {
            try KeyDecoder.decode(TestTokens.jwt(claimsJSON: #"{"t":"g"}"#))
        }
    }

    @Test("bytes that are not UTF-8 are refused")
    func notUTF8() {
        #expect(throws: KeyFormatError.notUTF8) {
            try KeyDecoder.decode(bytes: [0x65, 0x79, 0xFF, 0xFE, 0x2E])
        }
        #expect(throws: Never.self) { try KeyDecoder.decode(bytes: Array(TestTokens.v2Key().utf8)) }
    }

    @Test("error messages never echo the input")
    func messagesDoNotEchoInput() {
        let secretish = "s3cr3t-value-that-must-not-echo.abc"
        do throws(KeyFormatError) {
            _ = try KeyDecoder.decode(secretish)
            Issue.record("expected a failure")
        } catch {
            #expect(!error.description.contains("s3cr3t"))
        }
    }
}
