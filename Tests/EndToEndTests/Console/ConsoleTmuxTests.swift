import Foundation
import TestSupport
import Testing

/// The real binary in tmux on a fresh sandbox: keys in, screen out.
@Suite(
    "The console in tmux", .serialized, .timeLimit(.minutes(2)),
    .enabled(if: TmuxSession.isAvailable, TmuxSession.unavailableReason))
struct ConsoleTmuxTests {
    let home = TemporaryDirectory()

    func session(width: Int = 80, height: Int = 24, extra: [String: String] = [:]) async throws
        -> TmuxSession
    {
        try await TmuxSession(home: home.path, width: width, height: height, extra: extra)
    }

    /// The countdown on the row of `description`.
    func countdown(of description: String, in screen: String) -> String? {
        guard let line = TmuxSession.line(containing: description, in: screen) else { return nil }
        return line.split(separator: " ").suffix(2).joined(separator: " ")
    }

    @Test(
        "80x24: header, badges, countdowns; the under-an-hour countdown ticks; q returns to a working shell"
    )
    func listAndTicks() async throws {
        let tmux = try await session()
        try await tmux.launch()
        let screen = try await tmux.waitUntil { $0.contains("refreshed") }
        #expect(screen.contains("SANDBOX"))
        #expect(screen.contains("12 keys"))
        for badge in ["OWNER", "OPERATOR", "VIEWER", "Cache Rea"] {
            #expect(screen.contains(badge))
        }
        #expect(screen.contains("✗ EXPIRED"))
        #expect(screen.contains("never"))
        #expect(screen.range(of: #"▲ \d+m \d\ds"#, options: .regularExpression) != nil)
        #expect(screen.range(of: #"△ \d+d \d\dh"#, options: .regularExpression) != nil)
        let first = try #require(countdown(of: "Temporary debuggi", in: screen))
        let later = try await tmux.waitUntil(seconds: 5) {
            countdown(of: "Temporary debuggi", in: $0) != first
        }
        #expect(countdown(of: "Temporary debuggi", in: later) != first)
        try await tmux.send("q")
        _ = try await tmux.waitUntil { $0.contains("exited=") }
        try await tmux.type("echo alive-$((40+2))")
        try await tmux.send("Enter")
        let shell = try await tmux.waitUntil { $0.contains("alive-42") }
        #expect(shell.contains("exited=0"))
        #expect(shell.contains("alive-42"))
        #expect(!shell.contains("SANDBOX"), "the console's screen is gone after quitting")
    }

    @Test(
        "KEYCONSOLE_NOW moves the console in time as it moves the commands: 400 days on, every key that expires has"
    )
    func timeTravel() async throws {
        let sandbox = home.path + "/travel.sqlite"
        let environment = KeyconsoleProcess.environment(home: home.path)
        // Seeded now: 12 keys, two of which never expire.
        let seeded = try await KeyconsoleProcess.run(
            ["list", "--sandbox", sandbox], environment: environment)
        #expect(seeded.status == 0, "\(seeded.stderr)")
        let later = String(Int(Date().timeIntervalSince1970) + 400 * 86400)
        let check = try await KeyconsoleProcess.run(
            ["check", "--sandbox", sandbox, "--format", "json"],
            environment: environment.merging(["KEYCONSOLE_NOW": later]) { $1 })
        #expect(check.stdout.contains(#""status" : "critical""#), "\(check.stdout)")
        let tmux = try await session(extra: ["KEYCONSOLE_NOW": later])
        try await tmux.launch("--sandbox '\(sandbox)'")
        let screen = try await tmux.waitUntil { $0.contains("refreshed") }
        #expect(screen.contains("12 keys · 10 expired"), "\(screen)")
        try await tmux.send("q")
        _ = try await tmux.waitUntil { $0.contains("exited=0") }
    }

