import Foundation
import KeyconsoleCore
import MomentoKeys
import TestSupport
import Testing

/// The `[policy]` tables of the config: what they set, and every bad value refused by name.
@Suite("The config's key policy")
struct PolicyReaderTests {
    static let toml = """
        [policy]
        max_lifetime = "90d"
        never_expires = "warn"
        max_age = "26w"
        rotation_overlap_max = "2d"
        warn_before = "14d"
        critical_before = "2d"
        severity = { never_expires = "critical" }

        [policy.roles.Owner]
        never_expires = "forbid"
        max_lifetime = "30d"

        [profile.staging]
        read_only = true

        [profile.staging.policy]
        max_age = "365d"

        [profile.staging.policy.roles."Deploy Bots"]
        max_lifetime = "7d"
        """

    @Test("every rule, the role and profile tables; a profile's policy is a key it knows")
    func reads() {
        let day: Int64 = 86400
        let config = ConsoleConfig.parse(Self.toml, path: "/c")
        #expect(config.policyProblem == nil)
        #expect(config.accountsProblem == nil)
        #expect(config.profileSettings["staging"]?.readOnly == true)
        let base = config.policy.base
        #expect(base.maxLifetime == 90 * day)
        #expect(base.neverExpires == .warn)
        #expect(base.maxAge == 182 * day)
        #expect(base.rotationOverlapMax == 2 * day)
        #expect(base.warnBefore == 14 * day && base.criticalBefore == 2 * day)
        #expect(base.severity == [.neverExpires: .critical])
        #expect(config.policy.roles["Owner"]?.neverExpires == .forbid)
        #expect(config.policy.profiles["staging"]?.rules.maxAge == 365 * day)
        let bots = config.policy.resolved(profile: "staging", roleName: "Deploy Bots")
        #expect(bots.rules.maxLifetime == 7 * day)
        #expect(bots.sources["max_lifetime"] == "[profile.staging.policy.roles.\"Deploy Bots\"]")
        #expect(ConsoleConfig.parse("endpoint = \"x\"").policy.isEmpty)
    }

    @Test(
        "a bad value refuses, naming the key and the reason",
        arguments: [
            (
                "[policy]\nmax_lifetime = \"90x\"",
                "policy.max_lifetime is \"90x\": it must be a duration"
            ),
            ("[policy]\nmax_age = 90", "policy.max_age is 90: it must be a duration"),
            (
                "[policy]\nnever_expires = \"sometimes\"",
                "policy.never_expires is \"sometimes\": it must be \"allow\""
            ),
            ("[policy]\nmax_lifetme = \"90d\"", "policy.max_lifetme is not a policy setting"),
            (
                "[policy]\nseverity = { max_age = \"fatal\" }",
                "policy.severity.max_age is \"fatal\""
            ),
            (
                "[policy]\nseverity = { max_size = \"critical\" }",
                "policy.severity.max_size names no rule"
            ),
            (
                "[policy.roles.Owner]\nwarn_before = \"1d\"",
                "policy.roles.Owner.warn_before is not taken per role"
            ),
            (
                "[policy]\nwarn_before = \"1d\"\ncritical_before = \"2d\"",
                "policy: critical_before (2d) is longer than warn_before (1d)"
            ),
            (
                "[profile.prod.policy]\nmax_age = \"\\u001B[2J\"",
                "profile.prod.policy.max_age is \"\u{FFFD}[2J\""
            ),
            ("policy = 3", "policy must be a table"),
            (
                "[polcy]\nmax_age = \"1d\"",
                "[polcy] is not a table keyconsole knows: is it [policy]?"
            ),
            ("[Policy]\nmax_age = \"1d\"", "[Policy] is not a table keyconsole knows"),
            ("max_lifetime = \"90d\"", "max_lifetime is at the top level"),
            ("[policies]\nmax_age = \"1d\"", "[policies] is not a table keyconsole knows"),
            (
                "[policy.roles.Owner]\nmax_age = \"1d\"\n[policy.roles.owner]\nmax_age = \"2d\"",
                "policy.roles has Owner and owner, one role's name written twice"
            ),
        ])
    func refuses(text: String, message: String) {
        let config = ConsoleConfig.parse(text, path: "/c")
        #expect(config.policyProblem?.contains(message) == true, "\(config.policyProblem ?? "nil")")
        #expect(config.policyProblem?.hasSuffix(" in /c") == true)
    }

    @Test("a config file that cannot be read as text is not taken for no policy")
    func notText() {
        let directory = TemporaryDirectory()
        let path = directory.write("config", "[policy]\nmax_lifetime = \"90d\"\n# caf\u{E9}\n")
        // The same text in Latin-1: one byte that is not UTF-8.
        FileManager.default.createFile(
            atPath: path,
            contents: "[policy]\nmax_lifetime = \"90d\"\n# caf\u{E9}\n".data(using: .isoLatin1))
        let config = ConsoleConfig.load(from: path)
        #expect(config.policyProblem == "\(path) is not UTF-8 text")
        #expect(config.accountsProblem != nil)
        #expect(ConsoleConfig.load(from: directory.path + "/absent").policyProblem == nil)
    }

    @Test("a config that is not TOML leaves no policy to trust: the problem says so")
    func unreadable() {
        #expect(ConsoleConfig.parse("[policy\nmax_age = 1", path: "/c").policyProblem != nil)
    }
}
