import Foundation
import MomentoKeys
import TestSupport
import Testing

/// The secret panel's `s`: a new key sent to a secret store of the config, in tmux, at 80x24
/// and 40x12; then rotations kept for an overlap survive a restart.
@Suite(
    "The console's secret stores in tmux", .serialized, .timeLimit(.minutes(2)),
    .enabled(if: TmuxSession.isAvailable, TmuxSession.unavailableReason))
struct ConsoleStoreTmuxTests {
    let home = TemporaryDirectory()
    var stored: String { home.path + "/stored" }

    init() throws {
        try FileManager.default.createDirectory(atPath: stored, withIntermediateDirectories: true)
        // The stand-in records its standard input, its arguments and its environment.
        let record = #"cat > "$1/key.in"; printf '%s\n' "$0" "$@" > "$1/argv"; env > "$1/env""#
        home.write(
            "config/keyconsole/config",
            """
            [stores.vault-test]
            command = ["/bin/sh", "-c", \(ConsoleConfigText.quoted(record)), "stand-in", "\(stored)", "{key_id}", "{description}"]

            [stores.broken]
            command = ["/bin/sh", "-c", "cat > /dev/null; printf 'denied\\\\033[31m\\\\n' >&2; exit 3"]
            """)
    }

    @Test(
        "s stores the new key: the file holds exactly it, argv and env do not; closing asks nothing",
        arguments: [(80, 24), (40, 12)])
    func storeFromPanel(width: Int, height: Int) async throws {
        let tmux = try await TmuxSession(home: home.path, width: width, height: height)
        try await tmux.launch()
        _ = try await tmux.waitUntil { $0.contains("13 keys") || $0.contains("12 keys") }
        try await tmux.type("n")
        _ = try await tmux.waitUntil { $0.contains("30 days") }
        try await tmux.send("Tab")
        try await tmux.type("stored one")
        try await tmux.send("Enter")
        _ = try await tmux.waitUntil { $0.contains("Enter") && $0.contains("stored one") }
        try await tmux.send("Enter")
        _ = try await tmux.waitUntil { $0.contains("store it now") || $0.contains("New key") }
        // A store that fails says why, inert, and the panel stays.
        try await tmux.type("s")
        _ = try await tmux.waitUntil { $0.contains("vault-test") && $0.contains("broken") }
        try await tmux.send("Enter")  // the first, by name: broken
        let failed = try await tmux.waitUntil { $0.contains("not stored in broken") }
        #expect(failed.contains("exit 3"))
        let escapes = try await tmux.capture(escapes: true)
        #expect(!escapes.contains("\u{1B}[31mdenied"), "the store's escape is not passed on")
        try await tmux.type("s")
        _ = try await tmux.waitUntil { $0.contains("vault-test") }
        try await tmux.send("Down", "Enter")
        let done = try await tmux.waitUntil {
            $0.contains("stored in vault-test (exit 0)")
                || (width < 60 && $0.contains("stored in vault-test"))
        }
        #expect(!done.contains("Is the key stored?"))
        let key = try String(contentsOfFile: stored + "/key.in", encoding: .utf8)
        let decoded = try KeyDecoder.decode(key)
        #expect(decoded.kind == .v2ApiKey)
        let keyId = try #require(decoded.keyId)
        let argv = try String(contentsOfFile: stored + "/argv", encoding: .utf8)
        let env = try String(contentsOfFile: stored + "/env", encoding: .utf8)
        #expect(argv.contains(keyId) && argv.contains("stored one"), "placeholders filled")
        #expect(!argv.contains(key) && !env.contains(key), "the key went to stdin only")
        // Closing after a store asks nothing.
        try await tmux.send("Escape")
        _ = try await tmux.waitUntil { $0.contains("forgot its plaintext") }
        try await tmux.send("q")
        _ = try await tmux.waitUntil { $0.contains("exited=0") }
        let journal = try String(
            contentsOfFile: home.path + "/state/keyconsole/audit.jsonl", encoding: .utf8)
        #expect(!journal.contains(key), "no secret in the journal")
        let lines = journal.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains(#""action":"create""#) && $0.contains(keyId) })
        #expect(
            lines.contains {
                $0.contains(#""action":"store""#) && $0.contains(#""store":"vault-test""#)
                    && $0.contains(#""outcome":"done""#)
            })
        #expect(
            lines.contains {
                $0.contains(#""action":"store""#) && $0.contains(#""outcome":"failed""#)
            })
        let history = try await tmux.history()
        #expect(!history.contains(String(key.suffix(30))))
        try? FileManager.default.removeItem(atPath: home.path + "/state/keyconsole/audit.jsonl")
    }

    @Test(
        "a rotation kept by the CLI is marked after a restart, due in the header, and F finishes it"
    )
    func dueRotation() async throws {
        let sandbox = home.path + "/rot.sqlite"
        let environment = KeyconsoleProcess.environment(home: home.path)
        let made = try await KeyconsoleProcess.run(
            [
                "create", "--sandbox", sandbox, "--role-id", "r-viewer", "--description",
                "to rotate", "--print",
            ], environment: environment)
        let old = try #require(DurabilityTests.ids(after: "Created key ", in: made.stderr).first)
        // Kept for an hour from two hours ago: due an hour ago.
        let earlier = String(Int(Date().timeIntervalSince1970) - 7200)
        let rotated = try await KeyconsoleProcess.run(
            ["rotate", old, "--sandbox", sandbox, "--print", "--overlap", "1h"],
            environment: environment.merging(["KEYCONSOLE_NOW": earlier]) { $1 })
        #expect(rotated.status == 0, "\(rotated.stderr)")
        let tmux = try await TmuxSession(home: home.path, width: 100, height: 30)
        try await tmux.launch("--sandbox '\(sandbox)'")
        let screen = try await tmux.waitUntil { $0.contains("1 rotation due: F") }
        let row = try #require(TmuxSession.line(containing: "to rotate", in: screen))
        #expect(screen.contains("↻"), "the mark survives the restart: \(row)")
        try await tmux.type("F")
        _ = try await tmux.waitUntil { $0.contains("Type 1 to confirm") }
        try await tmux.type("1")
        try await tmux.send("Enter")
        _ = try await tmux.waitUntil { $0.contains("Revoked 1 of 1") }
        try await tmux.send("Enter")
        let after = try await tmux.waitUntil { !$0.contains("rotation due") && $0.contains("keys") }
        #expect(!after.contains("1 rotation due"))
        try await tmux.send("q")
        _ = try await tmux.waitUntil { $0.contains("exited=0") }
        let records = try String(
            contentsOfFile: home.path + "/state/keyconsole/rotations.json", encoding: .utf8)
        #expect(!records.contains(old), "the finished rotation is forgotten")
        let journal = try String(
            contentsOfFile: home.path + "/state/keyconsole/audit.jsonl", encoding: .utf8)
        #expect(
            journal.split(separator: "\n").contains {
                $0.contains(#""action":"revoke""#) && $0.contains(old)
                    && $0.contains(#""outcome":"done""#)
                    && $0.contains(#""description":"to rotate""#)
                    && $0.contains(#""role":"Viewer""#)
            }, "the console's revoke is recorded with the key's role and description")
    }
}
