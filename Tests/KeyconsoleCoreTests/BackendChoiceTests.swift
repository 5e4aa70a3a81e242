import Foundation
import KeySandbox
import KeyconsoleCore
import MomentoKeys
import TestSupport
import Testing

/// Which backend the console and the commands choose: the sandbox only when asked for, or, in
/// the console, when nothing at all is configured.
@Suite("Choosing the backend: no silent sandbox")
struct BackendChoiceTests {
    let home = TemporaryDirectory()

    func choose(
        _ arguments: [String] = [], _ caller: BackendResolver.Caller = .command,
        environment extra: [String: String] = [:]
    ) throws -> BackendResolver.Choice {
        var environment = ["HOME": home.path, "XDG_DATA_HOME": home.path + "/data"]
        environment.merge(extra) { $1 }
        let options = try Self.settings(arguments)
        return try BackendResolver(options: options, environment: environment).choose(caller)
    }

    /// The failure's text, or a recorded issue when there was none.
    func failure(
        _ arguments: [String] = [], _ caller: BackendResolver.Caller = .command,
        environment: [String: String] = [:]
    ) -> String {
        do {
            let choice = try choose(arguments, caller, environment: environment)
            Issue.record("expected a failure, got \(choice)")
            return ""
        } catch {
            return "\(error)"
        }
    }

    /// The settings the command line `arguments` give (the options these tests use).
    static func settings(_ arguments: [String]) throws -> ConnectionSettings {
        var settings = ConnectionSettings()
        var rest = arguments[...]
        while let option = rest.popFirst() {
            let value = rest.popFirst()
            switch option {
            case "--profile": settings.profile = value
            case "--api-url": settings.apiURL = value
            case "--region": settings.region = value
            case "--sandbox": settings.sandboxPath = value
            case "--rate-limit": settings.rateLimit = value.flatMap(Double.init)
            default: throw CLIError("unknown option \(option)")
            }
        }
        try settings.validate()
        return settings
    }

    var defaultSandbox: String { home.path + "/data/keyconsole/sandbox.sqlite" }

    @Test("nothing configured: the console opens the default sandbox; a command refuses")
    func nothingConfigured() throws {
        #expect(try choose([], .console) == .sandbox(path: defaultSandbox))
        let message = failure()
        #expect(message.contains("No Momento credentials"))
        #expect(message.contains("MOMENTO_API_KEY"))
        #expect(message.contains(home.path + "/.momento/credentials"))
        #expect(message.contains("--sandbox PATH") && message.contains("KEYCONSOLE_SANDBOX"))
    }

