import Foundation
import MomentoKeys
import TestSupport
import Testing

/// list, create, revoke, check and decode, run as scripts would, on the sandbox and through
/// `keyconsole serve`.
@Suite("Scriptable commands, the real binary", .timeLimit(.minutes(2)))
struct ScriptCommandsTests {
    /// Where the commands get their keys.
    enum Backend: String, CaseIterable, CustomTestStringConvertible {
        case sandbox, serve
        var testDescription: String { rawValue }
    }

    /// A backend ready for commands: arguments and environment to pass, and its own key count.
    final class Setup: Sendable {
        let home = TemporaryDirectory()
        let serve: KeyconsoleProcess?
        let environment: [String: String]
        let arguments: [String]
        let adminKeyId: String?

        /// With `faults`, `serve` injects them (`--faults`) and logs each request to its stderr.
        init(_ backend: Backend, faults: String? = nil) async throws {
            let sandbox = home.path + "/s.sqlite"
            var environment = KeyconsoleProcess.environment(home: home.path)
            switch backend {
            case .sandbox:
                serve = nil
                arguments = ["--sandbox", sandbox]
                adminKeyId = nil
            case .serve:
                let process = KeyconsoleProcess(
                    [
                        "serve", "--port", "0", "--rate-limit", "0", "--sandbox", sandbox,
                        "--admin-key-file", home.path + "/admin.key",
                    ] + (faults.map { ["--faults", $0, "--verbose"] } ?? []),
                    environment: environment)
                _ = await process.waitFor("Serving sandbox")
                let url = process.stdout.split(whereSeparator: \.isWhitespace).first {
                    $0.hasPrefix("http://")
                }!
                let key = try String(contentsOfFile: home.path + "/admin.key", encoding: .utf8)
                environment["MOMENTO_API_KEY"] = key.trimmingCharacters(in: .whitespacesAndNewlines)
                environment["MOMENTO_ENDPOINT"] = "cell-4-us-west-2-1.prod.a.momentohq.com"
                environment["KEYCONSOLE_API_URL"] = url.trimmingCharacters(
                    in: .whitespacesAndNewlines)
                adminKeyId = try KeyDecoder.decode(key).keyId
                serve = process
                arguments = []
            }
            self.environment = environment
        }

        deinit { serve?.signal(SIGTERM) }

        func run(_ arguments: [String], stdin: String? = nil) async throws -> (
            status: Int32, stdout: String, stderr: String
        ) {
            try await KeyconsoleProcess.run(
                arguments + self.arguments, environment: environment, stdin: stdin)
        }

        func keys() async throws -> [[String: Any]] {
            let list = try await run(["list", "--format", "json"])
            #expect(list.status == 0, "list failed: \(list.stderr)")
            return try JSONSerialization.jsonObject(with: Data(list.stdout.utf8))
                as? [[String: Any]] ?? []
        }
    }