    @Test(
        "a click selects a row and a click on a title sorts; --no-mouse and the config's mouse = false ask for none"
    )
    func mouse() async throws {
        let tmux = try await session()
        try await tmux.launch()
        _ = try await tmux.waitUntil { $0.contains("refreshed") }
        #expect(try await tmux.mouseReporting())
        try await tmux.click(row: 5, column: 20)
        let selected = try await tmux.waitUntil {
            TmuxSession.line(containing: "Nightly ETL job", in: $0)?.hasPrefix(" ▶") == true
        }
        #expect(selected.contains("LEFT↑"))
        try await tmux.click(row: 2, column: 4)
        _ = try await tmux.waitUntil { $0.contains("ROLE↑") }
        try await tmux.type("q")
        _ = try await tmux.waitUntil { $0.contains("exited=0") }
        try await tmux.launch("--no-mouse")
        _ = try await tmux.waitUntil { $0.contains("refreshed") && !$0.contains("exited") }
        #expect(try await !tmux.mouseReporting())
        try await tmux.type("q")
        _ = try await tmux.waitUntil { $0.contains("exited=0") }
        // The config's mouse = false does the same.
        home.write("config/keyconsole/config", "mouse = false\n")
        try await tmux.launch()
        _ = try await tmux.waitUntil { $0.contains("refreshed") && !$0.contains("exited") }
        #expect(try await !tmux.mouseReporting())
        try await tmux.type("q")
        _ = try await tmux.waitUntil { $0.contains("exited=0") }
    }

    @Test("/ narrows the list, ? shows the overlay, Enter the details")
    func filterHelpDetails() async throws {
        let tmux = try await session()
        try await tmux.launch()
        _ = try await tmux.waitUntil { $0.contains("refreshed") }
        try await tmux.type("/ETL")
        let filtered = try await tmux.waitUntil { $0.contains("1 of 12 shown") }
        #expect(filtered.contains("Nightly ETL job"))
        #expect(!filtered.contains("Payments service"))
        try await tmux.send("Enter")
        try await tmux.send("Enter")
        let details = try await tmux.waitUntil { $0.contains("Key details") }
        #expect(details.contains("Operator (r-operator)"))
        #expect(details.contains("Time left"))
        try await tmux.send("Escape")
        try await tmux.send("Escape")
        try await tmux.type("?")
        let help = try await tmux.waitUntil { $0.contains("Refresh now") }
        #expect(help.contains("Only keys expiring within 7 days"))
        #expect(help.contains("New key"))
        #expect(!help.contains("disabled"))
        try await tmux.send("Escape")
        try await tmux.send("q")
        #expect(try await tmux.waitUntil { $0.contains("exited=0") }.contains("exited=0"))
    }

    @Test(
        "Home and End as tmux, screen and PuTTY send them move the filter's cursor, not Esc",
        arguments: [[0x1B, 0x5B, 0x31, 0x7E], [0x1B, 0x5B, 0x37, 0x7E], [0x1B, 0x5B, 0x48]]
            as [[UInt8]])
    func homeSequences(home: [UInt8]) async throws {
        let tmux = try await session()
        try await tmux.launch()
        _ = try await tmux.waitUntil { $0.contains("refreshed") }
        try await tmux.type("/TL job")
        _ = try await tmux.waitUntil { $0.contains("1 of 12 shown") }
        try await tmux.sendBytes(home)
        try await tmux.type("E")
        try await tmux.sendBytes([0x1B, 0x5B, 0x34, 0x7E])  // End
        try await tmux.type("!")
        try await tmux.send("Enter")
        let kept = try await tmux.waitUntil { $0.contains("filter: ETL job!") }
        #expect(kept.contains("filter: ETL job!"))
        try await tmux.send("q")
        _ = try await tmux.waitUntil { $0.contains("exited=0") }
    }

