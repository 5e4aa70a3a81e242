import Foundation
import MomentoKeys
import TestSupport
import Testing

@Suite("Migration: what a v1 credential gives its v2 replacement")
struct V1CredentialTests {
    @Test(
        "a v1 key, a disposable token and a legacy token give their cell host, subject and expiry")
    func kinds() throws {
        let v1 = try V1Credential.read(TestTokens.v1Key() + "\n")
        #expect(v1.kind == .v1ApiKey)
        #expect(v1.endpoint == "cell-4-us-west-2-1.prod.a.momentohq.com")
        #expect(v1.subject == "me@example.com")
        #expect(v1.expiresAt == Date(timeIntervalSince1970: 1_900_000_000))
        #expect(v1.defaultDescription == "migrated from v1 me@example.com")
        #expect(try V1Credential.read(TestTokens.disposableToken()).kind == .disposableToken)
        let legacy = try V1Credential.read(TestTokens.legacyToken())
        #expect(legacy.kind == .legacyToken)
        #expect(legacy.endpoint == "cell-4-us-west-2-1.prod.a.momentohq.com", "no cache. prefix")
        #expect(legacy.expiresAt == nil)
    }

    @Test(
        "v2 keys, refresh tokens, no endpoint, an endpoint that is not a host: refused, never quoted"
    )
    func refusals() {
        let v2 = TestTokens.v2Key(id: "k-42")
        #expect(throws: MigrationError.alreadyV2(keyId: "k-42")) { try V1Credential.read(v2) }
        #expect(throws: MigrationError.refreshToken) {
            try V1Credential.read(TestTokens.refreshToken())
        }
        let noEndpoint = TestTokens.envelope(
            endpoint: "", inner: TestTokens.jwt(claimsJSON: #"{"ver":1}"#))
        #expect(throws: MigrationError.noEndpoint(.v1ApiKey)) {
            try V1Credential.read(noEndpoint)
        }
        for endpoint in [#"cell.example.com\n[default]"#, "cell example.com", "a;b.com"] {
            let bad = TestTokens.envelope(
                endpoint: endpoint, inner: TestTokens.jwt(claimsJSON: #"{"ver":1}"#))
            #expect(throws: MigrationError.invalidEndpoint(.v1ApiKey)) {
                try V1Credential.read(bad)
            }
        }
        // No message quotes the text it was given, however it is broken.
        let key = TestTokens.v1Key()
        for broken in [key, String(key.dropLast(7)), key + "!", "eyJ" + key.dropFirst(9)] {
            do {
                _ = try V1Credential.read(broken == key ? v2 : broken)
            } catch {
                #expect(!error.description.contains(broken.prefix(12)), "\(error)")
                #expect(!error.description.contains(v2.prefix(12)))
            }
        }
    }

    @Test("claims are unverified text: control characters leave the subject; the description fits")
    func hostileClaims() throws {
        let long = String(repeating: "x", count: 400)
        let token = TestTokens.envelope(
            endpoint: "cell-1-eu-west-1-1.prod.a.momentohq.com",
            inner: TestTokens.jwt(claimsJSON: #"{"sub":"a\u001b[31mb\u202e\#(long)","ver":1}"#))
        let old = try V1Credential.read(token)
        #expect(old.subject?.hasPrefix("a[31mb") == true)
        #expect(
            old.subject?.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0 != "\u{202E}" } == true)
        #expect(old.defaultDescription.count <= CreateKeyRequest.maxDescriptionLength)
        #expect(
            try V1Credential.read(
                TestTokens.envelope(
                    endpoint: "cell-1.example.com", inner: TestTokens.jwt(claimsJSON: #"{"ver":1}"#)
                )
            ).defaultDescription == "migrated from a v1 API key")
    }

    @Test("a key copied with its NAME= or its quotes still reads; base64's own = never cut")
    func unwrapping() throws {
        let key = TestTokens.v1Key()
        for text in ["MOMENTO_API_KEY=\(key)", "\"\(key)\"", "export_X='\(key)'", " \(key)\n"] {
            #expect(
                try V1Credential.read(text).endpoint == "cell-4-us-west-2-1.prod.a.momentohq.com")
        }
        #expect(V1Credential.unwrapped("QUJD==") == "QUJD==")
        #expect(V1Credential.unwrapped("QUJDRA=") == "QUJDRA=")
    }

    @Test("its region: a public one, a private cell of the user's table, preprod, or custom")
    func location() {
        let privateCell = Region(
            code: "acme-east", name: "Acme", cell: "cell-acme-1",
            endpoint: "cell-acme-1.prod.a.momentohq.com",
            httpEndpoint: "https://api.cache.cell-acme-1.prod.a.momentohq.com")
        let table = RegionTable(regions: RegionTable.bundled.regions + [privateCell])
        func kind(_ endpoint: String) -> EndpointKind? {
            try? V1Credential(kind: .v1ApiKey, endpoint: endpoint).location(in: table)
        }
        #expect(
            kind("cache.cell-4-us-west-2-1.prod.a.momentohq.com")
                == .region(table.region(code: "us-west-2")!))
        #expect(kind("cell-acme-1.prod.a.momentohq.com") == .region(privateCell))
        #expect(
            kind("cell-1.preprod.a.momentohq.com")
                == .preprod(host: "cell-1.preprod.a.momentohq.com"))
        #expect(kind("cell-9.example.com") == .custom(host: "cell-9.example.com"))
    }

    @Test("the code change names the endpoint in Momento's JavaScript forms and env variables")
    func guide() throws {
        let endpoint = "cell-acme-1.prod.a.momentohq.com"
        let lines = MigrationGuide.codeChange(endpoint: endpoint)
        #expect(lines.contains("  before: CredentialProvider.fromString(myApiKey)"))
        #expect(
            lines.contains("  after:  CredentialProvider.fromApiKeyV2(myApiKey, '\(endpoint)')"))
        #expect(lines.contains { $0.contains("fromEnvVarV2()") })
        #expect(lines.contains { $0.hasSuffix("MOMENTO_ENDPOINT=\(endpoint)") })
        let old = try V1Credential(kind: .v1ApiKey, endpoint: endpoint)
        #expect(MigrationGuide.reminder(old).contains("cannot revoke it"))
        #expect(throws: MigrationError.invalidEndpoint(.v1ApiKey)) {
            try V1Credential(kind: .v1ApiKey, endpoint: "a\nb.com")
        }
    }

    @Test("env files: export, quotes, comments; later lines win")
    func envFile() {
        let file = EnvFile(
            parsing: """
                # settings
                export MOMENTO_API_KEY="quoted value"
                  OTHER='single' 
                PLAIN=abc # a comment
                not a line
                PLAIN=def
                EMPTY=
                """)
        #expect(file.values["MOMENTO_API_KEY"] == "quoted value")
        #expect(file.values["OTHER"] == "single")
        #expect(file.values["PLAIN"] == "def")
        #expect(file.values["EMPTY"] == "")
        #expect(file.values.count == 4)
    }
}
