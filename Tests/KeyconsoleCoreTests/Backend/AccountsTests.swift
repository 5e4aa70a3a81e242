import Foundation
import KeyconsoleCore
import MomentoKeys
import TestSupport
import Testing

/// The accounts of a run: which profiles, each one's key API and read-only flag, its own
/// token bucket; and the documents of several merged.
@Suite("Several accounts: choosing them, their key APIs and their budgets")
struct AccountsTests {
    let home = TemporaryDirectory()

    var environment: [String: String] {
        ["HOME": home.path, "XDG_CONFIG_HOME": home.path + "/config"]
    }

    func write(config: String) {
        home.write(
            ".momento/credentials",
            """
            [prod]
            api_key_v2=\(TestTokens.v2Key(id: "prod-key"))
            endpoint=cell-4-us-west-2-1.prod.a.momentohq.com

            [staging]
            api_key_v2=\(TestTokens.v2Key(id: "staging-key"))
            endpoint=cell-1-eu-west-1-1.prod.a.momentohq.com

            [old]
            token=\(TestTokens.v1Key())
            """)
        home.write("config/keyconsole/config", config)
    }

    func accounts(
        _ settings: ConnectionSettings, environment extra: [String: String] = [:]
    ) throws -> BackendResolver.Accounts {
        try BackendResolver(options: settings, environment: environment.merging(extra) { $1 })
            .accounts()
    }

    func apiURL(_ account: BackendResolver.Account) throws -> String? {
        try account.resolver.apiURLOverride()?.absoluteString
    }

    @Test(
        "the config's profiles are the default set, each with its own api_url and read_only; MOMENTO_API_KEY or --profile choose instead"
    )
    func defaultSet() throws {
        write(
            config: """
                profiles = ["staging", "prod"]

                [profile.staging]
                api_url = "http://127.0.0.1:8081"
                read_only = true
                """)
        let set = try accounts(ConnectionSettings())
        #expect(set.accounts.map(\.profile) == ["staging", "prod"])
        #expect(set.isSeveral)
        #expect(try apiURL(set.accounts[0]) == "http://127.0.0.1:8081")
        #expect(try apiURL(set.accounts[1]) == nil)
        #expect(set.accounts.map(\.readOnly) == [true, false])
        // A key in the environment is one account, as before.
        let key = try accounts(
            ConnectionSettings(), environment: ["MOMENTO_API_KEY": TestTokens.v2Key(id: "e")])
        #expect(key.accounts.map(\.profile) == [nil])
        // --profile names one: its own settings still hold.
        let one = try accounts(ConnectionSettings(profile: "staging"))
        #expect(!one.isSeveral)
        #expect(try apiURL(one.accounts[0]) == "http://127.0.0.1:8081")
        // --api-url is for every account.
        let all = try accounts(
            ConnectionSettings(allProfiles: true, apiURL: "http://127.0.0.1:9000"))
        #expect(try all.accounts.map(apiURL) == ["http://127.0.0.1:9000", "http://127.0.0.1:9000"])
        #expect(
            all.skippedNotice == "Left out: profile old (it holds a v1 API key, not a v2 API key).")
    }

    @Test(
        "a profile's api_url over plain http:// must be loopback, as --api-url; a missing profile is an error; commands that change keys take one"
    )
    func refusals() throws {
        write(
            config: """
                [profile.prod]
                api_url = "http://example.com:8081"
                """)
        let set = try accounts(ConnectionSettings(profiles: ["prod", "staging"]))
        #expect(throws: BackendResolver.Failure.self) {
            try set.accounts[0].resolver.apiURLOverride()
        }
        #expect(throws: BackendResolver.Failure.self) {
            try accounts(ConnectionSettings(profiles: ["prod", "nope"]))
        }
        do {
            _ = try BackendResolver(
                options: ConnectionSettings(profiles: ["prod", "staging"]), environment: environment
            ).singleAccount(for: "revoke")
            Issue.record("several accounts were taken for a revoke")
        } catch {
            #expect(
                error.description
                    == "revoke works on one account at a time, and prod, staging are asked for:"
                    + " name one with --profile NAME.")
        }
        #expect(throws: CLIError.self) {
            try ConnectionSettings(profiles: ["prod"], allProfiles: true).validate()
        }
        #expect(throws: CLIError.self) {
            try ConnectionSettings(allProfiles: true, sandboxPath: "/tmp/x").validate()
        }
    }

    @Test(
        "settings that cannot be read are refused, never taken for none: a config that is not TOML, a misspelt read_only"
    )
    func unreadableSettings() throws {
        write(config: "profiles = [\"prod\"\n[profile.prod]\nread_only = true\n")
        #expect(throws: BackendResolver.Failure.self) { try accounts(ConnectionSettings()) }
        write(config: "[profile.staging]\nreadonly = true\n")
        do {
            _ = try accounts(ConnectionSettings(profile: "staging"))
            Issue.record("a misspelt read_only was taken for writable")
        } catch {
            #expect("\(error)".contains("[profile.staging]"))
            #expect("\(error)".contains("readonly"))
        }
    }

    @Test("each account has its own token bucket: one account's Retry-After holds back no other")
    func budgets() throws {
        let resolver = BackendResolver(options: ConnectionSettings(), environment: environment)
        let prod = try #require(try resolver.budget(account: "prod-key"))
        let again = try #require(try resolver.budget(account: "prod-key"))
        let staging = try #require(try resolver.budget(account: "staging-key"))
        #expect(prod === again)
        #expect(prod !== staging)
    }

    @Test(
        "documents of several accounts merge into one exposition: each family once, every series kept"
    )
    func prometheusMerge() {
        let prod = """
            # HELP a_up Up.
            # TYPE a_up gauge
            a_up{profile="prod"} 1
            # HELP b_left Left.
            # TYPE b_left gauge
            b_left{profile="prod",key_id="1"} 5

            """
        let staging = """
            # HELP a_up Up.
            # TYPE a_up gauge
            a_up{profile="staging"} 0

            """
        #expect(
            PrometheusDocument.merge([prod, staging]) == """
                # HELP a_up Up.
                # TYPE a_up gauge
                a_up{profile="prod"} 1
                a_up{profile="staging"} 0
                # HELP b_left Left.
                # TYPE b_left gauge
                b_left{profile="prod",key_id="1"} 5

                """)
    }

    @Test("the worst status of several accounts: critical, then unknown, then warning, then OK")
    func worst() {
        let order: [ExpiryCheck.Status] = [.ok, .warning, .unknown, .critical]
        for (low, lower) in order.enumerated() {
            for (high, higher) in order.enumerated() where high >= low {
                #expect(lower.worse(higher) == higher)
                #expect(higher.worse(lower) == higher)
            }
        }
    }
}