    @Test("list in every format, with filters", arguments: Backend.allCases)
    func list(_ backend: Backend) async throws {
        let setup = try await Setup(backend)
        let all = try await setup.keys()
        #expect(all.count == (backend == .serve ? 13 : 12))
        let soon = try await setup.run(["list", "--format", "json", "--expiring-within", "1d"])
        let soonRows =
            try JSONSerialization.jsonObject(with: Data(soon.stdout.utf8)) as? [[String: Any]]
        #expect(soonRows?.count == 5)  // the expired key and four expiring within a day
        let csv = try await setup.run(["list", "--format", "csv", "--role", "Operator"])
        #expect(
            csv.stdout.hasPrefix(
                "key_id,role_id,role_name,description,issued_at,expires_at,seconds_remaining\n"))
        #expect(csv.stdout.split(separator: "\n").count == 5)
        let table = try await setup.run(["list"], stdin: nil)
        #expect(table.stdout.contains("EXPIRED"))
        #expect(table.stdout.contains("never"))
        let bad = try await setup.run(["list", "--expiring-within", "soon"])
        #expect(bad.status == 64)
    }

    @Test(
        "create writes a 0600 file once, prints to a pipe, and never puts the key on stderr",
        arguments: Backend.allCases)
    func create(_ backend: Backend) async throws {
        let setup = try await Setup(backend)
        let file = setup.home.path + "/ci.key"
        let created = try await setup.run([
            "create", "--role", "Operator", "--description", "ci", "--expires-in", "7d", "--output",
            file,
        ])
        #expect(created.status == 0)
        let key = try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(
            try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
                == 0o600)
        let decoded = try KeyDecoder.decode(key)
        #expect(created.stderr.contains("Created key \(decoded.keyId!) (Operator)"))
        #expect(!created.stderr.contains(key) && !created.stdout.contains(key))
        let before = try await setup.keys().count
        let again = try await setup.run([
            "create", "--role", "Operator", "--description", "again", "--output", file,
        ])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already exists"))
        #expect(try await setup.keys().count == before, "a refused file creates no key")
        let piped = try await setup.run([
            "create", "--role", "r-viewer", "--description", "piped", "--never-expires",
        ])
        #expect(piped.status == 0)
        let pipedKey = piped.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try KeyDecoder.decode(pipedKey).kind == .v2ApiKey)
        #expect(!piped.stderr.contains(pipedKey))
        let env = setup.home.path + "/k.env"
        let envResult = try await setup.run([
            "create", "--role", "Viewer", "--description", "env", "--output", env,
            "--output-format", "env", "--region", "eu-west-1",
        ])
        #expect(envResult.status == 0)
        let envText = try String(contentsOfFile: env, encoding: .utf8)
        #expect(envText.hasPrefix("MOMENTO_API_KEY=ey"))
        #expect(
            envText.hasSuffix(
                "\nMOMENTO_ENDPOINT="
                    + (backend == .serve
                        ? "cell-4-us-west-2-1.prod.a.momentohq.com"
                        : "cell-1-eu-west-1-1.prod.a.momentohq.com") + "\n"))
        // decode reads the env file keyconsole wrote.
        let decodedEnv = try await KeyconsoleProcess.run(
            ["decode"], environment: setup.environment, stdin: envText)
        #expect(decodedEnv.status == 0, "\(decodedEnv.stderr)")
        #expect(decodedEnv.stdout.contains("kind     v2 API key"))
        let unknown = try await setup.run([
            "create", "--role", "Nope", "--description", "x", "--output",
            setup.home.path + "/x.key",
        ])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("No role Nope"))
        #expect(!FileManager.default.fileExists(atPath: setup.home.path + "/x.key"))
    }

    @Test(
        "revoke refuses in a pipe without --yes, names each failure, warns about its own key",
        arguments: Backend.allCases)
    func revoke(_ backend: Backend) async throws {
        let setup = try await Setup(backend)
        let id = try #require(try await setup.keys().first?["key_id"] as? String)
        let refused = try await setup.run(["revoke", id])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("pass --yes"))
        let missing = String(repeating: "0", count: 32)
        let mixed = try await setup.run(["revoke", id, missing, "--yes"])
        #expect(mixed.status == 1)
        #expect(mixed.stderr.contains("Revoked \(id)"))
        #expect(mixed.stderr.contains("Failed to revoke \(missing)"))
        #expect(!(try await setup.keys()).contains { $0["key_id"] as? String == id })
        if let own = setup.adminKeyId {
            let self_ = try await setup.run(["revoke", own, "--yes"])
            #expect(self_.stderr.contains("Warning: \(own) is the key keyconsole is using"))
            #expect(self_.status == 0)
        }
    }

    @Test("revoke --ids-from - takes the ids from standard input, one per line; it needs --yes")
    func revokeIdsFromStdin() async throws {
        let setup = try await Setup(.sandbox)
        let ids = try await setup.keys().prefix(3).compactMap { $0["key_id"] as? String }
        #expect(ids.count == 3)
        let asking = try await setup.run(
            ["revoke", "--ids-from", "-"], stdin: ids.joined(separator: "\n"))
        #expect(asking.status == 64, "\(asking.stderr)")
        let revoked = try await setup.run(
            ["revoke", "--ids-from", "-", "--yes"],
            stdin: ids.map { String($0.prefix(8)) }.joined(separator: "\n") + "\n")
        #expect(revoked.status == 0, "\(revoked.stderr)")
        let left = Set(try await setup.keys().compactMap { $0["key_id"] as? String })
        #expect(left.isDisjoint(with: ids), "each one revoked")
    }

    @Test(
        "--sandbox default is the default sandbox, as KEYCONSOLE_SANDBOX=default; ./default a file")
    func sandboxDefault() async throws {
        let home = TemporaryDirectory()
        let work = home.path + "/work"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let binary = KeyconsoleProcess.binary.path
        let listed = try await KeyconsoleProcess.run(
            ["-c", "cd '\(work)' && '\(binary)' list --sandbox default --format csv"],
            environment: KeyconsoleProcess.environment(home: home.path),
            executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.split(separator: "\n").count == 13)
        #expect(try FileManager.default.contentsOfDirectory(atPath: work).isEmpty)
        #expect(
            FileManager.default.fileExists(atPath: home.path + "/data/keyconsole/sandbox.sqlite"))
        let file = try await KeyconsoleProcess.run(
            ["-c", "cd '\(work)' && '\(binary)' list --sandbox ./default --format csv"],
            environment: KeyconsoleProcess.environment(home: home.path),
            executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(file.status == 0, "\(file.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work) == ["default"])
    }

    @Test(
        "create and rotate --format json: one object on stdout naming the new key; the key is in it only when stdout is its destination"
    )
    func createJSON() async throws {
        let setup = try await Setup(.sandbox)
        let file = setup.home.path + "/ci.key"
        let made = try await setup.run([
            "create", "--role", "Viewer", "--description", "ci", "--expires-in", "7d", "--output",
            file, "--format", "json",
        ])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stderr.isEmpty, "no prose: \(made.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(made.stdout.utf8)) as? [String: Any])
        let id = try #require(object["key_id"] as? String)
        #expect(object["role_name"] as? String == "Viewer")
        #expect(object["destination"] as? String == "file" && object["file"] as? String == file)
        #expect((object["expires_at"] as? String)?.hasSuffix("Z") == true)
        #expect(object["api_key"] == nil, "the key went to the file")
        let key = try String(contentsOfFile: file, encoding: .utf8)
        #expect(!made.stdout.contains(key.trimmingCharacters(in: .whitespacesAndNewlines)))
        // To stdout (a pipe): the object carries the key, and nothing else is printed.
        let piped = try await setup.run([
            "create", "--role", "Viewer", "--description", "pipe", "--format", "json",
        ])
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.split(separator: "\n").count == 1)
        let pipedObject = try #require(
            try JSONSerialization.jsonObject(with: Data(piped.stdout.utf8)) as? [String: Any])
        let pipedKey = try #require(pipedObject["api_key"] as? String)
        #expect(try KeyDecoder.decode(pipedKey).kind == .v2ApiKey)
        #expect(pipedObject["destination"] as? String == "stdout")
        // rotate: the new key's id, what it replaces, and when the old one is due.
        let rotated = try await setup.run([
            "rotate", id, "--output", setup.home.path + "/ci2.key", "--overlap", "1h", "--format",
            "json",
        ])
        #expect(rotated.status == 0, "\(rotated.stderr)")
        let rotation = try #require(
            try JSONSerialization.jsonObject(with: Data(rotated.stdout.utf8)) as? [String: Any])
        #expect(rotation["replaces"] as? String == id)
        #expect((rotation["kept_until"] as? String)?.hasSuffix("Z") == true)
        #expect(rotation["key_id"] as? String != id)
    }

    @Test(
        "completions offer the credentials file's profiles (read from the file only) and the region codes"
    )
    func completions() async throws {
        let home = TemporaryDirectory()
        _ = home.write(
            ".momento/credentials", "[default]\napi_key_v2=x\n[prod]\napi_key_v2=y\n[staging]\n")
        let environment = KeyconsoleProcess.environment(home: home.path)
        let profiles = try await KeyconsoleProcess.run(
            ["---completion", "list", "--", "--profile", "0", "0"], environment: environment)
        #expect(profiles.status == 0, "\(profiles.stderr)")
        #expect(profiles.stdout.split(separator: "\n") == ["default", "prod", "staging"])
        let bash = try await KeyconsoleProcess.run(
            ["--generate-completion-script", "bash"], environment: environment)
        #expect(bash.stdout.contains("us-west-2") && bash.stdout.contains("eu-west-1"))
    }

    @Test("list --fields picks JSON names for json and csv; an unknown one or a table is refused")
    func listFields() async throws {
        let setup = try await Setup(.sandbox)
        let csv = try await setup.run(["list", "--format", "csv", "--fields", "key_id,expires_at"])
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdout.hasPrefix("key_id,expires_at\n"))
        #expect(csv.stdout.split(separator: "\n").count == 13)
        let json = try await setup.run(["list", "--format", "json"])
        let rows = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.allSatisfy { ($0["issued_at"] as? String)?.hasSuffix("Z") == true })
        #expect(rows.filter { $0["expires_at"] is NSNull }.count == 2)
        let unknown = try await setup.run(["list", "--format", "json", "--fields", "key_id,expiry"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("No field \"expiry\"; the fields are key_id"))
        let table = try await setup.run(["list", "--fields", "key_id"])
        #expect(table.status == 64)
        #expect(table.stderr.contains("--fields is for --format json or csv."))
    }

    @Test(
        "check --format prometheus exits 0 when written, critical keys or not, and not 0 when stdout fails; text ends with performance data"
    )
    func prometheusStatus() async throws {
        let setup = try await Setup(.sandbox)
        let text = try await setup.run(["check"])
        #expect(text.status == 2)
        #expect(
            text.stdout.hasSuffix(" | expired=1 within_24h=4 within_7d=2 never=2 keys=12\n"),
            "\(text.stdout)")
        #expect(text.stdout.filter { $0 == "|" }.count == 1, "one | only: \(text.stdout)")
        // The textfile pattern of the help: the write and the rename happen.
        let folder = setup.home.path
        let check =
            ([KeyconsoleProcess.binary.path, "check", "--format", "prometheus"] + setup.arguments)
            .map { "'\($0)'" }.joined(separator: " ")
        let pipeline = try await KeyconsoleProcess.run(
            ["-c", "\(check) > '\(folder)/k.tmp' && mv '\(folder)/k.tmp' '\(folder)/k.prom'"],
            environment: setup.environment, executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(pipeline.status == 0, "\(pipeline.stderr)")
        let document = try String(contentsOfFile: folder + "/k.prom", encoding: .utf8)
        #expect(document.contains("momento_api_key_seconds_until_expiry{"))
        let full = try await KeyconsoleProcess.run(
            ["-c", "\(check) > /dev/full"],
            environment: setup.environment, executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(full.status != 0)
    }

    @Test(
        "check: critical, warning, OK and unknown exit 2, 1, 0 and 3", arguments: Backend.allCases)
    func check(_ backend: Backend) async throws {
        let setup = try await Setup(backend)
        let critical = try await setup.run(["check", "--warn", "7d", "--crit", "1d"])
        #expect(critical.status == 2)
        #expect(critical.stdout.hasPrefix("CRITICAL: 5 of"))
        #expect(critical.stdout.contains("Old load test"))
        let warning = try await setup.run(["check", "--warn", "7d", "--crit", "1m"])
        #expect(warning.status == 2, "the expired key is always critical")
        let keys = try await setup.keys()
        let urgent = keys.filter { ($0["seconds_remaining"] as? Int).map { $0 < 86400 } ?? false }
            .compactMap { $0["key_id"] as? String }
        _ = try await setup.run(["revoke"] + urgent + ["--yes"])
        let warned = try await setup.run(["check", "--warn", "7d", "--crit", "1d"])
        #expect(warned.status == 1)
        #expect(warned.stdout.hasPrefix("WARNING: 2 of"))
        let ok = try await setup.run(["check", "--warn", "1d", "--crit", "1h"])
        #expect(ok.status == 0)
        #expect(ok.stdout.hasPrefix("OK: "))
        let prometheus = try await setup.run(["check", "--format", "prometheus"])
        #expect(prometheus.stdout.contains("# TYPE momento_api_key_seconds_until_expiry gauge"))
        var unreachable = setup.environment
        unreachable["MOMENTO_API_KEY"] = unreachable["MOMENTO_API_KEY"] ?? TestTokens.v2Key()
        unreachable["MOMENTO_ENDPOINT"] = "cell-4-us-west-2-1.prod.a.momentohq.com"
        unreachable["KEYCONSOLE_API_URL"] = "http://127.0.0.1:9"
        let unknown = try await KeyconsoleProcess.run(["check"], environment: unreachable)
        #expect(unknown.status == 3)
        #expect(unknown.stdout.hasPrefix("UNKNOWN: "))
    }

    @Test(
        "check --output replaces the file whole and readable by all (0644), leaving nothing beside it; a folder it cannot write to, or a link, is unknown (3)"
    )
    func checkOutput() async throws {
        let setup = try await Setup(.sandbox)
        let folder = setup.home.path + "/textfile"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/keyconsole.prom"
        try "stale\n".write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        let written = try await setup.run(["check", "--format", "prometheus", "--output", path])
        #expect(written.status == 0, "written is success, expired keys or not: \(written.stderr)")
        #expect(written.stdout.isEmpty, "the document went to stdout too")
        let document = try String(contentsOfFile: path, encoding: .utf8)
        #expect(document.hasPrefix("# HELP keyconsole_up"))
        #expect(document.contains("momento_api_key_seconds_until_expiry{"))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o644)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["keyconsole.prom"])
        let missing = try await setup.run([
            "check", "--format", "prometheus", "--output", setup.home.path + "/none/k.prom",
        ])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("Cannot write"), "\(missing.stderr)")
        // A link would be replaced, not written through: refused, and what it names kept.
        let link = folder + "/link.prom"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        let linked = try await setup.run(["check", "--format", "prometheus", "--output", link])
        #expect(linked.status == 3)
        #expect(linked.stderr.contains("is not a regular file"), "\(linked.stderr)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == document)
        #expect(
            try FileManager.default.destinationOfSymbolicLink(atPath: link) == path,
            "the link is still a link")
    }

    @Test(
        "create refuses to print a key on a terminal without --print",
        .enabled(if: TmuxSession.isAvailable, TmuxSession.unavailableReason))
    func createOnTerminal() async throws {
        let home = TemporaryDirectory()
        let tmux = try await TmuxSession(
            width: 100, height: 10,
            environment: KeyconsoleProcess.environment(home: home.path, extra: ["TERM": "xterm"]))
        try await tmux.launch("create --role Viewer --description x")
        let screen = try await tmux.waitUntil { $0.contains("exited=") }
        #expect(screen.contains("Refusing to print a new key on the terminal"))
        #expect(screen.contains("exited=64"))
        #expect(!screen.contains("eyJ"))
    }

    @Test("decode reads stdin and never prints the key")
    func decode() async throws {
        let home = TemporaryDirectory()
        let key = TestTokens.v2Key(id: "decode-me", exp: 1_900_000_000)
        let result = try await KeyconsoleProcess.run(
            ["decode"], environment: KeyconsoleProcess.environment(home: home.path),
            stdin: "  \(key)\n")
        #expect(result.status == 0)
        #expect(result.stdout.contains("kind     v2 API key"))
        #expect(result.stdout.contains("key id   decode-me"))
        #expect(result.stdout.contains("expires  2030-03-17T17:46:40Z"))
        #expect(!result.stdout.contains(key) && !result.stderr.contains(key))
        let v1 = try await KeyconsoleProcess.run(
            ["decode"], environment: KeyconsoleProcess.environment(home: home.path),
            stdin: TestTokens.v1Key())
        #expect(v1.stdout.contains("endpoint cell-4-us-west-2-1.prod.a.momentohq.com"))
        #expect(v1.stdout.contains("needs a v2 API key"))
        let junk = try await KeyconsoleProcess.run(
            ["decode"], environment: KeyconsoleProcess.environment(home: home.path), stdin: "junk")
        #expect(junk.status == 1)
        #expect(junk.stderr.hasPrefix("Error: This is not a valid Momento key"))
        let text = try await KeyconsoleProcess.run(
            ["decode"], environment: KeyconsoleProcess.environment(home: home.path),
            stdin: "not a key")
        #expect(text.stderr.hasPrefix("Error: This is not a Momento API key or token"))
        // Every form migrate reads: NAME=key, quoted, an env file, a profile.
        for form in [
            "MOMENTO_API_KEY=\(key)", "export MOMENTO_API_KEY='\(key)'", "\"\(key)\"",
            "# ci\nMOMENTO_API_KEY=\(key)\nMOMENTO_ENDPOINT=cell-x.example\n",
            "[other]\ntoken=junk\n[default]\napi_key_v2=\(key)\nendpoint=cell-x.example\n",
        ] {
            let result = try await KeyconsoleProcess.run(
                ["decode"], environment: KeyconsoleProcess.environment(home: home.path),
                stdin: form)
            #expect(result.status == 0, "\(form.prefix(20)): \(result.stderr)")
            #expect(result.stdout.contains("key id   decode-me"))
        }
    }
}
