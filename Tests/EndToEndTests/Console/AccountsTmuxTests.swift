import Foundation
import TestSupport
import Testing

/// The console and the accounts of the config: a profile's `read_only`, and several accounts,
/// which the console does not show at once yet.
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
                sandbox: home.path + "/\(name).sqlite", home: home.path)
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

    @Test("with several accounts asked for, the console says it shows one and names --profile")
    func severalRefused() async throws {
        let served = try await serve(
            ["prod", "staging"], config: "profiles = [\"prod\", \"staging\"]")
        defer { withExtendedLifetime(served) {} }
        let tmux = try await TmuxSession(home: home.path)
        try await tmux.launch()
        let screen = try await tmux.waitUntil { $0.contains("exited=") }
        #expect(screen.contains("works on one account at a time"))
        #expect(screen.contains("--profile NAME"))
        #expect(!screen.contains("exited=0"))
    }
}