    @Test("a command uses the sandbox when asked: --sandbox, or KEYCONSOLE_SANDBOX")
    func sandboxAskedFor() throws {
        #expect(try choose(["--sandbox", "/tmp/x.sqlite"]) == .sandbox(path: "/tmp/x.sqlite"))
        #expect(
            try choose(environment: ["KEYCONSOLE_SANDBOX": "default"])
                == .sandbox(path: defaultSandbox))
        #expect(
            try choose(environment: ["KEYCONSOLE_SANDBOX": "/tmp/y.sqlite"])
                == .sandbox(path: "/tmp/y.sqlite"))
        #expect(failure(environment: ["KEYCONSOLE_SANDBOX": " "]).contains("set but empty"))
        // --sandbox on the command line beats a key in the environment.
        #expect(
            try choose(
                ["--sandbox", "/tmp/x.sqlite"], environment: ["MOMENTO_API_KEY": TestTokens.v2Key()]
            )
                == .sandbox(path: "/tmp/x.sqlite"))
    }

    @Test("KEYCONSOLE_SANDBOX beside a key or API URL in the environment is a conflict")
    func sandboxConflicts() {
        let message = failure(
            environment: ["KEYCONSOLE_SANDBOX": "default", "MOMENTO_API_KEY": TestTokens.v2Key()])
        #expect(message.contains("KEYCONSOLE_SANDBOX") && message.contains("MOMENTO_API_KEY"))
        #expect(
            failure(
                environment: [
                    "KEYCONSOLE_SANDBOX": "default", "KEYCONSOLE_API_URL": "http://127.0.0.1:9",
                ]
            ).contains("unset one"))
        #expect(throws: CLIError.self) {
            try Self.settings(["--sandbox", "x", "--profile", "prod"]).validate()
        }
    }

    @Test(
        "an API URL without a key fails in the console and the commands alike",
        arguments: [BackendResolver.Caller.console, .command])
    func apiURLWithoutKey(caller: BackendResolver.Caller) {
        #expect(failure(["--api-url", "http://127.0.0.1:9"], caller).contains("--api-url"))
        #expect(
            failure([], caller, environment: ["KEYCONSOLE_API_URL": "https://example.com"])
                .contains("KEYCONSOLE_API_URL names an API URL, but no API key"))
    }

    @Test(
        "a blank key, a broken credentials file or a missing profile fails in the console too",
        arguments: [BackendResolver.Caller.console, .command])
    func credentialProblems(caller: BackendResolver.Caller) throws {
        #expect(failure([], caller, environment: ["MOMENTO_API_KEY": ""]).contains("set but empty"))
        #expect(
            failure([], caller, environment: ["MOMENTO_API_KEY": " \t"]).contains("set but empty"))
        #expect(failure(["--profile", "prod"], caller).contains("No profile [prod]"))
        _ = home.write(".momento/credentials", "[default\napi_key_v2=x\n")
        #expect(failure([], caller).contains("unclosed"))
        try FileManager.default.removeItem(atPath: home.path + "/.momento/credentials")
        try FileManager.default.createSymbolicLink(
            atPath: home.path + "/.momento/credentials", withDestinationPath: "credentials")
        #expect(failure([], caller).contains("symbolic links"))
    }

    @Test("a key in the environment chooses its Momento account")
    func momento() throws {
        let key = TestTokens.v2Key(id: "env-key")
        guard case .momento(let credentials) = try choose(environment: ["MOMENTO_API_KEY": key])
        else {
            Issue.record("expected Momento")
            return
        }
        #expect(credentials.keyId == "env-key")
    }

    @Test(
        "the journal and monitoring name the account by scheme, host, port and path: no user, password, query or fragment"
    )
    func urlWithoutPassword() throws {
        let url = try #require(URL(string: "https://ops:s3cret@keys.example.com:8443/base"))
        #expect(Backend.location(url) == "https://keys.example.com:8443/base")
        let query = try #require(
            URL(string: "https://keys.example.com:8443/base/?token=s3cret&x=1#frag"))
        #expect(Backend.location(query) == "https://keys.example.com:8443/base/")
    }

    @Test(
        "plain http:// only to a loopback address, judged by what the host resolves to; https anywhere"
    )
    func plainHTTPOnlyToLoopback() throws {
        func override(_ url: String, resolvesTo addresses: [String]) throws -> URL? {
            var resolver = BackendResolver(
                options: try Self.settings(["--api-url", url]), environment: [:])
            resolver.resolve = { (_: String) throws(ServeAddress.Failure) -> [String] in
                addresses
            }
            return try resolver.apiURLOverride()
        }
        // The URL used names the address judged: no second look-up can send the key elsewhere.
        #expect(
            try override("http://127.1:8080/base?x=1", resolvesTo: ["127.0.0.1"])?.absoluteString
                == "http://127.0.0.1:8080/base?x=1")
        #expect(
            try override("http://[::1]:8080", resolvesTo: ["::1"])?.absoluteString
                == "http://[::1]:8080")
        #expect(
            try override("http://localhost:9", resolvesTo: ["127.0.0.1", "::1"])?.absoluteString
                == "http://127.0.0.1:9")
        #expect(try override("https://keys.example.com", resolvesTo: ["203.0.113.5"]) != nil)
        for (url, addresses) in [
            ("http://keys.example.com", ["203.0.113.5"]),
            ("http://127.0.0.1.example.com:8080", ["198.51.100.7"]),
            ("http://localhost:9", ["127.0.0.1", "192.0.2.1"]),
        ] {
            do {
                _ = try override(url, resolvesTo: addresses)
                Issue.record("\(url) should be refused")
            } catch {
                #expect("\(error)".contains("https://"), "\(error)")
                #expect("\(error)".contains("loopback"), "\(error)")
            }
        }
    }
}
