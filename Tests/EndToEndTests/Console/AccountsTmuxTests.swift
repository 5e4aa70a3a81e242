import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The console and the accounts of the config: a profile's `read_only`, and several accounts
/// at once, each a `keyconsole serve` of its own.
@Suite(
    "The console and the accounts of the config", .serialized, .timeLimit(.minutes(2)),
    .enabled(if: TmuxSession.isAvailable, TmuxSession.unavailableReason))
struct AccountsTmuxTests {
    let home = TemporaryDirectory()

    /// A `serve` for each name, a profile for each in the credentials file, and the config's
    /// `[profile.NAME]` tables with their API URLs and `extra` lines.
    func serve(_ names: [String], extra: [String: String] = [:], config: String = "")
        async throws -> [ServedSandbox]
    {
        var served: [ServedSandbox] = []
        var credentials = ""
        var settings = config + "\n"
        for name in names {
            let server = try await ServedSandbox.start(
                sandbox: home.path + "/\(name).sqlite", home: home.path,
                extra: ["--access-log", home.path + "/\(name).access.log"])
            served.append(server)
            credentials +=
                "[\(name)]\napi_key_v2=\(server.adminKey)\n"
                + "endpoint=cell-4-us-west-2-1.prod.a.momentohq.com\n\n"
            settings +=
                "[profile.\(name)]\napi_url = \"\(server.url)\"\n\(extra[name] ?? "")\n"
        }
        home.write(".momento/credentials", credentials)
        home.write("config/keyconsole/config", settings)
        return served
    }

    @Test(
        "read_only = true in a profile's settings makes the console read-only on that account only"
    )
    func readOnlyProfile() async throws {
        let served = try await serve(
            ["prod", "staging"], extra: ["staging": "read_only = true"])
        defer { withExtendedLifetime(served) {} }
        for (profile, readOnly) in [("staging", true), ("prod", false)] {
            let tmux = try await TmuxSession(home: home.path, width: 100)
            try await tmux.launch("--profile \(profile)")
            let screen = try await tmux.waitUntil { $0.contains("keys ·") }
            #expect(screen.contains("READ-ONLY") == readOnly, "\(profile):\n\(screen)")
            // d opens no revoke on the read-only account.
            try await tmux.type("d")
            let after = try await tmux.waitUntil {
                readOnly ? $0.contains("read-only") : $0.contains("Revoke")
            }
            #expect(after.contains("Type ") != readOnly, "\(profile):\n\(after)")
            try await tmux.send("Escape")
            try await tmux.type("q")
            _ = try await tmux.waitUntil { $0.contains("exited=0") }
        }
    }

