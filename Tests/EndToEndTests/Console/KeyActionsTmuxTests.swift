import Foundation
import MomentoKeys
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Create, the secret panel, rotate, the region picker first, and a Viewer key: the real
/// binary in tmux, on a fresh sandbox or through `keyconsole serve`.
@Suite(
    "Key actions in tmux", .serialized, .timeLimit(.minutes(2)),
    .enabled(if: TmuxSession.isAvailable, TmuxSession.unavailableReason))
struct KeyActionsTmuxTests {
    let home = TemporaryDirectory()

    func session(width: Int = 80, extra: [String: String] = [:]) async throws -> TmuxSession {
        try await TmuxSession(home: home.path, width: width, extra: extra)
    }

    /// The row of the list that shows `description`.
    func row(_ description: String, in screen: String) -> String? {
        TmuxSession.line(containing: description, in: screen)
    }

    /// Rotates the selected key: `R`, Enter at the review, then closes the secret panel with
    /// `y`. Returns the replaced key's id, the review, and the revoke-or-keep question.
    func rotateSelected(_ tmux: TmuxSession) async throws -> (
        oldId: String, review: String, question: String
    ) {
        try await tmux.type("R")
        let review = try await tmux.waitUntil { $0.contains("Enter rotate") }
        let oldId = try #require(
            row("Replaces", in: review)?.split(separator: " ").dropFirst(2).first.map(String.init))
        try await tmux.send("Enter")
        _ = try await tmux.waitUntil { $0.contains("store it now") }
        try await tmux.send("Escape")
        // A confirmation takes only keys pressed once it is drawn.
        _ = try await tmux.waitUntil { $0.contains("Is the key stored?") }
        try await tmux.type("y")
        let question = try await tmux.waitUntil { $0.contains("Revoke the old key now") }
        return (oldId, review, question)
    }

    @Test(
        "a revealed key leaves nothing in tmux's history after the panel closes, with alternate-screen off and on",
        arguments: ["off", "on"])
    func revealedKeyLeavesNothing(alternateScreen: String) async throws {
        let tmux = try await session()
        try await tmux.setWindowOption("alternate-screen", alternateScreen)
        try await tmux.launch()
        _ = try await tmux.waitUntil { $0.contains("refreshed") }
        try await tmux.type("n")
        _ = try await tmux.waitUntil { $0.contains("New key") }
        try await tmux.send("Enter")
        _ = try await tmux.waitUntil { $0.contains("Enter create") }
        try await tmux.send("Enter")
        _ = try await tmux.waitUntil { $0.contains("store it now") }
        try await tmux.type("v")
        let revealed = try await tmux.waitUntil { $0.contains("v hide") }
        // The key's lines: whole-width lines with no border, after "API key:".
        let chunks = Self.revealedLines(revealed)
        #expect(chunks.count >= 2, "\(revealed)")
        try await tmux.send("Escape")
        // A confirmation takes only keys pressed once it is drawn.
        _ = try await tmux.waitUntil { $0.contains("Is the key stored?") }
        try await tmux.type("y")
        _ = try await tmux.waitUntil { $0.contains("forgot its plaintext") }
        try await tmux.type("q")
        _ = try await tmux.waitUntil { $0.contains("exited=") }
        let history = try await tmux.history()
        for chunk in chunks {
            #expect(!history.contains(chunk), "\(chunk) is still in tmux's history")
        }
    }

    @Test(
        "Ctrl-Z with the key and its refresh token revealed leaves no 12 characters of either in tmux's history, alternate-screen off",
        arguments: ["C-z", "quit"])
    func suspendedRevealedKeyLeavesNothing(_ how: String) async throws {
        let tmux = try await session()
        try await tmux.setWindowOption("alternate-screen", "off")
        try await tmux.launch()
        _ = try await tmux.waitUntil { $0.contains("refreshed") }
        try await tmux.type("n")
        _ = try await tmux.waitUntil { $0.contains("New key") }
        try await tmux.send("Enter")
        _ = try await tmux.waitUntil { $0.contains("Enter create") }
        try await tmux.send("Enter")
        let masked = try await tmux.waitUntil { $0.contains("store it now") }
        try await tmux.type("v")
        let revealed = try await tmux.waitUntil { $0.contains("v hide") }
        // The secrets' lines: long runs of key characters shown only once revealed.
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")
        let pieces = revealed.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "│" })
            .map(String.init).filter {
                $0.count >= 12 && $0.allSatisfy(allowed.contains) && !masked.contains($0)
            }
        #expect(pieces.count >= 3, "the key and refresh token lines: \(revealed)")
        if how == "C-z" {
            try await tmux.send("C-z")
            _ = try await tmux.waitUntil { $0.contains("Stopped") }
        } else {
            // Ctrl-C asks whether the key is stored; a second, once asked, quits.
            try await tmux.send("C-c")
            _ = try await tmux.waitUntil { $0.contains("Is the key stored?") }
            try await tmux.send("C-c")
            _ = try await tmux.waitUntil { $0.contains("exited=") }
        }
        let history = try await tmux.history()
        for piece in pieces {
            let characters = Array(piece)
            for start in 0...(characters.count - 12) {
                let window = String(characters[start..<start + 12])
                #expect(!history.contains(window), "\(window) of a secret is in the history")
            }
        }
        if how == "C-z" {
            try await tmux.type("fg")
            try await tmux.send("Enter")
            _ = try await tmux.waitUntil { $0.contains("store it now") }
        }
    }

    /// Every file under the temporary home, except `skipping`, holding `secret`.
    func filesHolding(_ secret: String, skipping: String) -> [String] {
        let root = URL(fileURLWithPath: home.path)
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        var found: [String] = []
        while let url = walker?.nextObject() as? URL {
            guard url.path != skipping, let data = try? Data(contentsOf: url) else { continue }
            if data.range(of: Data(secret.utf8)) != nil { found.append(url.path) }
        }
        return found
    }

    @Test(
        "create with the 1-day preset: the panel masks, v reveals, w writes 0600 and refuses an existing file; the key lands in the <24h bucket"
    )
    func createAndStore() async throws {
        let tmux = try await session()
        try await tmux.launch()
        _ = try await tmux.waitUntil { $0.contains("refreshed") }
        try await tmux.type("n")
        _ = try await tmux.waitUntil { $0.contains("New key") && $0.contains("30 days") }
        try await tmux.send("Tab")
        try await tmux.type("e2e created ✓")
        try await tmux.send("Tab", "Left", "Left")
        let form = try await tmux.waitUntil { $0.contains("◀ 1 day ▶") }
        #expect(form.contains("(in 1 day)"))
        try await tmux.send("Enter")
        let review = try await tmux.waitUntil { $0.contains("Enter create") }
        #expect(review.contains("Operator (r-operator)"))
        #expect(review.contains("e2e created ✓"))
        try await tmux.send("Enter")
        let masked = try await tmux.waitUntil { $0.contains("store it now") }
        let keyId = try #require(
            row("Key id", in: masked)?.split(separator: " ").dropFirst(3).first.map(String.init))
        #expect(masked.contains("…"))
        #expect(masked.contains("not yet: c copies it"))
        let file = home.path + "/new.key"
        try await tmux.type("w")
        _ = try await tmux.waitUntil { $0.contains("Write to a new file") }
        try await tmux.type(file)
        try await tmux.send("Enter")
        _ = try await tmux.waitUntil { $0.contains("written (0600) to") }
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        let plaintext = try String(contentsOfFile: file, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try KeyDecoder.decode(plaintext).keyId == keyId)
        #expect(!masked.contains(plaintext.prefix(40)))
        // Revealed, the key is on the screen (wrapped in the panel's column).
        try await tmux.type("v")
        let revealed = try await tmux.waitUntil { $0.contains("v hide") }
        let shown = Self.revealedLines(revealed).joined()
        #expect(shown == plaintext)
        try await tmux.type("v")
        // c sends the key on through tmux (tmux's defaults), and no tmux buffer keeps it.
        try await tmux.type("c")
        _ = try await tmux.waitUntil { $0.contains("sent to the terminal clipboard") }
        let buffers = try await tmux.allBuffers()
        #expect(buffers.allSatisfy { !$0.contains(String(plaintext.prefix(24))) }, "\(buffers)")
        // A second write to the same file is refused, and the file is unchanged.
        try await tmux.type("w")
        _ = try await tmux.waitUntil { $0.contains("Write to a new file") }
        try await tmux.type(file)
        try await tmux.send("Enter")
        let refused = try await tmux.waitUntil { $0.contains("already exists") }
        #expect(refused.contains("nothing was overwritten"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == plaintext + "\n")
        // Closing needs y; then the list shows the key due within a day.
        try await tmux.send("Escape", "Escape")
        _ = try await tmux.waitUntil { $0.contains("Is the key stored?") }
        try await tmux.type("y")
        let closed = try await tmux.waitUntil { $0.contains("forgot its plaintext") }
        #expect(closed.contains("13 keys"))
        // During the second it was created a 1-day key has exactly 24h 00m 00s left, which is
        // not under 24 h; the next tick (the seeded under-an-hour key ticks each second) moves
        // it into the bucket.
        let list = try await tmux.waitUntil { $0.contains("5 <24h") }
        let created = try #require(row("e2e created", in: list))
        #expect(created.range(of: #"▲ 23h \d\dm"#, options: .regularExpression) != nil)
        try await tmux.send("q")
        _ = try await tmux.waitUntil { $0.contains("exited=0") }
        // The plaintext is nowhere but the file asked for: not the log, not the sandbox, not
        // the terminal's history.
        #expect(filesHolding(plaintext, skipping: file).isEmpty)
        let history = try await TmuxSession.tmux(
            tmux.socket, ["capture-pane", "-p", "-S", "-", "-t", tmux.name])
        #expect(!history.contains(plaintext.suffix(30)))
    }

    @Test(
        "rotate: keep both marks the old key; revoke removes it, journaled with the role and description the list showed"
    )
    func rotate() async throws {
        let tmux = try await session()
        try await tmux.launch()
        _ = try await tmux.waitUntil { $0.contains("refreshed") }
        try await tmux.filter("Nightly", shown: "1 of 12 shown")
        let (oldId, review, question) = try await rotateSelected(tmux)
        #expect(review.contains("Nightly ETL job"))
        #expect(review.contains("(in 30"), "the old key's validity, about 30 days")
        #expect(question.contains(oldId))
        try await tmux.type("k")
        let kept = try await tmux.waitUntil { $0.contains("Kept both") }
        #expect(kept.contains("2 of 13 shown"))
        let oldRow = try #require(row(String(oldId.prefix(8)), in: kept))
        #expect(oldRow.contains("↻"))
        // Rotate the new one, and this time revoke the key it replaces.
        try await tmux.send("Escape")
        try await tmux.filter("Payments", shown: "1 of 13 shown")
        let paymentsId = try await rotateSelected(tmux).oldId
        try await tmux.type("r")
        let revoked = try await tmux.waitUntil { $0.contains("Revoked \(paymentsId)") }
        #expect(revoked.contains("1 of 13 shown"))
        #expect(row("Payments", in: revoked)?.contains(String(paymentsId.prefix(8))) == false)
        try await tmux.send("q")
        _ = try await tmux.waitUntil { $0.contains("exited=0") }
        let journal = try String(
            contentsOfFile: home.path + "/state/keyconsole/audit.jsonl", encoding: .utf8)
        let revoke = try #require(
            journal.split(separator: "\n").first {
                $0.contains(#""action":"revoke""#) && $0.contains(paymentsId)
            })
        #expect(revoke.contains(#""description":"Payments"#), "\(revoke)")
        #expect(revoke.contains(#""role":"Operator""#), "\(revoke)")
    }

    /// A sandbox with a key of `role` written to `~/.momento/credentials`, served over HTTP.
    func serveWithKey(role: String, endpoint: String?) async throws -> (KeyconsoleProcess, String) {
        let sandbox = home.path + "/served.sqlite"
        let environment = KeyconsoleProcess.environment(home: home.path)
        let keyFile = home.path + "/\(role).key"
        let made = try await KeyconsoleProcess.run(
            [
                "create", "--sandbox", sandbox, "--role", role, "--description", "console key",
                "--output", keyFile,
            ], environment: environment)
        #expect(made.status == 0, "\(made.stderr)")
        let key = try String(contentsOfFile: keyFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try FileManager.default.createDirectory(
            atPath: home.path + "/.momento", withIntermediateDirectories: true)
        _ = home.write(
            ".momento/credentials",
            "[default]\napi_key_v2=\(key)\n" + (endpoint.map { "endpoint=\($0)\n" } ?? ""))
        let serve = KeyconsoleProcess(
            ["serve", "--port", "0", "--rate-limit", "0", "--sandbox", sandbox],
            environment: environment)
        #expect(await serve.waitFor("Serving sandbox"))
        let url = try #require(
            serve.stdout.split(whereSeparator: \.isWhitespace).first {
                $0.hasPrefix("http://127.0.0.1:")
            })
        return (serve, url.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test(
        "through keyconsole serve with a Viewer key: n, d and R are shown disabled and do nothing")
    func viewerKey() async throws {
        let (serve, url) = try await serveWithKey(
            role: "Viewer", endpoint: "cell-4-us-west-2-1.prod.a.momentohq.com")
        defer { serve.signal(SIGTERM) }
        let tmux = try await session(extra: ["KEYCONSOLE_API_URL": url])
        try await tmux.launch()
        let screen = try await tmux.waitUntil { $0.contains("refreshed") }
        // Not Momento's API: its host stands where PROD would, and the profile is named.
        #expect(!screen.contains("PROD") && screen.contains("127.0.0.1:"))
        #expect(screen.contains("profile default"))
        #expect(screen.contains("13 keys"))
        #expect(screen.contains("View only: Viewer cannot create, revoke or rotate keys"))
        for (key, action) in [("n", "create"), ("d", "revoke"), ("R", "rotate")] {
            try await tmux.type(key)
            let after = try await tmux.waitUntil {
                $0.contains("Cannot \(action): your key's role cannot manage keys")
            }
            #expect(!after.contains("Enter review") && !after.contains("to confirm"))
            #expect(!after.contains("Enter rotate") && !after.contains("store it now"))
        }
        try await tmux.type("?")
        let help = try await tmux.waitUntil { $0.contains("Keys: the key list") }
        #expect(help.contains("New key (disabled: your key's role cannot manage keys)"))
        try await tmux.send("Escape")
        try await tmux.type("q")
        _ = try await tmux.waitUntil { $0.contains("exited=0") }
    }

    @Test(
        "an endpoint from a profile or MOMENTO_ENDPOINT is named in the header; p says its choice is saved but overridden"
    )
    func endpointSource() async throws {
        let (serve, url) = try await serveWithKey(
            role: "Owner", endpoint: "cell-4-us-west-2-1.prod.a.momentohq.com")
        defer { serve.signal(SIGTERM) }
        // A region saved with p earlier, which the profile's endpoint overrides.
        _ = home.write(
            "config/keyconsole/config", "endpoint = \"cell-1-us-east-2-1.prod.a.momentohq.com\"\n")
        let tmux = try await session(width: 120, extra: ["KEYCONSOLE_API_URL": url])
        try await tmux.launch()
        let loaded = try await tmux.waitUntil { $0.contains("refreshed") }
        #expect(loaded.contains("region from profile default"), "\(loaded)")
        try await tmux.type("p")
        _ = try await tmux.waitUntil { $0.contains("Custom endpoint") }
        try await tmux.type("eu-west-1")
        try await tmux.send("Enter")
        let chosen = try await tmux.waitUntil { $0.contains("overrides it") }
        let words = chosen.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("saved, but profile default overrides it at the next start"))
        // This run uses the region picked: the header no longer credits the profile.
        #expect(!chosen.contains("region from profile default"))
        try await tmux.type("q")
        _ = try await tmux.waitUntil { $0.contains("exited=0") }

        // The key and endpoint from the environment: MOMENTO_ENDPOINT is named.
        let key = try String(contentsOfFile: home.path + "/Owner.key", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let fromEnvironment = try await session(
            width: 120,
            extra: [
                "KEYCONSOLE_API_URL": url, "MOMENTO_API_KEY": key,
                "MOMENTO_ENDPOINT": "cell-4-us-west-2-1.prod.a.momentohq.com",
            ])
        try await fromEnvironment.launch()
        let header = try await fromEnvironment.waitUntil { $0.contains("refreshed") }
        #expect(header.contains("region from MOMENTO_ENDPOINT"), "\(header)")
        try await fromEnvironment.type("q")
        _ = try await fromEnvironment.waitUntil { $0.contains("exited=0") }
    }

    @Test("a v2 key with no endpoint: the region picker opens first, then the keys load")
    func pickerFirst() async throws {
        let (serve, url) = try await serveWithKey(role: "Owner", endpoint: nil)
        defer { serve.signal(SIGTERM) }
        let tmux = try await session(extra: ["KEYCONSOLE_API_URL": url])
        try await tmux.launch()
        let picker = try await tmux.waitUntil { $0.contains("Custom endpoint") }
        #expect(!picker.contains("refreshed"))
        try await tmux.type("oregon")
        try await tmux.send("Enter")
        let loaded = try await tmux.waitUntil { $0.contains("refreshed") }
        #expect(loaded.contains("US West (Oregon)"))
        #expect(loaded.contains("13 keys"))
        try await tmux.type("q")
        _ = try await tmux.waitUntil { $0.contains("exited=0") }
    }

    /// The lines of a revealed key: after "API key:", up to the next line of the panel (the
    /// key's lines have no border).
    static func revealedLines(_ screen: String) -> [String] {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        guard let label = lines.firstIndex(where: { $0.contains("API key:") }) else { return [] }
        return lines[(label + 1)...].prefix { !$0.contains("│") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
