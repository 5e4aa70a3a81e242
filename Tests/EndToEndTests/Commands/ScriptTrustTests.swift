import Foundation
import MomentoKeys
import TestSupport
import Testing

/// What scripts can trust, run as cron jobs and monitoring would: no sandbox unless asked for,
/// formats that hold on failure, inert output, no crash on any value, retries that are safe.
@Suite("Answers a script can trust, the real binary", .timeLimit(.minutes(2)))
struct ScriptTrustTests {
    typealias Setup = ScriptCommandsTests.Setup

    /// An environment with no credentials at all, plus `extra`.
    static func bare(_ home: TemporaryDirectory, _ extra: [String: String] = [:]) -> [String:
        String]
    {
        KeyconsoleProcess.environment(home: home.path, extra: extra)
    }

    /// A valid key and endpoint whose key API is at `apiURL`.
    static func account(_ home: TemporaryDirectory, apiURL: String) -> [String: String] {
        bare(
            home,
            [
                "MOMENTO_API_KEY": TestTokens.v2Key(),
                "MOMENTO_ENDPOINT": "cell-4-us-west-2-1.prod.a.momentohq.com",
                "KEYCONSOLE_API_URL": apiURL,
            ])
    }

    /// Every command that reads or changes keys, with the exit code it fails with.
    static func commands(writingTo file: String) -> [([String], Int32)] {
        [
            (["list"], 1), (["list", "--format", "json"], 1), (["check"], 3),
            (["create", "--role", "Owner", "--description", "x", "--output", file], 1),
            (["revoke", "0f3c2a9e7b1d4c55a2e8f0b6c4d2e1a0", "--yes"], 1),
        ]
    }

    /// Credentials that mean a real account but are unusable, as the issue found them.
    enum Misconfiguration: String, CaseIterable, CustomTestStringConvertible {
        case apiURLOption, apiURLEnvironment, emptyKey, blankKey, unclosedHeader, symlinkLoop
        case nothing
        var testDescription: String { rawValue }
    }

