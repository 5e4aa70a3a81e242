import Foundation
import MomentoKeys
import TestSupport
import Testing

/// Secret stores, rotations that finish and the audit journal, through the real binary, on
/// the sandbox and through `keyconsole serve`. The stores are stand-in commands that record
/// what they were given: their standard input, their arguments and their environment.
@Suite("Secret stores, rotations and the audit journal", .serialized, .timeLimit(.minutes(2)))
struct SecretStoreTests {
    let home = TemporaryDirectory()
    var sandbox: String { home.path + "/s.sqlite" }
    var stored: String { home.path + "/stored" }
    var journal: String { home.path + "/state/keyconsole/audit.jsonl" }

    init() throws {
        try FileManager.default.createDirectory(
            atPath: home.path + "/stored", withIntermediateDirectories: true)
        // Each store is a command given as its arguments; /bin/sh here is the stand-in's own
        // choice (keyconsole runs the first argument directly, no shell of its own).
        let record =
            #"cat > "$1/$KEYCONSOLE_KEY_ID.in"; printf '%s\n' "$0" "$@" > "$1/$KEYCONSOLE_KEY_ID.argv"; env > "$1/$KEYCONSOLE_KEY_ID.env""#
        let chatty = #"cat > "$1/chatty.in"; head -c 200000 /dev/zero | tr '\0' x"#
        home.write(
            "config/keyconsole/config",
            """
            # hand-written settings
            endpoint = "cell-4-us-west-2-1.prod.a.momentohq.com"

            [stores.capture]
            command = ["/bin/sh", "-c", \(ConsoleConfigText.quoted(record)), "capture", "\(home.path)/stored", "{description}", "{role}", "{expires_at}"]

            [stores.capture-env]
            command = ["/bin/sh", "-c", \(ConsoleConfigText.quoted(record)), "capture", "\(home.path)/stored"]
            format = "env"

            [stores.capture-json]
            command = ["/bin/sh", "-c", \(ConsoleConfigText.quoted(record)), "capture", "\(home.path)/stored"]
            format = "json"

            [stores.fails]
            command = ["/bin/sh", "-c", "cat > /dev/null; echo 'vault: permission denied' >&2; exit 1"]

            [stores.hangs]
            command = ["/bin/sh", "-c", "exec sleep 30"]
            timeout = 1

            [stores.no-read]
            command = ["/bin/sh", "-c", "exit 0"]

            [stores.chatty]
            command = ["/bin/sh", "-c", \(ConsoleConfigText.quoted(chatty)), "chatty", "\(home.path)/stored"]

            [stores.echoes]
            command = ["/bin/sh", "-c", "cat >&2; exit 1"]

            [stores.forks]
            command = ["/bin/sh", "-c", "sleep 31.5 & wait"]
            timeout = 1

            [stores.missing]
            command = ["no-such-store-tool", "x"]

            [stores.escapes]
            command = ["/bin/sh", "-c", "cat > /dev/null; printf '\\\\033]52;c;aGk=\\\\007\\\\033[31mred\\\\n'"]
            """)
    }

    var environment: [String: String] { KeyconsoleProcess.environment(home: home.path) }

