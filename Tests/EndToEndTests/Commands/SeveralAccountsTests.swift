import Foundation
import TestSupport
import Testing

/// Several accounts, each a `keyconsole serve` of its own sandbox (its own account id and
/// admin key), named by profiles of the credentials file and pointed at by the config's
/// `[profile.NAME] api_url`: the commands that read merge them, those that change keys take
/// one.
@Suite("Several accounts: list, check and the commands that change keys", .timeLimit(.minutes(2)))
struct SeveralAccountsTests {
    let home = TemporaryDirectory()

    var environment: [String: String] { KeyconsoleProcess.environment(home: home.path) }

    /// One `serve` per name, with its access log; the credentials file holds a profile per
    /// name (and `old`, with a v1 key) and the config each profile's API URL, plus `config`.
    func serve(_ names: [String], config: String = "") async throws -> [String: ServedSandbox] {
        var served: [String: ServedSandbox] = [:]
        var credentials = "[old]\ntoken=\(TestTokens.v1Key())\n"
        var settings = config + "\n"
        for name in names {
            let server = try await ServedSandbox.start(
                sandbox: home.path + "/\(name).sqlite", home: home.path,
                extra: ["--access-log", accessLog(name)])
            served[name] = server
            credentials +=
                "\n[\(name)]\napi_key_v2=\(server.adminKey)\n"
                + "endpoint=cell-4-us-west-2-1.prod.a.momentohq.com\n"
            settings += "\n[profile.\(name)]\napi_url = \"\(server.url)\"\n"
        }
        home.write(".momento/credentials", credentials)
        home.write("config/keyconsole/config", settings)
        return served
    }

    func accessLog(_ name: String) -> String { home.path + "/\(name).access.log" }

    /// The requests `name`'s server answered: `METHOD /path status`.
    func requests(_ name: String) -> [String] {
        ((try? String(contentsOfFile: accessLog(name), encoding: .utf8)) ?? "")
            .split(separator: "\n").map {
                $0.split(separator: " ").dropFirst().joined(separator: " ")
            }
    }

    func keys(_ json: String) throws -> [[String: Any]] {
        try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
    }

    @Test(
        "list --all-profiles is one list of every account's keys, each with its profile; a v1 profile is named and left out"
    )
    func listMerges() async throws {
        let served = try await serve(["prod", "staging"])
        defer { withExtendedLifetime(served) {} }
        var alone: [String: Set<String>] = [:]
        for name in ["prod", "staging"] {
            let one = try await KeyconsoleProcess.run(
                ["list", "--profile", name, "--format", "json"], environment: environment)
            #expect(one.status == 0, "\(one.stderr)")
            let rows = try keys(one.stdout)
            // One account is as before: no profile field.
            #expect(rows.allSatisfy { $0["profile"] == nil })
            alone[name] = Set(rows.compactMap { $0["key_id"] as? String })
            #expect(!(alone[name] ?? []).isEmpty)
        }
        #expect(alone["prod"]!.isDisjoint(with: alone["staging"]!))
        for arguments in [["--all-profiles"], ["--profile", "prod", "--profile", "staging"]] {
            let all = try await KeyconsoleProcess.run(
                ["list", "--format", "json"] + arguments, environment: environment)
            #expect(all.status == 0, "\(all.stderr)")
            let rows = try keys(all.stdout)
            for name in ["prod", "staging"] {
                let mine = rows.filter { $0["profile"] as? String == name }
                #expect(Set(mine.compactMap { $0["key_id"] as? String }) == alone[name])
            }
            #expect(rows.count == alone.values.map(\.count).reduce(0, +))
            if arguments == ["--all-profiles"] {
                #expect(all.stderr.contains("Left out: profile old (it holds a v1 API key"))
            }
        }
        let csv = try await KeyconsoleProcess.run(
            ["list", "--all-profiles", "--format", "csv"], environment: environment)
        #expect(csv.stdout.hasPrefix("profile,key_id,"))
        let table = try await KeyconsoleProcess.run(
            ["list", "--all-profiles"], environment: environment)
        #expect(table.stdout.hasPrefix("ACCOUNT"))
    }