    @Test(
        "an account managed with an Operator key cannot revoke its Owner keys; the Owner-managed account beside it can; a v1 profile left out is named on screen"
    )
    func operatorAccount() async throws {
        let served = try await serve(["prod", "ops"], config: "profiles = [\"prod\", \"ops\"]")
        defer { withExtendedLifetime(served) {} }
        // ops is managed with an Operator key made by its Owner key.
        let made = try await KeyconsoleProcess.run(
            [
                "create", "--profile", "ops", "--role", "Operator", "--description", "ops admin",
                "--print",
            ], environment: KeyconsoleProcess.environment(home: home.path))
        #expect(made.status == 0, "\(made.stderr)")
        let operatorKey = try #require(
            made.stdout.split(whereSeparator: \.isWhitespace).first { $0.count > 100 }
                .map(String.init))
        let credentials = home.path + "/.momento/credentials"
        // And a v1 profile, which --all-profiles leaves out, saying so on the console's screen
        // (the alternate screen would hide a line on stderr).
        try String(contentsOfFile: credentials, encoding: .utf8)
            .replacingOccurrences(of: served[1].adminKey, with: operatorKey)
            .appending("\n[old]\ntoken=\(TestTokens.v1Key())\n")
            .write(toFile: credentials, atomically: true, encoding: .utf8)
        let tmux = try await TmuxSession(home: home.path, width: 120, height: 30)
        try await tmux.launch("--all-profiles --refresh 0")
        let first = try await tmux.waitUntil { $0.contains("2 ACCOUNTS") && $0.contains("keys ·") }
        #expect(
            first.contains("Left out: profile old (it holds a v1 API key, not a v2 API key)."),
            "\(first)")
        // And named on the accounts line for as long as the console runs.
        let accountsLine = TmuxSession.line(containing: "left out: old", in: first)
        #expect(accountsLine?.hasPrefix(" ops ") == true, "\(first)")
        try await tmux.type("/Break-glass")
        try await tmux.send("Enter")
        // ops only (the first, by name): its Owner key is refused, with the account's own key
        // named.
        try await tmux.type("A")
        _ = try await tmux.waitUntil { $0.contains("Account: ops only") }
        try await tmux.type("d")
        let refused = try await tmux.waitUntil { $0.contains("Cannot revoke") }
        #expect(
            refused.contains("your Operator key of ops cannot revoke a key of role Owner"),
            "\(refused)")
        // prod only (the next): its Owner key may be revoked (the confirmation opens).
        try await tmux.type("A")
        _ = try await tmux.waitUntil { $0.contains("Account: prod only") }
        try await tmux.type("d")
        _ = try await tmux.waitUntil { $0.contains("to confirm") }
        try await tmux.send("Escape")
        try await tmux.type("q")
        _ = try await tmux.waitUntil { $0.contains("exited=0") }
    }

    @Test(
        "several accounts in one console: one list; a revoke reaches only its key's server; read-only holds on one account; a stopped server is STALE while the other refreshes"
    )
    func severalInOneConsole() async throws {
        let served = try await serve(
            ["prod", "staging"], extra: ["staging": "read_only = true"],
            config: "profiles = [\"prod\", \"staging\"]")
        defer { withExtendedLifetime(served) {} }
        let tmux = try await TmuxSession(home: home.path, width: 120, height: 30)
        try await tmux.launch("--refresh 1")
        let first = try await tmux.waitUntil { $0.contains("26 keys") }
        #expect(first.contains("2 ACCOUNTS prod, staging"))
        #expect(first.contains("ACCOUNT ROLE"))

        // A: prod only. Its first key, revoked: only prod's server hears of it.
        try await tmux.type("A")
        _ = try await tmux.waitUntil { $0.contains("13 of 26 shown") }
        try await tmux.type("d")
        let dialog = try await tmux.waitUntil { $0.contains("Type ") && $0.contains("to confirm") }
        let id = try #require(
            TmuxSession.line(containing: "Key id", in: dialog)?.split(separator: " ")
                .first { $0.count == 32 }.map(String.init))
        try await tmux.type(String(id.suffix(4)))
        try await tmux.send("Enter")
        _ = try await tmux.waitUntil { $0.contains("Revoked \(id)") }
        let prodLog = try String(contentsOfFile: home.path + "/prod.access.log", encoding: .utf8)
        let stagingLog = try String(
            contentsOfFile: home.path + "/staging.access.log", encoding: .utf8)
        #expect(prodLog.contains("DELETE /api-keys/\(id) "))
        #expect(!stagingLog.contains("DELETE"))

        // A: staging only, read-only: d is refused, saying why.
        try await tmux.type("A")
        _ = try await tmux.waitUntil { $0.contains("13 of 25 shown") }
        try await tmux.type("d")
        let refused = try await tmux.waitUntil { $0.contains("staging is read-only") }
        #expect(refused.contains("READ-ONLY staging"))
        try await tmux.type("A")

        // staging's server stops: its account goes STALE, prod goes on refreshing.
        served[1].process.signal(SIGTERM)
        _ = await served[1].process.exitStatus()
        let stale = try await tmux.waitUntil(seconds: 15) {
            $0.contains("2 <7d STALE: Cannot reach")
        }
        #expect(stale.contains("25 keys"), "staging's last list stays")
        let before = try String(contentsOfFile: home.path + "/prod.access.log", encoding: .utf8)
            .components(separatedBy: "GET /api-keys").count
        _ = try await tmux.waitUntil(seconds: 15) { _ in
            ((try? String(contentsOfFile: home.path + "/prod.access.log", encoding: .utf8)) ?? "")
                .components(separatedBy: "GET /api-keys").count > before
        }
        try await tmux.type("q")
        _ = try await tmux.waitUntil { $0.contains("exited=0") }
    }
}