    func run(_ arguments: [String], extra: [String: String] = [:]) async throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        try await KeyconsoleProcess.run(
            arguments, environment: environment.merging(extra) { $1 })
    }

    /// The key id in "Created key ID ..." on stderr.
    static func createdId(_ stderr: String) -> String? {
        DurabilityTests.ids(after: "Created key ", in: stderr).first
    }

    /// Every file under `folder` that holds `secret`.
    static func files(holding secret: String, under folder: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var found: [String] = []
        while let name = enumerator?.nextObject() as? String {
            let path = folder + "/" + name
            if let data = FileManager.default.contents(atPath: path),
                String(decoding: data, as: UTF8.self).contains(secret)
            {
                found.append(name)
            }
        }
        return found
    }

    func entries() throws -> [[String: Any]] {
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        return try text.split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test(
        "create --store: the key reaches the store's stdin only; the journal has create and store, no secret"
    )
    func createStore() async throws {
        let created = try await run([
            "create", "--sandbox", sandbox, "--role", "Operator", "--description", "ci deploy",
            "--store", "capture",
        ])
        #expect(created.status == 0, "\(created.stderr)")
        let id = try #require(Self.createdId(created.stderr))
        #expect(created.stderr.contains("stored in capture (exit 0)"))
        let key = try String(contentsOfFile: "\(stored)/\(id).in", encoding: .utf8)
        #expect(try KeyDecoder.decode(key).keyId == id, "the store got exactly the key")
        #expect(!key.hasSuffix("\n"), "raw: the key alone")
        let argv = try String(contentsOfFile: "\(stored)/\(id).argv", encoding: .utf8)
        #expect(argv.contains("ci deploy") && argv.contains("Operator"), "placeholders filled")
        #expect(Self.files(holding: key, under: home.path) == ["stored/\(id).in"])
        #expect(!created.stdout.contains(key) && !created.stderr.contains(key))
        let lines = try entries()
        #expect(
            lines.map { "\($0["action"]!) \($0["outcome"]!)" } == [
                "create requested", "create done", "store done",
            ])
        #expect(lines[1]["key_id"] as? String == id)
        #expect(lines[2]["store"] as? String == "capture")
        #expect(lines[0]["attempt"] as? String == lines[1]["attempt"] as? String)
        #expect(lines.allSatisfy { $0["user"] != nil && $0["backend"] as? String == "sandbox" })
        let attributes = try FileManager.default.attributesOfItem(atPath: journal)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        // env and JSON formats.
        for (store, check) in [
            (
                "capture-env",
                { (text: String, key: String) in
                    text
                        == "MOMENTO_API_KEY=\(key)\nMOMENTO_ENDPOINT=cell-4-us-west-2-1.prod.a.momentohq.com\n"
                }
            ),
            (
                "capture-json",
                { (text: String, key: String) in
                    text.hasPrefix(
                        "{\"api_key\":\"\(key)\",\"endpoint\":\"cell-4-us-west-2-1.prod.a.momentohq.com\""
                    )
                }
            ),
        ] {
            let made = try await run([
                "create", "--sandbox", sandbox, "--role-id", "r-viewer", "--description", store,
                "--store", store,
            ])
            let madeId = try #require(Self.createdId(made.stderr), "\(made.stderr)")
            let text = try String(contentsOfFile: "\(stored)/\(madeId).in", encoding: .utf8)
            let json = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            let secret =
                (json?["api_key"] as? String)
                ?? String(
                    text.split(separator: "\n").first?.dropFirst("MOMENTO_API_KEY=".count) ?? "")
            #expect(check(text, secret), "\(store): \(text)")
        }
    }

    @Test("through serve: the store's environment has no admin key, its argv no key")
    func storeThroughServe() async throws {
        let served = try await ServedSandbox.start(sandbox: sandbox, home: home.path)
        defer { served.process.signal(SIGTERM) }
        let (url, admin) = (served.url, served.adminKey)
        let extra = [
            "MOMENTO_API_KEY": admin, "KEYCONSOLE_API_URL": url,
            "MOMENTO_ENDPOINT": "cell-4-us-west-2-1.prod.a.momentohq.com",
        ]
        let created = try await run(
            [
                "create", "--role-id", "r-viewer", "--description", "via serve", "--store",
                "capture",
            ],
            extra: extra)
        #expect(created.status == 0, "\(created.stderr)")
        let id = try #require(Self.createdId(created.stderr))
        let key = try String(contentsOfFile: "\(stored)/\(id).in", encoding: .utf8)
        let env = try String(contentsOfFile: "\(stored)/\(id).env", encoding: .utf8)
        let argv = try String(contentsOfFile: "\(stored)/\(id).argv", encoding: .utf8)
        #expect(!env.contains(admin) && !env.contains("MOMENTO_API_KEY="), "no admin key")
        #expect(!env.contains(key) && !argv.contains(key), "no new key but on stdin")
        #expect(env.contains("KEYCONSOLE_API_URL="), "the rest of the environment is kept")
        let lines = try entries()
        #expect(lines.last?["acting_key_id"] as? String == (try KeyDecoder.decode(admin).keyId))
        #expect(lines.last?["backend"] as? String == "momento")
        // rotate --store --overlap through serve, then --finish once the overlap has ended.
        let rotated = try await run(
            ["rotate", id, "--store", "capture", "--overlap", "24h"], extra: extra)
        #expect(rotated.status == 0, "\(rotated.stderr)")
        #expect(rotated.stderr.contains("Kept \(id) until"))
        // Before the deadline: --finish says what is pending, --list shows it.
        let early = try await run(["rotate", "--finish"], extra: extra)
        #expect(early.status == 0)
        #expect(
            early.stderr.contains("No rotation is due; 1 pending, the first due 20"),
            "\(early.stderr)")
        #expect(early.stderr.contains("(rotate --list shows them)."))
        let pending = try await run(["rotate", "--list"], extra: extra)
        #expect(pending.status == 0, "\(pending.stderr)")
        #expect(pending.stdout.hasPrefix("\(id) -> "), "\(pending.stdout)")
        #expect(pending.stdout.contains(" due 20") && pending.stdout.contains("(in 23h 5"))
        let later = String(Int(Date().timeIntervalSince1970) + 2 * 86400)
        let finished = try await run(
            ["rotate", "--finish"], extra: extra.merging(["KEYCONSOLE_NOW": later]) { $1 })
        #expect(finished.status == 0, "\(finished.stderr)")
        #expect(finished.stderr.contains("Revoked \(id)"))
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        #expect(!text.contains(key) && !text.contains(admin), "no secret in the journal")
    }

    @Test(
        "a store that fails, hangs or prints escapes: exit 1 naming the key, nothing left, shown inert"
    )
    func failingStores() async throws {
        let failed = try await run([
            "create", "--sandbox", sandbox, "--role-id", "r-viewer", "--description", "x",
            "--store", "fails",
        ])
        #expect(failed.status == 1)
        let id = try #require(
            Self.createdId(failed.stderr)
                ?? failed.stderr.split(separator: " ")
                .first { $0.count == 32 }.map(String.init))
        #expect(failed.stderr.contains("not stored in fails: exit 1: vault: permission denied"))
        #expect(failed.stderr.contains("keyconsole revoke \(id) --yes"))
        let listed = try await run(["list", "--sandbox", sandbox, "--format", "json"])
        #expect(listed.stdout.contains(id), "the key stays without --revoke-if-unstored")
        let revoked = try await run([
            "create", "--sandbox", sandbox, "--role-id", "r-viewer", "--description", "y",
            "--store", "fails", "--revoke-if-unstored",
        ])
        #expect(revoked.status == 1)
        #expect(revoked.stderr.contains("Revoked it (--revoke-if-unstored)"))
        let started = ContinuousClock.now
        let hung = try await run([
            "create", "--sandbox", sandbox, "--role-id", "r-viewer", "--description", "z",
            "--store", "hangs",
        ])
        #expect(hung.status == 1)
        #expect(hung.stderr.contains("did not finish within 1 s and was killed"))
        #expect(ContinuousClock.now - started < .seconds(15))
        let escaped = try await run([
            "create", "--sandbox", sandbox, "--role-id", "r-viewer", "--description", "e",
            "--store", "escapes",
        ])
        #expect(escaped.status == 0, "\(escaped.stderr)")
        #expect(!escaped.stderr.contains("\u{1B}") && !escaped.stderr.contains("\u{07}"))
        #expect(escaped.stderr.contains("stored in escapes (exit 0)"))
        // No secret of any of them anywhere under home but the stand-in's own files.
        let outcomes = try entries().filter { $0["action"] as? String == "store" }
        #expect(
            outcomes.map { $0["outcome"] as? String } == ["failed", "failed", "failed", "done"])
        let unknown = try await run([
            "create", "--sandbox", sandbox, "--role-id", "r-viewer", "--description", "u",
            "--store", "nope",
        ])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("No secret store nope"))
        #expect(!unknown.stderr.contains("Created key"), "nothing was created")
    }

    @Test(
        "rotate --finish never takes the last working key: its replacement revoked, the old key is kept (exit 1), check calls it broken"
    )
    func brokenRotationKept() async throws {
        let base = ["--sandbox", sandbox]
        var olds: [String] = []
        var news: [String] = []
        for name in ["broken", "healthy"] {
            let first = try await run(
                [
                    "create", "--role-id", "r-viewer", "--description", name, "--expires-in",
                    "7d", "--output", home.path + "/\(name)-old.key",
                ] + base)
            let old = try #require(Self.createdId(first.stderr), "\(first.stderr)")
            let rotated = try await run(
                [
                    "rotate", old, "--output", home.path + "/\(name)-new.key", "--overlap", "1h",
                ] + base)
            #expect(rotated.status == 0, "\(rotated.stderr)")
            olds.append(old)
            news.append(
                try #require(DurabilityTests.ids(after: "Created key ", in: rotated.stderr).first))
        }
        // Revoking the replacement says what it does to the rotation.
        let revoked = try await run(["revoke", news[0], "--yes"] + base)
        #expect(revoked.status == 0, "\(revoked.stderr)")
        #expect(
            revoked.stderr.contains("replaces \(olds[0]) in a kept rotation"), "\(revoked.stderr)")
        let later = ["KEYCONSOLE_NOW": String(Int(Date().timeIntervalSince1970) + 7200)]
        // check: broken (critical, both keys named), not overdue.
        let text = try await run(["check", "--warn", "1h", "--crit", "1h"] + base, extra: later)
        #expect(text.status == 2, "\(text.stdout)")
        #expect(text.stdout.hasPrefix("CRITICAL"), "\(text.stdout)")
        #expect(text.stdout.contains("1 rotation broken: Kept \(olds[0])"), "\(text.stdout)")
        #expect(text.stdout.contains(news[0]), "\(text.stdout)")
        let json = try await run(["check", "--format", "json"] + base, extra: later)
        let report = try #require(
            JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let broken = try #require(report["rotations_broken"] as? [[String: Any]])
        #expect(broken.first?["old_key_id"] as? String == olds[0])
        #expect(broken.first?["new_key_id"] as? String == news[0])
        let overdue = try #require(report["rotations_overdue"] as? [[String: Any]])
        #expect(overdue.map { $0["old_key_id"] as? String } == [olds[1]])
        let prometheus = try await run(["check", "--format", "prometheus"] + base, extra: later)
        #expect(prometheus.stdout.contains("keyconsole_rotations_broken 1\n"))
        #expect(prometheus.stdout.contains("keyconsole_rotations_overdue 1\n"))
        // --finish keeps the broken one's old key, finishes the healthy one, exits 1.
        let finished = try await run(["rotate", "--finish"] + base, extra: later)
        #expect(finished.status == 1, "\(finished.stderr)")
        #expect(
            finished.stderr.contains(
                "Kept \(olds[0]): its replacement \(news[0]) is no longer listed"),
            "\(finished.stderr)")
        #expect(finished.stderr.contains("Revoked \(olds[1])"), "\(finished.stderr)")
        let listed = try await run(["list", "--format", "json"] + base)
        #expect(listed.stdout.contains(olds[0]), "the last working key stays")
        #expect(!listed.stdout.contains(olds[1]))
    }

    @Test(
        "rotate --output --revoke-old, --overlap with check's warning, --finish, and audit's filters"
    )
    func rotateAndAudit() async throws {
        let base = ["--sandbox", sandbox]
        let first = try await run(
            [
                "create", "--role-id", "r-viewer", "--description", "old one", "--expires-in", "7d",
                "--output", home.path + "/old.key",
            ] + base)
        let old = try #require(Self.createdId(first.stderr), "\(first.stderr)")
        let rotated = try await run(
            ["rotate", String(old.prefix(8)), "--output", home.path + "/new.key", "--revoke-old"]
                + base)
        #expect(rotated.status == 0, "\(rotated.stderr)")
        let newId = try #require(
            DurabilityTests.ids(after: "Created key ", in: rotated.stderr).first)
        #expect(rotated.stderr.contains("Revoked \(old)"))
        let newKey = try String(contentsOfFile: home.path + "/new.key", encoding: .utf8)
        let decoded = try KeyDecoder.decode(newKey.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(decoded.keyId == newId)
        let validity = try #require(decoded.expiresAt).timeIntervalSinceNow
        #expect(abs(validity - 7 * 86400) < 120, "the old key's validity")
        // An overlap, and check's warning once it has passed.
        let kept = try await run(["rotate", newId, "--print", "--overlap", "1h"] + base)
        #expect(kept.status == 0, "\(kept.stderr)")
        let later = ["KEYCONSOLE_NOW": String(Int(Date().timeIntervalSince1970) + 7200)]
        let text = try await run(["check", "--warn", "1h", "--crit", "1h"] + base, extra: later)
        #expect(text.stdout.contains("1 rotation overdue"), "\(text.stdout)")
        let json = try await run(["check", "--format", "json"] + base, extra: later)
        let report = try #require(
            JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let overdue = try #require(report["rotations_overdue"] as? [[String: Any]])
        #expect(overdue.first?["old_key_id"] as? String == newId)
        let prometheus = try await run(["check", "--format", "prometheus"] + base, extra: later)
        #expect(prometheus.stdout.contains("keyconsole_rotations_overdue 1\n"))
        let now = try await run(["check", "--format", "prometheus"] + base)
        #expect(now.stdout.contains("keyconsole_rotations_overdue 0\n"), "not due yet")
        let finished = try await run(["rotate", "--finish"] + base, extra: later)
        #expect(finished.stderr.contains("Revoked \(newId)"), "\(finished.stderr)")
        let after = try await run(["check", "--format", "prometheus"] + base, extra: later)
        #expect(after.stdout.contains("keyconsole_rotations_overdue 0\n"))
        // The journal, filtered.
        let byKey = try await run(["audit", "--key", String(old.prefix(8)), "--format", "json"])
        let keyed = try #require(
            JSONSerialization.jsonObject(with: Data(byKey.stdout.utf8)) as? [[String: Any]])
        #expect(
            keyed.map { "\($0["action"]!) \($0["outcome"]!)" } == [
                "create done", "rotate requested", "rotate done", "revoke requested",
                "revoke done",
            ], "\(keyed)")
        let revokes = try await run(["audit", "--action", "revoke", "--format", "csv"])
        #expect(
            revokes.stdout.split(separator: "\n").count == 5,
            "header and two revokes, each requested and done")
        let table = try await run(["audit", "--since", "1h"])
        #expect(table.stdout.contains("rotate") && table.stdout.contains("old one"))
        let none = try await run(["audit", "--since", "2099-01-01"])
        #expect(none.stdout.split(separator: "\n").count == 1, "the header alone")
    }

    @Test(
        "a description never runs as shell code: sh -c, bash -c and env sh -c stores are refused before a key is made"
    )
    func descriptionIsNotCode() async throws {
        let own = TemporaryDirectory()
        let marker = own.path + "/touched"
        own.write(
            "config/keyconsole/config",
            """
            [stores.sh]
            command = ["/bin/sh", "-c", "cat > /dev/null; echo {description}"]
            [stores.bash]
            command = ["/bin/bash", "-c", "cat > /dev/null; echo {description}"]
            [stores.envsh]
            command = ["/usr/bin/env", "sh", "-c", "cat > /dev/null; echo '{description}'"]
            [stores.option]
            command = ["/bin/sh", "-c", "cat > /dev/null; echo x > \\"$0\\"", \(ConsoleConfigText.quoted(own.path + "/option")), "{description}"]
            """)
        let environment = KeyconsoleProcess.environment(home: own.path)
        let sandbox = own.path + "/s.sqlite"
        let made = try await KeyconsoleProcess.run(
            [
                "create", "--sandbox", sandbox, "--role", "Viewer", "--description",
                "app $(touch \(marker))", "--output", own.path + "/first.key",
            ], environment: environment)
        #expect(made.status == 0, "\(made.stderr)")
        let id = try #require(Self.createdId(made.stderr))
        for store in ["sh", "bash", "envsh"] {
            let rotated = try await KeyconsoleProcess.run(
                ["rotate", id, "--sandbox", sandbox, "--store", store, "--revoke-old"],
                environment: environment)
            #expect(rotated.status != 0, "\(store): \(rotated.stderr)")
            #expect(
                rotated.stderr.contains("store \(store): {description} is in the script"),
                "\(rotated.stderr)")
            #expect(!rotated.stderr.contains("Created key"), "no key was made for \(store)")
        }
        #expect(!FileManager.default.fileExists(atPath: marker), "the description never ran")
        // An option-shaped description as a whole argument is refused when the store runs.
        let dashed = try await KeyconsoleProcess.run(
            [
                "create", "--sandbox", sandbox, "--role", "Viewer", "--description=-rf", "--store",
                "option",
            ], environment: environment)
        #expect(dashed.status == 1, "\(dashed.stderr)")
        #expect(dashed.stderr.contains("would be read as an option"), "\(dashed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: own.path + "/option"))
    }
}

/// TOML strings for the test's config file.
enum ConsoleConfigText {
    static func quoted(_ text: String) -> String {
        "\""
            + text.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