    @Test(
        "the config's profiles are the default set; create, revoke and rotate take one account and name --profile; the change reaches only its server"
    )
    func changesTakeOneAccount() async throws {
        let served = try await serve(
            ["prod", "staging"], config: "profiles = [\"prod\", \"staging\"]")
        defer { withExtendedLifetime(served) {} }
        let listed = try await KeyconsoleProcess.run(
            ["list", "--format", "json"], environment: environment)
        let rows = try keys(listed.stdout)
        #expect(Set(rows.compactMap { $0["profile"] as? String }) == ["prod", "staging"])
        let stagingKey = try #require(
            rows.first { $0["profile"] as? String == "staging" }?["key_id"] as? String)
        for command in [
            ["create", "--role", "Viewer", "--description", "x", "--print"],
            ["revoke", "--yes", stagingKey], ["rotate", stagingKey, "--revoke-old", "--print"],
            ["rotate", "--finish"],
        ] {
            let refused = try await KeyconsoleProcess.run(command, environment: environment)
            #expect(refused.status != 0)
            #expect(
                refused.stderr.contains(
                    "\(command == ["rotate", "--finish"] ? "rotate --finish" : command[0])"
                        + " works on one account at a time, and prod, staging are asked"
                        + " for: name one with --profile NAME."), "\(refused.stderr)")
        }
        #expect(!requests("staging").contains { $0.hasPrefix("DELETE") || $0.hasPrefix("POST") })
        let revoked = try await KeyconsoleProcess.run(
            ["revoke", "--profile", "staging", "--yes", stagingKey], environment: environment)
        #expect(revoked.status == 0, "\(revoked.stderr)")
        #expect(requests("staging").contains { $0.hasPrefix("DELETE /api-keys/\(stagingKey) 2") })
        #expect(!requests("prod").contains { $0.hasPrefix("DELETE") })
        let created = try await KeyconsoleProcess.run(
            ["create", "--profile", "prod", "--role", "Viewer", "--description", "x", "--print"],
            environment: environment)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(requests("prod").contains { $0.hasPrefix("POST /api-keys") })
        #expect(!requests("staging").contains { $0.hasPrefix("POST") })

        // The journal names each entry's account: its profile and its account id.
        let audit = try await KeyconsoleProcess.run(
            ["audit", "--format", "json"], environment: environment)
        let entries = try keys(audit.stdout)
        let revokes = entries.filter { $0["action"] as? String == "revoke" }
        let creates = entries.filter { $0["action"] as? String == "create" }
        #expect(!revokes.isEmpty && revokes.allSatisfy { $0["profile"] as? String == "staging" })
        #expect(!creates.isEmpty && creates.allSatisfy { $0["profile"] as? String == "prod" })
        let accountIds = Set(entries.compactMap { $0["account_id"] as? String })
        #expect(accountIds.count == 2, "each account by its own id: \(accountIds)")
        let picked = try await KeyconsoleProcess.run(
            ["audit", "--profile", "staging", "--format", "json"], environment: environment)
        let stagingOnly = try keys(picked.stdout)
        #expect(stagingOnly.count == revokes.count)
        let table = try await KeyconsoleProcess.run(["audit"], environment: environment)
        #expect(table.stdout.contains("[staging]") && table.stdout.contains("[prod]"))
        // --all-profiles: the entries of every profile with a v2 key, not a sandbox's; the
        // v1 profile is named and left out, as list and check do.
        let sandboxed = try await KeyconsoleProcess.run(
            [
                "create", "--sandbox", home.path + "/other.sqlite", "--role", "Viewer",
                "--description", "elsewhere", "--print",
            ], environment: environment)
        #expect(sandboxed.status == 0, "\(sandboxed.stderr)")
        let everything = try keys(
            try await KeyconsoleProcess.run(
                ["audit", "--format", "json"], environment: environment
            )
            .stdout)
        #expect(everything.count > entries.count)
        #expect(everything.contains { $0["profile"] == nil })
        let all = try await KeyconsoleProcess.run(
            ["audit", "--all-profiles", "--format", "json"], environment: environment)
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stderr.contains("Left out: profile old (it holds a v1 API key"))
        let ofAll = try keys(all.stdout)
        #expect(ofAll.count == entries.count)
        #expect(Set(ofAll.compactMap { $0["profile"] as? String }) == ["prod", "staging"])
        let both = try await KeyconsoleProcess.run(
            ["audit", "--all-profiles", "--profile", "prod"], environment: environment)
        #expect(both.status != 0 && both.stderr.contains("cannot be combined with --profile"))
    }

    @Test("a read_only profile's keys are not changed by create or revoke either; list still reads")
    func readOnlyCommands() async throws {
        let served = try await serve(["audit"])
        defer { withExtendedLifetime(served) {} }
        let config = home.path + "/config/keyconsole/config"
        try (String(contentsOfFile: config, encoding: .utf8) + "read_only = true\n")
            .write(toFile: config, atomically: true, encoding: .utf8)
        let listed = try await KeyconsoleProcess.run(
            ["list", "--profile", "audit", "--format", "json"], environment: environment)
        #expect(listed.status == 0, "\(listed.stderr)")
        let key = try #require(try keys(listed.stdout).first?["key_id"] as? String)
        for command in [
            ["create", "--role", "Viewer", "--description", "x", "--print"],
            ["revoke", "--yes", key],
        ] {
            let refused = try await KeyconsoleProcess.run(
                command + ["--profile", "audit"], environment: environment)
            #expect(refused.status != 0)
            #expect(
                refused.stderr.contains(
                    "profile audit is read-only (read_only = true in its settings): \(command[0])"
                        + " changes nothing there."), "\(refused.stderr)")
        }
        #expect(!requests("audit").contains { $0.hasPrefix("POST") || $0.hasPrefix("DELETE") })
    }

    @Test(
        "check over several accounts: the worst status, a line per account; a stopped server is UNKNOWN and keyconsole_up{profile} 0 while the other reports"
    )
    func checkSeveral() async throws {
        let served = try await serve(["prod", "staging"])
        defer { withExtendedLifetime(served) {} }
        let staging = try #require(served["staging"])
        staging.process.signal(SIGTERM)
        _ = await staging.process.exitStatus()
        let arguments = ["check", "--all-profiles", "--timeout", "10s"]
        let text = try await KeyconsoleProcess.run(arguments, environment: environment)
        // The seeded demo keys are expired and expiring: prod is critical, the worst.
        #expect(text.status == 2, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(
            lines.first?.hasPrefix("CRITICAL: 2 accounts: prod CRITICAL, staging UNKNOWN |") == true
        )
        #expect(lines.dropFirst().first?.hasPrefix("prod: CRITICAL: ") == true)
        #expect(lines.last?.hasPrefix("staging: UNKNOWN: ") == true)

        let json = try await KeyconsoleProcess.run(
            arguments + ["--format", "json"], environment: environment)
        let document = try #require(
            JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["status"] as? String == "critical")
        let accounts = try #require(document["accounts"] as? [[String: Any]])
        #expect(accounts.map { $0["profile"] as? String } == ["prod", "staging"])
        #expect(accounts.map { $0["status"] as? String } == ["critical", "unknown"])

        let prometheus = try await KeyconsoleProcess.run(
            arguments + ["--format", "prometheus"], environment: environment)
        #expect(prometheus.status == 0)
        let exposition = prometheus.stdout
        #expect(exposition.contains("keyconsole_up{profile=\"staging\",backend=\"momento\"} 0\n"))
        #expect(exposition.contains("keyconsole_up{profile=\"prod\",backend=\"momento\"} 1\n"))
        #expect(exposition.contains("keyconsole_rotations_broken{profile=\"prod\"} 0\n"))
        let series = exposition.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(series.allSatisfy { $0.contains("{profile=\"") }, "every series names its account")
        #expect(
            exposition.components(separatedBy: "# TYPE keyconsole_up gauge").count == 2,
            "each family once")
        // Prometheus' own linter reads it as one valid exposition.
        let promtool = URL(fileURLWithPath: "/usr/bin/promtool")
        if FileManager.default.isExecutableFile(atPath: promtool.path) {
            // From a file, not a pipe: no write to a child that may close its end first.
            let file = home.write("keys.prom", exposition)
            let lint = try await KeyconsoleProcess.run(
                ["-c", "exec \"$0\" check metrics < \"$1\"", promtool.path, file],
                environment: environment, executable: URL(fileURLWithPath: "/bin/sh"))
            #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
        }
        #expect(
            series.contains {
                $0.hasPrefix("momento_api_key_seconds_until_expiry{profile=\"prod\"")
            })
    }
}