    func prepare(_ misconfiguration: Misconfiguration, home: TemporaryDirectory) throws -> (
        arguments: [String], environment: [String: String]
    ) {
        switch misconfiguration {
        case .apiURLOption:
            return (["--api-url", "https://mga.registry.prod.a.momentohq.com"], Self.bare(home))
        case .apiURLEnvironment:
            return ([], Self.bare(home, ["KEYCONSOLE_API_URL": "http://127.0.0.1:9"]))
        case .emptyKey:
            return ([], Self.bare(home, ["MOMENTO_API_KEY": ""]))
        case .blankKey:
            return ([], Self.bare(home, ["MOMENTO_API_KEY": "  \t "]))
        case .unclosedHeader:
            _ = home.write(".momento/credentials", "[default\napi_key_v2=\(TestTokens.v2Key())\n")
            return ([], Self.bare(home))
        case .symlinkLoop:
            try FileManager.default.createDirectory(
                atPath: home.path + "/.momento", withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(
                atPath: home.path + "/.momento/credentials", withDestinationPath: "credentials")
            return ([], Self.bare(home))
        case .nothing:
            return ([], Self.bare(home))
        }
    }

    @Test(
        "no command falls back to the demo sandbox: each fails with one line, nothing on stdout",
        arguments: Misconfiguration.allCases)
    func noSilentSandbox(_ misconfiguration: Misconfiguration) async throws {
        let home = TemporaryDirectory()
        let (extra, environment) = try prepare(misconfiguration, home: home)
        let file = home.path + "/new.key"
        for (command, code) in Self.commands(writingTo: file) {
            let result = try await KeyconsoleProcess.run(
                command + extra, environment: environment)
            #expect(result.status == code, "\(command): \(result.stderr)")
            #expect(!result.stderr.contains("Created key"))
            #expect(!result.stderr.contains("Revoked"))
            if command != ["check"] {
                #expect(result.stdout.isEmpty, "\(command): \(result.stdout)")
                #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            } else {
                #expect(result.stdout.hasPrefix("UNKNOWN: "))
            }
        }
        if misconfiguration != .nothing {
            // The console too refuses these, before it needs a terminal.
            let console = try await KeyconsoleProcess.run(extra, environment: environment)
            #expect(console.status == 1, "\(console.stderr)")
            #expect(console.stderr.hasPrefix("Error: "))
        }
        #expect(!FileManager.default.fileExists(atPath: home.path + "/data/keyconsole"))
        #expect(!FileManager.default.fileExists(atPath: file))
    }

    @Test("the sandbox when asked: --sandbox or KEYCONSOLE_SANDBOX; check says which backend")
    func sandboxWhenAsked() async throws {
        let home = TemporaryDirectory()
        let viaEnvironment = try await KeyconsoleProcess.run(
            ["list", "--format", "json"],
            environment: Self.bare(home, ["KEYCONSOLE_SANDBOX": "default"]))
        #expect(viaEnvironment.status == 0)
        let keys = try JSONSerialization.jsonObject(with: Data(viaEnvironment.stdout.utf8))
        #expect((keys as? [Any])?.count == 12, "list --format json stays a bare array")
        let check = try await KeyconsoleProcess.run(
            ["check", "--format", "json", "--sandbox", home.path + "/s.sqlite"],
            environment: Self.bare(home))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let backend = try #require(object["backend"] as? [String: String])
        #expect(backend == ["kind": "sandbox", "location": home.path + "/s.sqlite"])
        #expect(check.stdout.hasPrefix("{\n  \"backend\""), "backend comes first")
        let prometheus = try await KeyconsoleProcess.run(
            ["check", "--format", "prometheus"],
            environment: Self.bare(home, ["KEYCONSOLE_SANDBOX": home.path + "/s.sqlite"]))
        #expect(prometheus.stdout.contains("keyconsole_up{backend=\"sandbox\"} 1\n"))
        let conflict = try await KeyconsoleProcess.run(
            ["list"],
            environment: Self.bare(
                home, ["KEYCONSOLE_SANDBOX": "default", "MOMENTO_API_KEY": TestTokens.v2Key()]))
        #expect(conflict.status == 1)
        #expect(conflict.stderr.contains("unset one of them"))
    }

    @Test("a failed check stays Prometheus or JSON; a failed list prints nothing on stdout")
    func formatsOnFailure() async throws {
        let home = TemporaryDirectory()
        let unreachable = Self.account(home, apiURL: "http://127.0.0.1:9")
        let prometheus = try await KeyconsoleProcess.run(
            ["check", "--format", "prometheus"], environment: unreachable)
        #expect(prometheus.status == 0, "keyconsole_up 0 was written")
        let lines = prometheus.stdout.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines.count == 2, "\(prometheus.stdout)")
        #expect(lines.first == "keyconsole_up{backend=\"momento\"} 0")
        #expect(lines.last?.hasPrefix("keyconsole_scrape_duration_seconds ") == true)
        #expect(prometheus.stderr.contains("Cannot reach 127.0.0.1"))
        let json = try await KeyconsoleProcess.run(
            ["check", "--format", "json"], environment: unreachable)
        #expect(json.status == 3)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "unknown")
        #expect((object["error"] as? String)?.contains("Cannot reach") == true)
        #expect((object["backend"] as? [String: String])?["kind"] == "momento")
        for format in ["json", "csv"] {
            let list = try await KeyconsoleProcess.run(
                ["list", "--format", format], environment: unreachable)
            #expect(list.status == 1)
            #expect(list.stdout.isEmpty)
            #expect(list.stderr.hasPrefix("Error: Cannot reach"))
        }
    }

