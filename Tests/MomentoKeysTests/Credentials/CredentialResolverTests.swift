import Foundation
import TestSupport
import Testing

@testable import MomentoKeys

@Suite("Where credentials come from")
struct CredentialResolverTests {
    let home = TemporaryDirectory()

    func resolver(_ environment: [String: String] = [:]) -> CredentialResolver {
        CredentialResolver(environment: environment, homeDirectory: home.path)
    }

    func writeCredentials(_ text: String) {
        home.write(".momento/credentials", text)
    }

    @Test("nothing configured means no credentials (the sandbox)")
    func nothingConfigured() throws {
        #expect(try resolver().resolve() == nil)
    }

    @Test("MOMENTO_API_KEY and MOMENTO_ENDPOINT are used when no profile is named")
    func environment() throws {
        let credentials = try #require(
            try resolver([
                "MOMENTO_API_KEY": TestTokens.v2Key(id: "env-key"),
                "MOMENTO_ENDPOINT": "cell-1-eu-west-1-1.prod.a.momentohq.com",
            ]).resolve())
        #expect(credentials.keyId == "env-key")
        #expect(credentials.origin == .environment)
        #expect(try credentials.requireEndpoint() == "cell-1-eu-west-1-1.prod.a.momentohq.com")
    }

    @Test("--profile wins over the environment")
    func profileWinsOverEnvironment() throws {
        writeCredentials(
            """
            [default]
            api_key_v2=\(TestTokens.v2Key(id: "default-key"))
            endpoint=cell-4-us-west-2-1.prod.a.momentohq.com

            [staging]
            api_key_v2 = \(TestTokens.v2Key(id: "staging-key"))
            endpoint = cell-1-eu-central-1-1.prod.a.momentohq.com
            """)
        let credentials = try #require(
            try resolver(["MOMENTO_API_KEY": TestTokens.v2Key(id: "env-key")])
                .resolve(profile: "staging"))
        #expect(credentials.keyId == "staging-key")
        #expect(credentials.endpoint == "cell-1-eu-central-1-1.prod.a.momentohq.com")
        #expect(
            credentials.origin
                == .profile(name: "staging", path: home.path + "/.momento/credentials"))
    }

    @Test("the environment wins over the default profile")
    func environmentWinsOverDefault() throws {
        writeCredentials("[default]\napi_key_v2=\(TestTokens.v2Key(id: "default-key"))\n")
        let credentials = try resolver(["MOMENTO_API_KEY": TestTokens.v2Key(id: "env-key")])
            .resolve()
        #expect(credentials?.keyId == "env-key")
    }

    @Test("the default profile is used last")
    func defaultProfile() throws {
        writeCredentials("# comment\n[default]\napi_key_v2=\(TestTokens.v2Key(id: "d"))\n")
        #expect(try resolver().resolve()?.keyId == "d")
    }

    @Test("MOMENTO_CONFIG_DIR moves the credentials file")
    func configDirectory() throws {
        home.write("elsewhere/credentials", "[default]\napi_key_v2=\(TestTokens.v2Key(id: "m"))\n")
        let resolver = resolver(["MOMENTO_CONFIG_DIR": home.path + "/elsewhere"])
        #expect(resolver.credentialsPath == home.path + "/elsewhere/credentials")
        #expect(try resolver.resolve()?.keyId == "m")
    }

    @Test("a v2 key with no endpoint fails with the SDKs' exact message")
    func missingEndpoint() throws {
        let credentials = try #require(
            try resolver(["MOMENTO_API_KEY": TestTokens.v2Key()]).resolve())
        #expect(throws: CredentialsError.missingEndpoint) { try credentials.requireEndpoint() }
        #expect(
            CredentialsError.missingEndpoint.description == "Missing required property: endpoint")
        #expect(
            try credentials.requireEndpoint(fallback: "cell-x.prod.a.momentohq.com")
                == "cell-x.prod.a.momentohq.com")
    }

    @Test("a named profile that does not exist is an error naming it")
    func missingProfile() {
        #expect(
            throws: CredentialsError.profileNotFound(
                name: "nope", path: home.path + "/.momento/credentials")
        ) {
            try resolver().resolve(profile: "nope")
        }
    }

    @Test(
        "keys of the wrong kind are refused by name",
        arguments: [
            (TestTokens.v1Key(), KeyKind.v1ApiKey, "v1 API key"),
            (TestTokens.legacyToken(), .legacyToken, "legacy"),
            (TestTokens.disposableToken(), .disposableToken, "disposable token"),
            (TestTokens.refreshToken(), .v2RefreshToken, "refresh token"),
        ])
    func wrongKind(key: String, kind: KeyKind, named: String) {
        do throws(CredentialsError) {
            _ = try resolver(["MOMENTO_API_KEY": key]).resolve()
            Issue.record("expected \(kind) to be refused")
        } catch {
            #expect(error == .unsupportedKind(kind, origin: .environment))
            #expect(error.description.contains(named))
            #expect(error.description.contains("needs a v2 API key"))
            #expect(!error.description.contains(key))
        }
    }

    @Test("an older profile holding a v1 key says so instead of 'no key'")
    func olderProfile() {
        writeCredentials("[default]\ntoken=\(TestTokens.v1Key())\n")
        #expect(
            throws: CredentialsError.unsupportedKind(
                .v1ApiKey,
                origin: .profile(name: "default", path: home.path + "/.momento/credentials"))
        ) {
            try resolver().resolve()
        }
    }

    @Test("the key never shows in descriptions or dumps of the credentials")
    func redaction() throws {
        let key = TestTokens.v2Key()
        let credentials = try #require(try resolver(["MOMENTO_API_KEY": key]).resolve())
        var dumped = ""
        dump(credentials, to: &dumped)
        #expect(!"\(credentials)".contains(key))
        #expect(!String(reflecting: credentials).contains(key))
        #expect(!dumped.contains(key))
        #expect(credentials.apiKey.exposedValue == key)
    }

    @Test("a set but empty or blank MOMENTO_API_KEY is an error, not 'nothing configured'")
    func blankEnvironmentKey() {
        for blank in ["", " ", "\t\n"] {
            #expect(throws: CredentialsError.blankEnvironmentKey) {
                try resolver(["MOMENTO_API_KEY": blank]).resolve()
            }
        }
        #expect(CredentialsError.blankEnvironmentKey.description.contains("MOMENTO_API_KEY"))
    }

    @Test("a malformed credentials file is an error naming the file and the line")
    func malformedFile() {
        writeCredentials("# mine\n[default\napi_key_v2=\(TestTokens.v2Key())\n")
        do throws(CredentialsError) {
            _ = try resolver().resolve()
            Issue.record("expected the unclosed header to be refused")
        } catch {
            #expect(
                error
                    == .malformedFile(
                        path: home.path + "/.momento/credentials",
                        INIFile.Malformed(line: 2, reason: "an unclosed [section] header")))
            #expect(error.description.contains("line 2"))
        }
    }

    @Test("a credentials symlink loop, a dangling link and a folder are errors, not 'no file'")
    func unreadableFiles() throws {
        let folder = home.path + "/.momento"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/credentials"
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "credentials")
        #expect(throws: CredentialsError.self) { try resolver().resolve() }
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "missing")
        #expect(throws: CredentialsError.self) { try resolver().resolve() }
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        do throws(CredentialsError) {
            _ = try resolver().resolve()
            Issue.record("expected a folder to be refused")
        } catch {
            #expect(error == .unreadableFile(path: path, reason: "it is not a regular file"))
        }
    }

    @Test(
        "a credentials file without [default] is an error that lists its profiles and names the sandbox"
    )
    func noDefaultProfile() {
        writeCredentials("[prod]\napi_key_v2=\(TestTokens.v2Key())\n[staging]\n")
        let message =
            CredentialsError.noDefaultProfile(path: "/c", profiles: ["prod"]).description
        #expect(
            message.hasSuffix("To open the sandbox instead: KEYCONSOLE_SANDBOX=default keyconsole"))
        #expect(
            throws: CredentialsError.noDefaultProfile(
                path: home.path + "/.momento/credentials", profiles: ["prod", "staging"])
        ) {
            try resolver().resolve()
        }
    }
}
