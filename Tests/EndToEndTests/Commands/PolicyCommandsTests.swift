import Foundation
import MomentoKeys
import TestSupport
import Testing

/// The key policy, the credential report and the roles, through the real binary: on the
/// sandbox, and against `keyconsole serve`s named by profiles.
@Suite("The key policy, the report and roles: the real binary", .timeLimit(.minutes(2)))
struct PolicyCommandsTests {
    let home = TemporaryDirectory()

    var environment: [String: String] { KeyconsoleProcess.environment(home: home.path) }

    static let policy = """
        [policy]
        max_lifetime = "90d"
        never_expires = "warn"
        max_age = "180d"
        severity = { never_expires = "critical" }

        [policy.roles.Owner]
        never_expires = "forbid"
        max_lifetime = "30d"
        """

    func run(_ arguments: [String], extra: [String: String] = [:]) async throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        try await KeyconsoleProcess.run(
            arguments, environment: environment.merging(extra) { $1 })
    }

    @Test("policy show names where each value came from; a bad value refuses every command")
    func show() async throws {
        home.write(
            "config/keyconsole/config", Self.policy + "\n[profile.prod.policy]\nmax_age = \"60d\"\n"
        )
        let shown = try await run(["policy", "show"])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(
            shown.stdout.contains("max_lifetime            90d       from [policy]"),
            "\(shown.stdout)")
        #expect(shown.stdout.contains("Profile prod:"))
        #expect(
            shown.stdout.contains("max_age                 60d       from [profile.prod.policy]"))
        #expect(
            shown.stdout.contains("    never_expires           forbid    from [policy.roles.Owner]")
        )
        #expect(shown.stdout.contains("warn_before             7d        from default"))

        home.write("config/keyconsole/config", "[policy]\nmax_lifetime = \"90x\"\n")
        let sandbox = home.path + "/s.sqlite"
        for arguments in [
            ["policy", "show"], ["list", "--sandbox", sandbox], ["check", "--sandbox", sandbox],
            ["create", "--sandbox", sandbox, "--role", "Viewer", "--description", "x", "--print"],
        ] {
            let refused = try await run(arguments)
            #expect(refused.status != 0, "\(arguments)")
            let said = refused.stderr + refused.stdout
            #expect(said.contains("policy.max_lifetime is \"90x\""), "\(arguments): \(said)")
            #expect(!refused.stdout.contains("eyJ"), "no key was printed")
        }
    }

    @Test("check's thresholds default to the policy's warn_before and critical_before")
    func thresholds() async throws {
        home.write(
            "config/keyconsole/config",
            "[policy]\nwarn_before = \"60d\"\ncritical_before = \"2d\"\n")
        let sandbox = ["--sandbox", home.path + "/s.sqlite"]
        let json = try await run(["check", "--format", "json"] + sandbox)
        let document = try #require(
            JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["warn_seconds"] as? Int == 60 * 86400)
        #expect(document["crit_seconds"] as? Int == 2 * 86400)
        let text = try await run(["check"] + sandbox)
        #expect(text.stdout.contains("more within 60d"), "\(text.stdout)")
        // Given on the command line, they win.
        let given = try await run(["check", "--warn", "7d", "--format", "json"] + sandbox)
        let told = try #require(
            JSONSerialization.jsonObject(with: Data(given.stdout.utf8)) as? [String: Any])
        #expect(told["warn_seconds"] as? Int == 7 * 86400)
        // --crit longer than the policy's warn_before: refused, not a silent swap.
        let crossed = try await run(["check", "--crit", "90d"] + sandbox)
        #expect(crossed.status == 3, "\(crossed.stdout)")
        #expect(
            crossed.stdout.contains("is longer than --warn or warn_before"), "\(crossed.stdout)")
    }

    @Test(
        "create and rotate keep the policy; an Owner's --policy-override is journalled; check and report count the findings"
    )
    func creation() async throws {
        home.write("config/keyconsole/config", Self.policy)
        let sandbox = ["--sandbox", home.path + "/s.sqlite"]
        let tooLong = try await run(
            [
                "create", "--role", "Operator", "--description", "x", "--expires-in", "91d",
                "--print",
            ]
                + sandbox)
        #expect(tooLong.status == 1)
        #expect(
            tooLong.stderr.contains(
                "Nothing was created: the policy allows keys of at most 90 days (max_lifetime in"
                    + " [policy])"), "\(tooLong.stderr)")
        #expect(tooLong.stdout.isEmpty)
        let never = try await run(
            ["create", "--role", "Owner", "--description", "x", "--never-expires", "--print"]
                + sandbox)
        #expect(
            never.stderr.contains("the policy allows no key that never expires"), "\(never.stderr)")
        // By id, the role's table holds just the same.
        let byId = try await run(
            ["create", "--role-id", "r-owner", "--description", "x", "--never-expires", "--print"]
                + sandbox)
        #expect(byId.status == 1)
        #expect(byId.stderr.contains("[policy.roles.Owner]"), "\(byId.stderr)")
        // A reason longer than a description is refused before anything is asked.
        let long = try await run(
            [
                "create", "--role", "Owner", "--description", "x", "--never-expires",
                "--policy-override", String(repeating: "r", count: 201), "--print",
            ] + sandbox)
        #expect(long.status == 64, "\(long.stderr)")
        // never_expires = "warn": made, with a warning naming the finding.
        let warned = try await run(
            [
                "create", "--role", "Viewer", "--description", "x", "--never-expires", "--output",
                home.path + "/viewer.key",
            ] + sandbox)
        #expect(warned.status == 0, "\(warned.stderr)")
        #expect(warned.stderr.contains("is a never_expires finding (critical)"), "\(warned.stderr)")
        let list = try await run(["list", "--format", "json"] + sandbox)
        let count = try #require(
            JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]
        ).count
        #expect(count == 13, "nothing was created but the Viewer key")
        // The sandbox acts as its account's Owner: the override goes through, journalled.
        let overridden = try await run(
            [
                "create", "--role", "Owner", "--description", "break-glass", "--never-expires",
                "--policy-override", "INC-42 outage", "--output", home.path + "/bg.key",
            ] + sandbox)
        #expect(overridden.status == 0, "\(overridden.stderr)")
        let journal = try String(
            contentsOfFile: home.path + "/state/keyconsole/audit.jsonl", encoding: .utf8)
        #expect(journal.contains("\"policy_override\":\"INC-42 outage\""), "\(journal)")
        let audit = try await run(["audit", "--format", "csv"])
        #expect(audit.stdout.split(separator: "\n").first?.hasSuffix(",policy_override") == true)
        #expect(audit.stdout.contains(",INC-42 outage\n"), "\(audit.stdout)")

        // A rotation of a key with 180 days' validity: capped at 90, and said so.
        let keys = try #require(
            JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let partner = try #require(
            keys.first { ($0["description"] as? String)?.hasPrefix("Partner") == true }?["key_id"]
                as? String)
        let rotated = try await run(
            ["rotate", partner, "--revoke-old", "--output", home.path + "/new.key"] + sandbox)
        #expect(rotated.status == 0, "\(rotated.stderr)")
        #expect(
            rotated.stderr.contains(
                "past the policy's max_lifetime in [policy]: the new key expires"),
            "\(rotated.stderr)")
        let after = try await run(["list", "--format", "json"] + sandbox)
        let newest = try #require(
            (JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [[String: Any]])?
                .first { ($0["description"] as? String)?.hasPrefix("Partner") == true })
        let issued = try #require(newest["issued_at"] as? String)
        let expires = try #require(newest["expires_at"] as? String)
        let iso = ISO8601DateFormatter()
        let lifetime = try #require(iso.date(from: expires)).timeIntervalSince(
            try #require(iso.date(from: issued)))
        #expect(abs(lifetime - 90 * 86400) < 5, "\(issued) \(expires)")

        // check: the never-expiring Owner key made by the override is critical.
        let check = try await run(["check", "--format", "json"] + sandbox)
        let document = try #require(
            JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let findings = try #require(document["policy_findings"] as? [[String: Any]])
        #expect(
            findings.contains {
                $0["rule"] as? String == "never_expires" && $0["severity"] as? String == "critical"
            })
        #expect(document["status"] as? String == "critical")

        // The report knows the override and that the seeded keys were made elsewhere.
        let report = try await run(["report"] + sandbox)
        #expect(report.status == 0, "\(report.stderr)")
        let lines = report.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("# keyconsole credential report, generated ") == true)
        let row = try #require(lines.first { $0.contains("break-glass") })
        #expect(row.contains(",create,"), "\(row)")
        #expect(row.contains("INC-42 outage"), "\(row)")
        #expect(row.contains("never_expires: never expires"), "\(row)")
        #expect(lines.contains { $0.contains(",made elsewhere,") })
        let markdown = try await run(["report", "--format", "markdown"] + sandbox)
        #expect(markdown.stdout.contains("## Summary"))
        let missing = try await run(
            ["report", "--journal", home.path + "/nowhere.jsonl"] + sandbox)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("No audit journal at"), "\(missing.stderr)")
    }

    @Test("--policy-override takes an Owner key: an Operator's is refused and nothing is made")
    func overrideNeedsOwner() async throws {
        home.write("config/keyconsole/config", Self.policy)
        let server = try await ServedSandbox.start(
            sandbox: home.path + "/s.sqlite", home: home.path)
        defer { withExtendedLifetime(server) {} }
        var remote = [
            "MOMENTO_API_KEY": server.adminKey,
            "MOMENTO_ENDPOINT": "cell-4-us-west-2-1.prod.a.momentohq.com",
            "KEYCONSOLE_API_URL": server.url,
        ]
        let made = try await run(
            [
                "create", "--role", "Operator", "--description", "ops", "--expires-in", "7d",
                "--output", home.path + "/operator.key",
            ], extra: remote)
        #expect(made.status == 0, "\(made.stderr)")
        remote["MOMENTO_API_KEY"] = try String(
            contentsOfFile: home.path + "/operator.key", encoding: .utf8
        ).trimmingCharacters(in: .whitespacesAndNewlines)
        let refused = try await run(
            [
                "create", "--role", "Viewer", "--description", "long", "--expires-in", "365d",
                "--policy-override", "because", "--output", home.path + "/long.key",
            ], extra: remote)
        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains("--policy-override takes an Owner key; yours"),
            "\(refused.stderr)")
        #expect(refused.stderr.contains("is Operator"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: home.path + "/long.key"))
        // The server's admin key is an Owner's: the same override goes through.
        remote["MOMENTO_API_KEY"] = server.adminKey
        let owner = try await run(
            [
                "create", "--role", "Viewer", "--description", "long", "--expires-in", "365d",
                "--policy-override", "because", "--output", home.path + "/long.key",
            ], extra: remote)
        #expect(owner.status == 0, "\(owner.stderr)")
    }

    @Test(
        "check over two serves: the policy's series carry each profile; roles over serve shows Momento's shape"
    )
    func prometheusAndRoles() async throws {
        var credentials = ""
        var settings = Self.policy + "\n"
        var servers: [ServedSandbox] = []
        for name in ["prod", "staging"] {
            let server = try await ServedSandbox.start(
                sandbox: home.path + "/\(name).sqlite", home: home.path)
            servers.append(server)
            credentials +=
                "\n[\(name)]\napi_key_v2=\(server.adminKey)\n"
                + "endpoint=cell-4-us-west-2-1.prod.a.momentohq.com\n"
            settings += "\n[profile.\(name)]\napi_url = \"\(server.url)\"\n"
        }
        settings += "\n[profile.staging.policy]\nmax_age = \"1d\"\n"
        home.write(".momento/credentials", credentials)
        home.write("config/keyconsole/config", settings)
        defer { withExtendedLifetime(servers) {} }
        let prometheus = try await run(["check", "--all-profiles", "--format", "prometheus"])
        #expect(prometheus.status == 0, "\(prometheus.stderr)")
        let text = prometheus.stdout
        #expect(
            text.contains(
                "keyconsole_policy_findings{profile=\"prod\",rule=\"never_expires\"} 2\n"),
            "\(text)")
        // staging's own max_age of a day finds most of its keys.
        #expect(text.contains("keyconsole_policy_findings{profile=\"staging\",rule=\"max_age\"} "))
        #expect(text.contains("keyconsole_policy_findings{profile=\"prod\",rule=\"max_age\"} 2\n"))
        #expect(text.contains("momento_api_key_policy_finding{profile=\"staging\",key_id=\""))
        #expect(text.components(separatedBy: "# TYPE keyconsole_policy_findings gauge").count == 2)

        let roles = try await run(["roles", "--profile", "prod", "--format", "json"])
        #expect(roles.status == 0, "\(roles.stderr)")
        let list = try #require(
            JSONSerialization.jsonObject(with: Data(roles.stdout.utf8)) as? [[String: Any]])
        let bots = try #require(list.first { $0["role_name"] as? String == "Deploy Bots" })
        let permissions = try #require(bots["permissions"] as? [String: Any])
        #expect(permissions["rules"] is [Any])
        #expect((bots["grants"] as? [String])?.contains("only from: 10.20.0.0/16") == true)
        #expect(bots["keys"] as? Int == 1)
        let text2 = try await run(["roles", "--profile", "prod"])
        #expect(text2.stdout.contains("Cache Readers (r-10042, custom): 2 keys"), "\(text2.stdout)")
        #expect(text2.stdout.contains("    caches: name product-catalog"))
    }
}
