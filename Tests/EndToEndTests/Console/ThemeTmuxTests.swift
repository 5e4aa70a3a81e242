import Foundation
import TestSupport
import Testing

/// The palette for the background, in the real binary under tmux, which answers the OSC 11
/// query with its window's background.
@Suite(
    "The palette follows the terminal's background", .serialized, .timeLimit(.minutes(2)),
    .enabled(if: TmuxSession.isAvailable, TmuxSession.unavailableReason))
struct ThemeTmuxTests {
    let home = TemporaryDirectory()

    /// The 256-colour index the custom badge of "Staging deploy bot" is drawn in, from a
    /// console started with `arguments`, which then quits.
    func badgeColour(_ tmux: TmuxSession, _ arguments: String = "") async throws -> String? {
        try await tmux.launch(arguments)
        _ = try await tmux.waitUntil { $0.contains("refreshed") }
        let screen = try await tmux.capture(escapes: true)
        let line = TmuxSession.line(containing: "Staging deploy bot", in: screen) ?? ""
        let colour = line.firstMatch(of: /38;5;(\d+)m(\x{1B}\[1m)?Deploy Bo/).map { String($0.1) }
        try await tmux.send("q")
        _ = try await tmux.waitUntil { $0.contains("exited=0") }
        try await tmux.type("clear")
        try await tmux.send("Enter")
        _ = try await tmux.waitUntil { !$0.contains("exited=") }
        return colour
    }

    @Test("keys typed before the console asks the terminal are read after the first frame")
    func typeahead() async throws {
        let tmux = try await TmuxSession(home: home.path, width: 100, height: 30)
        try await tmux.setWindowOption("window-style", "bg=#ffffff")
        // A second's sleep first: ? is typed while nothing reads the terminal.
        try await tmux.type("sleep 1; '\(KeyconsoleProcess.binary.path)'; echo \"exit\"\"ed=$?\"")
        try await tmux.send("Enter")
        try await tmux.type("?")
        let help = try await tmux.waitUntil { $0.contains("Refresh now") }
        #expect(help.contains("Refresh now"))
        try await tmux.send("Escape")
        try await tmux.type("q")
        _ = try await tmux.waitUntil { !$0.contains("Refresh now") && $0.contains("$") }
    }

    @Test(
        "a white background gets the light palette, a black one the dark; --theme, the config and COLORFGBG choose first"
    )
    func palettes() async throws {
        let tmux = try await TmuxSession(home: home.path, width: 100, height: 30)
        try await tmux.setWindowOption("window-style", "bg=#ffffff")
        #expect(try await badgeColour(tmux) == "61", "light: #5f5faf")
        try await tmux.setWindowOption("window-style", "bg=#000000")
        #expect(try await badgeColour(tmux) == "75", "dark: #5fafff")
        try await tmux.setWindowOption("window-style", "bg=#ffffff")
        #expect(try await badgeColour(tmux, "--theme dark") == "75")

        home.write("config/keyconsole/config", "theme = \"light\"\n")
        try await tmux.setWindowOption("window-style", "bg=#000000")
        #expect(try await badgeColour(tmux) == "61", "the config's theme")
        #expect(try await badgeColour(tmux, "--theme auto") == "75", "--theme auto asks")

        home.write("config/keyconsole/config", "theme = \"blue\"\n")
        let refused = try await KeyconsoleProcess.run(
            ["--sandbox", home.path + "/s.sqlite"],
            environment: KeyconsoleProcess.environment(home: home.path))
        #expect(refused.status != 0)
        #expect(refused.stderr.contains(#"is "blue": it must be dark, light or auto"#))

        let told = try await TmuxSession(
            home: home.path, width: 100, height: 30, extra: ["COLORFGBG": "15;0"])
        home.write("config/keyconsole/config", "\n")
        try await told.setWindowOption("window-style", "bg=#ffffff")
        #expect(try await badgeColour(told) == "75", "COLORFGBG says dark")
    }
}
