import Foundation
import MomentoKeys
import TestSupport
import Testing

/// The console's `M`: a v1 key pasted (masked, bracketed paste), its region shown, a role
/// picked, the review, and the show-once panel with the v1 key's endpoint, in tmux.
@Suite(
    "The console's migration in tmux", .serialized, .timeLimit(.minutes(2)),
    .enabled(if: TmuxSession.isAvailable, TmuxSession.unavailableReason))
struct ConsoleMigrateTmuxTests {
    let home = TemporaryDirectory()
    static let cell = "cell-acme-1.prod.a.momentohq.com"

    init() {
        home.write(
            "config/keyconsole/regions.json",
            #"[{"region": "acme-east", "name": "Acme private cell", "cell": "cell-acme-1"}]"#)
    }

    @Test(
        "M: paste, region, role, review, panel with the v1 endpoint; w writes it; the v1 key is never on screen",
        arguments: [(80, 24), (40, 12)])
    func migrateFromConsole(width: Int, height: Int) async throws {
        let old = MigrateCommandTests.v1Key(
            endpoint: Self.cell, subject: "tmux@example.com", keyId: "v1-key-0042")
        let tmux = try await TmuxSession(home: home.path, width: width, height: height)
        try await tmux.launch()
        _ = try await tmux.waitUntil { $0.contains("12 keys") }
        try await tmux.type("M")
        _ = try await tmux.waitUntil { $0.contains("Paste the v1 key") }
        try await tmux.paste(old)
        let masked = try await tmux.waitUntil { $0.contains("\(old.count) characters") }
        #expect(masked.contains("•••"), "masked")
        try await tmux.send("Enter")
        // The description field scrolls to its end on a narrow screen.
        let form = try await tmux.waitUntil { $0.contains("Acme private cell") }
        #expect(form.contains("tmux@example.com"), "the description names the v1 key's subject")
        try await tmux.send("Right")  // Operator → Viewer
        _ = try await tmux.waitUntil { $0.contains("Viewer") }
        try await tmux.send("Enter")
        let review = try await tmux.waitUntil { $0.contains("Replaces") }
        #expect(review.contains("v1 API key"))
        try await tmux.send("Enter")
        let panel = try await tmux.waitUntil {
            $0.contains("store it now") || $0.contains("Key id")
        }
        #expect(panel.replacingOccurrences(of: "\n", with: "").contains("cell-acme-1"))
        // w writes an env file: the endpoint is the v1 key's, pre-filled.
        let path = home.path + "/app-\(width).env"
        try await tmux.type("w")
        _ = try await tmux.waitUntil { $0.contains("Path") }
        try await tmux.type(path)
        try await tmux.send("Tab", "Right", "Enter")
        _ = try await tmux.waitUntil { $0.contains("written") }
        let values = EnvFile(parsing: try String(contentsOfFile: path, encoding: .utf8)).values
        let key = try #require(values["MOMENTO_API_KEY"])
        #expect(try KeyDecoder.decode(key).kind == .v2ApiKey)
        #expect(values["MOMENTO_ENDPOINT"] == Self.cell)
        try await tmux.send("Escape")
        _ = try await tmux.waitUntil { $0.contains("stored?") || $0.contains("Stored?") }
        try await tmux.type("y")
        _ = try await tmux.waitUntil { $0.contains("Created") }
        let screens = try await tmux.history() + (try await tmux.capture(escapes: true))
        #expect(!MigrateCommandTests.leaks(old, in: screens), "not even wrapped across lines")
        try await tmux.type("q")
        _ = try await tmux.waitUntil { $0.contains("exited=0") }
        let journal = try String(
            contentsOfFile: home.path + "/state/keyconsole/audit.jsonl", encoding: .utf8)
        let id = try #require(try KeyDecoder.decode(key).keyId)
        #expect(
            journal.split(separator: "\n").contains {
                $0.contains(#""action":"migrate""#) && $0.contains(id)
                    && $0.contains(#""endpoint":"\#(Self.cell)""#) && $0.contains("Viewer")
                    // The v1 key it replaces, as `keyconsole migrate` records it.
                    && $0.contains(#""replaces":"v1-key-0042""#)
            })
        #expect(!MigrateCommandTests.leaks(old, in: journal) && !journal.contains(key))
        #expect(MigrateCommandTests.filesLeaking(old, under: home.path).isEmpty, "nowhere")
    }

    @Test(
        "on a terminal: migrate refuses to print the new key there, rotate --finish is not refused")
    func terminalChecks() async throws {
        let tmux = try await TmuxSession(home: home.path, width: 80, height: 24)
        // The key is piped in; stdout is the terminal.
        let old = home.write("old.key", MigrateCommandTests.v1Key(endpoint: Self.cell))
        let sandbox = home.path + "/s.sqlite"
        try await tmux.launch("migrate --sandbox '\(sandbox)' --role Viewer < '\(old)'")
        let refused = try await tmux.waitUntil { $0.contains("exited=") }
        #expect(refused.contains("Refusing to print a new key on the terminal"))
        #expect(refused.contains("exited=64"))
        // --finish prints no key: a terminal is fine (it was refused like create before).
        try await tmux.launch("rotate --finish --sandbox '\(sandbox)'")
        let finished = try await tmux.waitUntil { $0.contains("exited=0") }
        #expect(finished.contains("No rotation is due."))
    }
}