    /// Whether `text` holds a byte or character a terminal acts on (line feeds aside).
    static func hasControl(_ text: String) -> Bool {
        text.unicodeScalars.contains {
            ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value)
                || (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value)
        }
    }

    @Test("every output is inert: a hostile description reaches no terminal raw")
    func inertOutput() async throws {
        let setup = try await Setup(.sandbox)
        let hostile =
            "C\u{1B}]52;c;aGVsbG8=\u{07}D\u{1B}]0;pwned\u{07}\u{1B}[2J\u{1B}[6n\u{9B}31m\u{202E}E"
        let created = try await setup.run([
            "create", "--role", "Viewer", "--description", hostile, "--expires-in", "1h",
            "--output", setup.home.path + "/h.key",
        ])
        #expect(created.status == 0, "\(created.stderr)")
        let json = try await setup.run(["list", "--format", "json"])
        let rows = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.contains { $0["description"] as? String == hostile }, "JSON round-trips")
        let id = try #require(
            rows.first { $0["description"] as? String == hostile }?["key_id"] as? String)
        _ = setup.home.write(
            "config/keyconsole/regions.json",
            #"[{"region": "x-\u001b]0;t\u0007", "name": "N\u009b2J\u202e", "cell": "cell-x-1"}]"#)
        let runs: [[String]] = [
            ["list"], ["list", "--format", "csv"], ["list", "--format", "json"], ["check"],
            ["check", "--format", "json"], ["check", "--format", "prometheus"], ["regions"],
            ["regions", "--format", "json"], ["revoke", String(id.prefix(8)), "--yes"],
        ]
        for arguments in runs {
            let result = try await setup.run(arguments)
            #expect(
                !Self.hasControl(result.stdout),
                "\(arguments) stdout: \(result.stdout.debugDescription)")
            #expect(
                !Self.hasControl(result.stderr),
                "\(arguments) stderr: \(result.stderr.debugDescription)")
        }
        // The journal holds the description too: each of its formats is inert.
        for format in ["table", "csv", "json"] {
            let result = try await KeyconsoleProcess.run(
                ["audit", "--format", format], environment: setup.environment)
            #expect(result.status == 0, "\(format): \(result.stderr)")
            #expect(!Self.hasControl(result.stdout), "\(format): \(result.stdout.debugDescription)")
        }
        // Escaped, not dropped: the journal's JSON gives the description back as typed.
        let audit = try await KeyconsoleProcess.run(
            ["audit", "--format", "json"], environment: setup.environment)
        let entries = try #require(
            try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [[String: Any]])
        #expect(entries.contains { $0["description"] as? String == hostile })
    }

    @Test("bad values are refused with a message; no input crashes the process")
    func badValues() async throws {
        let setup = try await Setup(.sandbox)
        for exp in ["1e19", "-1e19", "1e300"] {
            let token = TestTokens.jwt(claimsJSON: #"{"t":"g","jti":"x","exp":\#(exp)}"#)
            let decoded = try await KeyconsoleProcess.run(
                ["decode"], environment: setup.environment, stdin: token)
            #expect(decoded.status == 1, "exp \(exp): \(decoded.stderr)")
            #expect(decoded.stderr.contains("not between the years 1 and 9999"))
        }
        let refused: [[String]] = [
            ["--expires-in", "9223372036854775807s"], ["--expires-in", "999999999999999999s"],
            ["--expires-at", "2027-03-01T25:00Z"], ["--expires-at", "2027-02-30"],
            ["--expires-at", "10000-01-01"],
        ]
        for expiry in refused {
            let result = try await setup.run(
                ["create", "--role", "Viewer", "--description", "x", "--output", "/dev/null"]
                    + expiry)
            #expect(result.status == 64, "\(expiry): \(result.stderr)")
            #expect(result.stderr.contains("is invalid for"))
        }
        let late = try await setup.run([
            "create", "--role", "Viewer", "--description", "x", "--print", "--expires-in",
            "418000w",
        ])
        #expect(late.status == 1)
        #expect(late.stderr.contains("after the year 9999"))
        for arguments in [
            ["check", "--warn", "9223372036854775807s"], ["list", "--expiring-within", "1e9d"],
        ] {
            #expect(try await setup.run(arguments).status == 64, "\(arguments)")
        }
    }

    @Test("create does not ask for the roles for a system role or --role-id")
    func createWithoutRoles() async throws {
        // The second request fails: a create that asked for the roles first would get the 403.
        for role in [["--role", "Operator"], ["--role", "r-viewer"], ["--role-id", "r-10042"]] {
            let setup = try await Setup(.serve, faults: "seq:ok/403")
            let created = try await setup.run(
                ["create", "--description", "no roles", "--print"] + role)
            #expect(created.status == 0, "\(role): \(created.stderr)")
            _ = await setup.serve?.waitFor("POST /api-keys")
            #expect(setup.serve?.stderr.contains("GET /roles") == false)
        }
        let custom = try await Setup(.serve, faults: "seq:ok/403")
        let byName = try await custom.run([
            "create", "--role", "Cache Readers", "--description", "x", "--print",
        ])
        #expect(byName.status == 1, "a custom role's name is looked up, then the create gets 403")
    }

    @Test("create retries a 429 after Retry-After; the CLI prints no log lines unless --verbose")
    func retriesAndLogs() async throws {
        // The create's first POST gets 429 (Retry-After: 1), its second goes through; the
        // list that follows gets a 503 and is retried.
        let setup = try await Setup(.serve, faults: "seq:429/ok/503")
        let created = try await setup.run([
            "create", "--role", "Operator", "--description", "after 429", "--print",
        ])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stderr.split(separator: "\n").count == 1, "\(created.stderr)")
        #expect(created.stderr.hasPrefix("Created key"))
        _ = await setup.serve?.waitFor("route=POST /api-keys status=200")
        let posts = (setup.serve?.stderr ?? "").split(separator: "\n")
            .filter { $0.contains("POST /api-keys") }
        #expect(posts.count == 2 && posts[0].contains("status=429"), "\(posts)")
        // The list's 503 is retried quietly, and logged to the log file.
        let listed = try await setup.run(["list", "--format", "json"])
        #expect(listed.status == 0)
        #expect(listed.stderr.isEmpty, "\(listed.stderr)")
        let log = try String(
            contentsOfFile: setup.home.path + "/state/keyconsole/keyconsole.log", encoding: .utf8)
        #expect(log.contains("retrying key API request"))
        let verbose = try await Setup(.serve, faults: "seq:503")
        let loud = try await verbose.run(["list", "--verbose"])
        #expect(loud.status == 0)
        #expect(loud.stderr.contains("retrying key API request"))
    }

    @Test("revoke: a unique prefix names the key first; short, unknown prefixes are refused")
    func revokeByPrefix() async throws {
        let setup = try await Setup(.sandbox)
        let keys = try await setup.keys()
        let key = try #require(keys.first { $0["description"] as? String == "Nightly ETL job" })
        let id = try #require(key["key_id"] as? String)
        let revoked = try await setup.run(["revoke", String(id.prefix(8)), "--yes"])
        #expect(revoked.status == 0, "\(revoked.stderr)")
        #expect(revoked.stderr.contains("\(id)  Operator  Nightly ETL job"))
        #expect(revoked.stderr.contains("Revoked \(id)"))
        let short = try await setup.run(["revoke", String(id.prefix(7)), "--yes"])
        #expect(short.status == 1)
        #expect(short.stderr.contains("at least 8 characters"))
        let unknown = try await setup.run(["revoke", "ffffffffffff", "--yes"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("No key's id is or starts with ffffffffffff"))
        #expect(try await setup.keys().count == keys.count - 1)
        let role = try await setup.run(["list", "--role", "nosuch"])
        #expect(role.status == 1)
        #expect(role.stderr.contains("No role nosuch. Roles:"))
        #expect(role.stderr.contains("Operator") && role.stderr.contains("Cache Readers"))
    }

    @Test("revoke of a full id with --yes lists nothing; a lost answer then a 404 is revoked")
    func revokeFullIdLostAnswer() async throws {
        let setup = try await Setup(.serve, faults: "seq:ok/ok/lose")
        let id = try #require(try await setup.keys().first?["key_id"] as? String)
        let revoked = try await setup.run(["revoke", id, "--yes"])
        #expect(revoked.status == 0, "\(revoked.stderr)")
        #expect(revoked.stderr == "Revoked \(id)\n")
        _ = await setup.serve?.waitFor("status=404")
        let serveLog = setup.serve?.stderr ?? ""
        #expect(serveLog.components(separatedBy: "GET /api-keys").count - 1 == 1, "\(serveLog)")
    }

    @Test("a stdout that cannot take the output is an error (naming a created key), never a crash")
    func unwritableStdout() async throws {
        let setup = try await Setup(.sandbox)
        let shell = URL(fileURLWithPath: "/bin/sh")
        func toFull(_ arguments: [String]) async throws -> (
            status: Int32, stdout: String, stderr: String
        ) {
            try await KeyconsoleProcess.run(
                ["-c", #"exec "$0" "$@" > /dev/full"#, KeyconsoleProcess.binary.path]
                    + arguments + setup.arguments,
                environment: setup.environment, executable: shell)
        }
        let created = try await toFull(["create", "--role", "Viewer", "--description", "lost"])
        #expect(created.status == 1, "\(created.stderr)")
        #expect(created.stderr.hasPrefix("Error: Created key "))
        #expect(created.stderr.contains("could not write it"))
        #expect(created.stderr.contains("revoke it with `keyconsole revoke "))
        // A pipe whose reader is gone: EPIPE, reported the same way, not a death by SIGPIPE.
        let closedPipe = try await KeyconsoleProcess.run(
            [
                "-c", #"{ "$0" "$@"; echo "status=$?" >&2; } | (exec 0<&-)"#,
                KeyconsoleProcess.binary.path, "create", "--role", "Viewer", "--description",
                "piped away",
            ] + setup.arguments, environment: setup.environment, executable: shell)
        #expect(closedPipe.stderr.contains("status=1"), "\(closedPipe.stderr)")
        #expect(closedPipe.stderr.contains("could not write it"))
        for arguments in [["list", "--format", "json"], ["list"], ["sandbox", "path"]] {
            let result = try await toFull(arguments)
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("Cannot write to standard output"))
        }
    }

    @Test("odd values that once crashed or misled: a port past 65535, an injected profile header")
    func oddValues() async throws {
        let home = TemporaryDirectory()
        let environment = Self.account(home, apiURL: "http://user:secret@127.0.0.1:65536")
        let json = try await KeyconsoleProcess.run(
            ["check", "--format", "json"], environment: environment)
        #expect(json.status == 3)
        let object =
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((object?["error"] as? String)?.contains("65535") == true)
        let list = try await KeyconsoleProcess.run(["list"], environment: environment)
        #expect(list.status == 1)
        let setup = try await Setup(.sandbox)
        let injected = try await setup.run([
            "create", "--role", "Viewer", "--description", "x", "--print", "--output-format",
            "momento-profile", "--region", "us-west-2", "--profile-name", "evil]\n[default",
        ])
        #expect(injected.status == 64)
        #expect(injected.stdout.isEmpty)
        let empty = try await KeyconsoleProcess.run(
            ["list", "--sandbox", ""], environment: Self.bare(home))
        #expect(empty.status == 64)
    }

    @Test("check gives up at --timeout, UNKNOWN in its format, instead of outlasting the monitor")
    func checkTimeout() async throws {
        let setup = try await Setup(.serve, faults: "delay:30s")
        let result = try await setup.run(["check", "--timeout", "1s", "--format", "prometheus"])
        #expect(result.status == 0, "keyconsole_up 0 was written")
        #expect(result.stdout.contains("keyconsole_up{backend=\"momento\"} 0\n"))
        #expect(result.stderr.contains("No answer within 1s"))
    }

    @Test(
        "list, revoke and rotate --finish give up at --timeout in all, retries included, saying so"
    )
    func commandsTimeout() async throws {
        let setup = try await Setup(.serve, faults: "delay:30s")
        for arguments in [
            ["list"], ["revoke", "0123456789abcdef", "--yes"], ["rotate", "--finish"],
        ] {
            let started = ContinuousClock.now
            let result = try await setup.run(arguments + ["--timeout", "2s"])
            let took = started.duration(to: .now)
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            #expect(
                result.stderr.contains("No answer within 2s (--timeout)"),
                "\(arguments): \(result.stderr)")
            #expect(took < .seconds(8), "\(arguments) took \(took)")
        }
    }

    @Test(
        "serve --faults same-token, dup-ids, redirect and slow-body: list refuses, warns or gives up, each saying why"
    )
    func hostileServeModes() async throws {
        let same = try await Setup(.serve, faults: "same-token:1")
        let endless = try await same.run(["list", "--format", "json"])
        #expect(endless.status == 1, "\(endless.stderr)")
        #expect(endless.stderr.contains("same next_token twice"), "\(endless.stderr)")
        #expect(endless.stdout.isEmpty)
        let duplicated = try await Setup(.serve, faults: "dup-ids:1")
        let twice = try await duplicated.run(["list", "--format", "json"])
        #expect(twice.status == 0, "\(twice.stderr)")
        #expect(twice.stderr.contains("more than once; each is shown once"), "\(twice.stderr)")
        let listed = try #require(
            try JSONSerialization.jsonObject(with: Data(twice.stdout.utf8)) as? [[String: Any]])
        let ids = listed.compactMap { $0["key_id"] as? String }
        #expect(!ids.isEmpty && Set(ids).count == ids.count, "each key once")
        let moved = try await Setup(.serve, faults: "redirect:1")
        let redirected = try await moved.run(["list"])
        #expect(redirected.status == 1)
        #expect(
            redirected.stderr.contains("HTTP 307, a redirect to http://127.0.0.1:9/api-keys"),
            "\(redirected.stderr)")
        let slow = try await Setup(.serve, faults: "slow-body:1")
        let trickled = try await slow.run(["list", "--timeout", "2s"])
        #expect(trickled.status == 1)
        #expect(trickled.stderr.contains("No answer within 2s (--timeout)"), "\(trickled.stderr)")
    }

    @Test("a log file that is not a regular file is refused: no crash, no hang, check stays valid")
    func oddLogFiles() async throws {
        let setup = try await Setup(.sandbox)
        let fifo = setup.home.path + "/log.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        for path in [fifo, "/dev/stderr"] {
            let list = try await setup.run(["list", "--log-file", path])
            #expect(list.status == 1, "\(path): \(list.stderr)")
            #expect(list.stderr.hasPrefix("Error: Cannot open the log file \(path)"))
            let check = try await setup.run([
                "check", "--format", "prometheus", "--log-file", path,
            ])
            #expect(check.status == 0, "\(path): \(check.stderr)")
            #expect(check.stdout.contains("keyconsole_up{backend=\"none\"} 0\n"))
        }
    }

    @Test("decode refuses stdin it cannot read, or more than 64 KiB, with one line")
    func decodeOddInput() async throws {
        let home = TemporaryDirectory()
        let directory = try await KeyconsoleProcess.run(
            ["-c", #"exec "$0" decode < /"#, KeyconsoleProcess.binary.path],
            environment: Self.bare(home), executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(directory.status == 1, "\(directory.stderr)")
        #expect(directory.stderr.hasPrefix("Error: Cannot read the key from standard input"))
        let huge = try await KeyconsoleProcess.run(
            ["decode"], environment: Self.bare(home),
            stdin: String(repeating: "A", count: 70_000))
        #expect(huge.status == 1)
        #expect(huge.stderr.contains("larger than 64 KiB"))
    }
}