    @Test("revoke: a wrong confirmation changes nothing, the right one removes the row")
    func revoke() async throws {
        let tmux = try await session()
        try await tmux.launch()
        _ = try await tmux.waitUntil { $0.contains("refreshed") }
        try await tmux.filter("Payments", shown: "1 of 12 shown")
        try await tmux.type("d")
        let dialog = try await tmux.waitUntil { $0.contains("to confirm") }
        let id = try #require(
            TmuxSession.line(containing: "Key id", in: dialog)?.split(separator: " ").dropLast()
                .last)
        let suffix = String(id.suffix(4))
        try await tmux.type("zzzz")
        try await tmux.send("Enter")
        _ = try await tmux.waitUntil { $0.contains("the id's last 4 characters") }
        try await tmux.send("Escape")
        let kept = try await tmux.waitUntil { $0.contains("Nothing revoked") }
        #expect(kept.contains("Payments service"))
        try await tmux.type("d")
        _ = try await tmux.waitUntil { $0.contains("to confirm") }
        try await tmux.type(suffix)
        try await tmux.send("Enter")
        let revoked = try await tmux.waitUntil { $0.contains("Revoked") }
        #expect(revoked.contains("0 of 11 shown"))
        #expect(!revoked.contains("Payments service"))
        try await tmux.send("q")
        _ = try await tmux.waitUntil { $0.contains("exited=") }
    }

    @Test("the region picker changes the header and is saved in the config file")
    func regionPicker() async throws {
        let tmux = try await session()
        try await tmux.launch()
        _ = try await tmux.waitUntil { $0.contains("refreshed") }
        try await tmux.type("p")
        _ = try await tmux.waitUntil { $0.contains("Custom endpoint") }
        try await tmux.type("london")
        _ = try await tmux.waitUntil { $0.contains("filter: london") }
        try await tmux.send("Enter")
        let header = try await tmux.waitUntil { $0.contains("region eu-west-2") }
        #expect(header.contains("Region: Europe (London)"))
        let config = try String(
            contentsOfFile: home.path + "/config/keyconsole/config", encoding: .utf8)
        #expect(config.contains(#"endpoint = "cell-1-eu-west-2-1.prod.a.momentohq.com""#))
        try await tmux.send("q")
        _ = try await tmux.waitUntil { $0.contains("exited=") }
        // The next start shows the saved region.
        try await tmux.launch()
        #expect(
            try await tmux.waitUntil { $0.contains("region eu-west-2") && $0.contains("refreshed") }
                .contains("region eu-west-2"))
        try await tmux.send("q")
        _ = try await tmux.waitUntil {
            $0.split(separator: "\n").filter { $0.contains("exited=") }.count == 2
        }
    }

    @Test("bulk revoke of three marked keys")
    func bulkRevoke() async throws {
        let tmux = try await session()
        try await tmux.launch()
        _ = try await tmux.waitUntil { $0.contains("refreshed") }
        try await tmux.send("Space", "Space", "Space")
        let marked = try await tmux.waitUntil { $0.contains("(3 marked)") }
        // The mark column: the first three rows start with a mark.
        #expect(marked.split(separator: "\n").filter { $0.hasPrefix("●") }.count == 3)
        try await tmux.type("d")
        _ = try await tmux.waitUntil { $0.contains("Type 3 to confirm") }
        try await tmux.type("3")
        try await tmux.send("Enter")
        let done = try await tmux.waitUntil { $0.contains("Revoked 3 of 3") }
        #expect(done.contains("9 keys"))
        try await tmux.send("Enter")
        let list = try await tmux.waitUntil { !$0.contains("marked keys") }
        #expect(!list.contains("Old load test"))
        #expect(!list.contains("Temporary debuggi"))
        #expect(!list.contains("Nightly ETL job"))
        try await tmux.send("q")
        _ = try await tmux.waitUntil { $0.contains("exited=") }
    }

    @Test(
        "Ctrl-Z gives the shell the terminal; fg takes it back at the new size with bracketed paste on, so a pasted xq is text, not keys"
    )
    func suspendAndResume() async throws {
        let tmux = try await session()
        // Run as a job of the shell, without the exit marker (the job stops and comes back).
        try await tmux.type("'\(KeyconsoleProcess.binary.path)'")
        try await tmux.send("Enter")
        _ = try await tmux.waitUntil { $0.contains("refreshed") }
        try await tmux.send("C-z")
        // The shell reports the stopped job before it reads anything typed.
        _ = try await tmux.waitUntil { $0.contains("Stopped") }
        try await tmux.type("echo shell-$((40+2))")
        try await tmux.send("Enter")
        // The shell ran the command: Ctrl-Z gave it the terminal, in its own modes.
        _ = try await tmux.waitUntil { $0.contains("shell-42") }
        // Resized while stopped: the console repaints at the size it has on return.
        try await tmux.resize(width: 100, height: 30)
        try await tmux.type("fg")
        try await tmux.send("Enter")
        let back = try await tmux.waitUntil { $0.contains("refreshed") && $0.contains("EXPIRES") }
        // The counts line ends with "refreshed HH:MM:SS" at the right edge of 100 columns.
        let counts = try #require(TmuxSession.line(containing: "refreshed", in: back))
        #expect(counts.count == 99, "\(back)")
        // Bracketed paste is on again: "xq" pasted does not quit.
        try await tmux.paste("xq")
        try await tmux.type("r")
        let still = try await tmux.waitUntil { $0.contains("refreshed") }
        #expect(still.contains("keyconsole") && !still.contains("shell-42"))
        try await tmux.type("q")
        _ = try await tmux.waitUntil { !$0.contains("refreshed") }
        try await tmux.type("echo after-$((2+3))")
        try await tmux.send("Enter")
        _ = try await tmux.waitUntil { $0.contains("after-5") }
    }

    @Test(
        "dates in the local zone (TZ), named in the header; --utc shows UTC; an emoji sequence keeps the columns aligned"
    )
    func zonesAndEmoji() async throws {
        let environment = KeyconsoleProcess.environment(
            home: home.path, extra: ["KEYCONSOLE_SANDBOX": "default"])
        let created = try await KeyconsoleProcess.run(
            [
                "create", "--role", "Viewer", "--description", "🔑👨‍👩‍👧‍👦🏳️‍🌈x", "--expires-in", "7d",
            ], environment: environment)
        #expect(created.status == 0, "\(created.stderr)")
        let tmux = try await session(width: 100, extra: ["TZ": "Asia/Tokyo"])
        try await tmux.launch()
        let local = try await tmux.waitUntil { $0.contains("refreshed") && $0.contains("x ") }
        let header = try #require(TmuxSession.line(containing: "EXPIRES", in: local))
        #expect(!header.contains("EXPIRES UTC"), "\(header)")
        // The emoji row's columns start where the header's do.
        let row = try #require(TmuxSession.line(containing: "x ", in: local))
        for title in ["ISSUED", "EXPIRES", "LEFT"] {
            let titleColumn = Self.column(of: title, in: header)
            let index = ["ISSUED": 0, "EXPIRES": 1, "LEFT": 2][title]!
            let cells = Self.cellStarts(in: row)
            #expect(cells.count > index && cells[index] == titleColumn, "\(title): \(row)")
        }
        try await tmux.type("q")
        _ = try await tmux.waitUntil { $0.contains("exited=") }
        try await tmux.launch("--utc")
        let utc = try await tmux.waitUntil { $0.contains("refreshed") && $0.contains("x ") }
        #expect(TmuxSession.line(containing: "EXPIRES", in: utc)?.contains("EXPIRES UTC") == true)
        // The same key's expiry, 9 hours apart.
        let times = try [local, utc].map { screen in
            let line = try #require(TmuxSession.line(containing: "Old load test", in: screen))
            let match = try #require(line.firstMatch(of: /\d{4}-\d\d-\d\d \d\d:\d\d/))
            return String(match.output)
        }
        let format = DateFormatter()
        format.dateFormat = "yyyy-MM-dd HH:mm"
        format.timeZone = TimeZone(identifier: "UTC")
        let tokyo = try #require(format.date(from: times[0]))
        let inUTC = try #require(format.date(from: times[1]))
        #expect(Int(tokyo.timeIntervalSince(inUTC)) == 9 * 3600, "\(times)")
        try await tmux.type("q")
        _ = try await tmux.waitUntil { $0.contains("exited=") }
    }

    /// Columns a terminal gives a character: 2 for emoji and fullwidth forms, else 1 (enough
    /// for the console's own output).
    static func width(_ character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        switch scalar.value {
        case 0x1F300...0x1FAFF, 0xFF01...0xFF60, 0x3000...0x9FFF: return 2
        default: return 1
        }
    }

    /// The display column where `text` starts in `line`.
    static func column(of text: String, in line: String) -> Int {
        guard let range = line.range(of: text) else { return -1 }
        return line[..<range.lowerBound].reduce(0) { $0 + width($1) }
    }

    /// Display columns where the row's date cells and countdown start: the issued date, the
    /// expiry date, and the countdown's glyph (after the expiry time).
    static func cellStarts(in row: String) -> [Int] {
        guard let issued = row.firstMatch(of: #/\d{4}-\d\d-\d\d /#),
            let expires = row[issued.range.upperBound...].firstMatch(
                of: #/\d{4}-\d\d-\d\d \d\d:\d\d /#)
        else { return [] }
        let prefix = { (index: String.Index) in row[..<index].reduce(0) { $0 + width($1) } }
        return [
            prefix(issued.range.lowerBound), prefix(expires.range.lowerBound),
            prefix(expires.range.upperBound),
        ]
    }

    @Test("c, with tmux's defaults (no OSC 52 taken), puts the key id in tmux's buffer")
    func copyKeyId() async throws {
        let tmux = try await session()
        try await tmux.launch()
        _ = try await tmux.waitUntil { $0.contains("refreshed") }
        try await tmux.send("Enter")
        let details = try await tmux.waitUntil {
            $0.contains("Key details") && $0.contains("Time left")
        }
        let id = try #require(
            TmuxSession.line(containing: "Key id", in: details)?.split(separator: " ").dropLast()
                .last)
        try await tmux.send("Escape")
        try await tmux.type("c")
        _ = try await tmux.waitUntil { $0.contains("to the terminal clipboard") }
        #expect(try await tmux.buffer() == String(id))
        try await tmux.send("q")
        _ = try await tmux.waitUntil { $0.contains("exited=") }
    }

    @Test("a resize to 40x12 and back keeps working; a tiny terminal gets a note")
    func resize() async throws {
        let tmux = try await session()
        try await tmux.launch()
        _ = try await tmux.waitUntil { $0.contains("refreshed") }
        try await tmux.resize(width: 40, height: 12)
        let small = try await tmux.waitUntil { !$0.contains("ISSUED") && $0.contains("LEFT") }
        #expect(small.contains("ROLE"))
        #expect(small.split(separator: "\n").allSatisfy { $0.count <= 40 })
        try await tmux.resize(width: 20, height: 6)
        let tiny = try await tmux.waitUntil { $0.contains("too small") }
        #expect(tiny.contains("too small"))
        try await tmux.resize(width: 80, height: 24)
        let back = try await tmux.waitUntil { $0.contains("ISSUED") }
        #expect(back.contains("EXPIRES"))
        try await tmux.send("j")
        try await tmux.send("q")
        #expect(try await tmux.waitUntil { $0.contains("exited=0") }.contains("exited=0"))
    }

    @Test("LANG=C gives ASCII and no garbage")
    func asciiLocale() async throws {
        let tmux = try await session(extra: ["LANG": "C", "LC_ALL": "C"])
        try await tmux.launch()
        let screen = try await tmux.waitUntil { $0.contains("refreshed") }
        #expect(screen.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(screen.contains("X EXPIRED"))
        #expect(screen.contains("12 keys | 1 expired"))
        try await tmux.send("q")
        _ = try await tmux.waitUntil { $0.contains("exited=") }
    }

    @Test("NO_COLOR=1: no colour sequences, urgency still marked")
    func noColor() async throws {
        let tmux = try await session(extra: ["NO_COLOR": "1"])
        try await tmux.launch()
        _ = try await tmux.waitUntil { $0.contains("refreshed") }
        let raw = try await tmux.capture(escapes: true)
        #expect(raw.range(of: #"\x{1B}\[(3[0-7]|38;5;\d+)m"#, options: .regularExpression) == nil)
        let screen = try await tmux.capture()
        #expect(screen.contains("✗ EXPIRED"))
        #expect(screen.range(of: #"▲ \d+m"#, options: .regularExpression) != nil)
        let coloured = try await session()
        try await coloured.launch()
        _ = try await coloured.waitUntil { $0.contains("refreshed") }
        #expect(
            try await coloured.capture(escapes: true).range(
                of: #"\x{1B}\[(3[0-7]|38;5;\d+)m"#, options: .regularExpression) != nil)
        try await tmux.send("q")
        try await coloured.send("q")
        _ = try await tmux.waitUntil { $0.contains("exited=") }
    }

    @Test("SIGTERM and SIGHUP restore the terminal", arguments: [("TERM", 143), ("HUP", 129)])
    func signals(signal: String, status: Int) async throws {
        let tmux = try await session()
        let marker = "--refresh \(status)"  // tells this test's process apart from the other's
        try await tmux.launch(marker)
        _ = try await tmux.waitUntil { $0.contains("refreshed") }
        let kill = Process()
        kill.executableURL = URL(fileURLWithPath: "/usr/bin/pkill")
        kill.arguments = ["-\(signal)", "-f", "\(KeyconsoleProcess.binary.path) \(marker)"]
        try kill.run()
        kill.waitUntilExit()
        let after = try await tmux.waitUntil { $0.contains("exited=") }
        #expect(after.contains("exited=\(status)"))
        #expect(!after.contains("SANDBOX"))
    }

    @Test(
        "without a terminal, with an unknown TERM, or one that cannot move the cursor (dumb): our own message and status 2"
    )
    func noTerminal() async throws {
        let piped = try await KeyconsoleProcess.run(
            [],
            environment: KeyconsoleProcess.environment(home: home.path, extra: ["TERM": "xterm"]))
        #expect(piped.status == 2)
        #expect(piped.stderr.contains("needs a terminal"))
        let tmux = try await session(extra: ["TERM": "no-such-terminal"])
        try await tmux.launch()
        let screen = try await tmux.waitUntil { $0.contains("exited=") }
        #expect(screen.contains("no-such-terminal"))
        #expect(screen.contains("exited=2"))
        let dumb = try await session(extra: ["TERM": "dumb"])
        try await dumb.launch()
        let answer = try await dumb.waitUntil { $0.contains("exited=") }
        #expect(answer.contains(#"The terminal type "dumb""#))
        #expect(answer.contains("exited=2"))
    }
}
