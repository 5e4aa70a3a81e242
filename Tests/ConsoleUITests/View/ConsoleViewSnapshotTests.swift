import ConsoleUI
import Foundation
import MomentoKeys
import ScreenModel
import Testing

@Suite("Screens as text")
struct ConsoleViewSnapshotTests {
    @Test(
        "the list at each size, in Unicode and ASCII",
        arguments: [(80, 24), (120, 40), (40, 12)], [true, false])
    func list(size: (Int, Int), unicode: Bool) throws {
        let state = Fixtures.loaded(width: size.0, height: size.1)
        let screen = ConsoleView.render(
            state, Fixtures.context(unicode: unicode))
        try Snapshot.assert(screen, named: "list-\(size.0)x\(size.1)-\(unicode ? "utf8" : "ascii")")
        if !unicode {
            #expect(screen.lines.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
        }
    }

    @Test(
        "the hint line keeps the keys of higher priority and always ends with the help key",
        arguments: [40, 80, 100, 200])
    func hintLine(width: Int) {
        let screen = ConsoleView.render(
            Fixtures.loaded(width: width, height: 24), Fixtures.context())
        let line = screen.lines[23].trimmingCharacters(in: .whitespaces)
        #expect(line.hasSuffix("? help"), "\(line)")
        let hinted = Keymap.bindings(.list).filter { $0.hint != nil && $0.action != .help }
        let shown = hinted.filter { line.contains("\($0.hintLabel(unicode: true)) \($0.hint!)") }
        let lowestLeftOut = hinted.filter { !shown.contains($0) }.map(\.priority).min() ?? .max
        #expect(shown.allSatisfy { $0.priority <= lowestLeftOut }, "\(line)")
        if width >= 200 { #expect(shown.count == hinted.count, "\(line)") }
        if width >= 100 {
            #expect(line.contains("s sort") && line.contains("r refresh"), "\(line)")
        }
    }

    @Test(
        "with a filter or e, the counts are of the keys shown, counted again as time passes; the refreshed note stays"
    )
    func countsFollowTheList() {
        let filtered = Fixtures.press(
            Fixtures.loaded(), .character("/"), .character("C"), .character("I"), .enter
        ).0
        let header = ConsoleView.render(filtered, Fixtures.context()).lines[1]
        #expect(
            header.hasPrefix(" 1 of 12 shown · 0 expired · 0 <24h · 1 <7d · 0 never"), "\(header)")
        // Counted again as time passes: eight days on, the key shown has expired.
        var later = filtered
        later.now = filtered.now.addingTimeInterval(8 * 86400)
        let laterHeader = ConsoleView.render(later, Fixtures.context()).lines[1]
        #expect(
            laterHeader.hasPrefix(" 1 of 12 shown · 1 expired · 0 <24h · 0 <7d · 0 never"),
            "\(laterHeader)")
        let expiring = Fixtures.press(Fixtures.loaded(), .character("e")).0
        let second = ConsoleView.render(expiring, Fixtures.context()).lines[1]
        #expect(
            second.hasPrefix(" 7 of 12 shown (e: <7d) · 1 expired · 4 <24h · 2 <7d"), "\(second)")
        #expect(second.contains("refreshed 12:00:00"), "\(second)")
    }

    @Test("from 100 columns ROLE grows to the longest role name while DESCRIPTION keeps 20")
    func roleWidth() {
        let at80 = ConsoleView.render(Fixtures.loaded(width: 80), Fixtures.context()).lines
        #expect(at80.contains { $0.contains("Cache Rea… ") })
        let at100 = ConsoleView.render(Fixtures.loaded(width: 100), Fixtures.context()).lines
        #expect(
            at100.contains { $0.contains(" Cache Readers ") }, "\(at100.joined(separator: "\n"))")
        #expect(at100[2].contains("ROLE          KEY ID"), "\(at100[2])")
    }

    @Test("in ASCII each mark has one meaning: ~ is only a cut, + under a week, no ? of ours")
    func asciiMarks() {
        for glyphs in [Glyphs.unicode, Glyphs.ascii] {
            #expect(Set(glyphs.marks).count == glyphs.marks.count, "\(glyphs.marks)")
            // No mark doubles as another glyph of the screen (▲ was also the sort arrow).
            let others = [
                glyphs.ascending, glyphs.descending, glyphs.up, glyphs.down, glyphs.separator,
                glyphs.choiceLeft, glyphs.cursor,
            ]
            #expect(Set(glyphs.marks).isDisjoint(with: others), "\(glyphs.marks) \(others)")
        }
        let screen = ConsoleView.render(
            Fixtures.loaded(width: 40, height: 12), Fixtures.context(unicode: false))
        let text = screen.lines.joined(separator: "\n")
        #expect(!text.replacingOccurrences(of: "? help", with: "").contains("?"), "\(text)")
        #expect(text.contains("+ 3d 00h"), "\(text)")
        #expect(!text.contains("~ 3d"), "\(text)")
    }

    @Test("colour or monochrome, the grid is the same: urgency is in the text")
    func monochrome() {
        let state = Fixtures.loaded()
        let colour = ConsoleView.render(
            state, Fixtures.context(colors: .extended))
        let mono = ConsoleView.render(state, Fixtures.context(colors: .none))
        #expect(colour == mono)
        let text = mono.lines.joined(separator: "\n")
        #expect(text.contains("✗ EXPIRED"))
        #expect(text.contains("▲ 12m 05s"))
        #expect(text.contains("△ 2d 23h") || text.contains("△ 3d 00h"))
        #expect(text.contains("  never"))
    }

    @Test("details, help, filter, read-only help, too small, loading and stale screens")
    func otherScreens() throws {
        let base = Fixtures.loaded()
        let context = Fixtures.context()
        try Snapshot.assert(
            ConsoleView.render(Fixtures.press(base, .down, .enter).0, context),
            named: "details-80x24")
        try Snapshot.assert(
            ConsoleView.render(Fixtures.press(base, .character("?")).0, context),
            named: "help-80x24")
        let viewer = Fixtures.loaded(readOnly: true, ownKeyId: Fixtures.keys[3].keyId)
        try Snapshot.assert(
            ConsoleView.render(Fixtures.press(viewer, .character("?")).0, context),
            named: "help-read-only-80x24")
        let revoking = Fixtures.press(
            base, .down, .character("d"), .character("8"), .character("f"))
        try Snapshot.assert(ConsoleView.render(revoking.0, context), named: "revoke-80x24")
        let narrow = ConsoleView.render(
            Fixtures.press(Fixtures.loaded(width: 40, height: 12), .down, .character("d")).0,
            Fixtures.context())
        try Snapshot.assert(narrow, named: "revoke-40x12")
        #expect(
            narrow.lines.contains { $0.contains("Type 8f90 to confirm") }, "the code fits at 40x12")
        let filtering = Fixtures.press(base, .character("/"), .character("o"), .character("p"))
        try Snapshot.assert(ConsoleView.render(filtering.0, context), named: "filter-80x24")
        try Snapshot.assert(
            ConsoleView.render(
                ConsoleUpdate.update(base, .resized(width: 20, height: 6)).0, Fixtures.context()),
            named: "too-small-20x6")
        let loading = ConsoleState(
            backend: BackendInfo(
                kind: .production(
                    endpoint: "cell-4-us-west-2-1.prod.a.momentohq.com",
                    region: "US West (Oregon) us-west-2"),
                ownKeyId: Fixtures.keys[1].keyId, ownKeyExpiresAt: Fixtures.keys[1].expiresAt),
            now: Fixtures.now)
        var (streaming, _) = ConsoleUpdate.start(loading)
        streaming =
            ConsoleUpdate.update(
                streaming,
                .pageLoaded(
                    generation: streaming.generation, keys: Array(Fixtures.keys.prefix(4)),
                    more: true)
            ).0
        try Snapshot.assert(ConsoleView.render(streaming, context), named: "loading-prod-80x24")
        var stale = Fixtures.press(base, .character("r")).0
        stale =
            ConsoleUpdate.update(
                stale,
                .loadFailed(
                    generation: stale.generation,
                    message: "Cannot reach mga.registry.prod.a.momentohq.com: connection refused")
            ).0
        try Snapshot.assert(ConsoleView.render(stale, context), named: "stale-80x24")
    }

    @Test("text from the server cannot reach the terminal as control characters")
    func inertText() {
        let screen = ConsoleView.render(
            Fixtures.loaded(width: 120, height: 40), Fixtures.context())
        for line in screen.lines {
            #expect(
                !line.unicodeScalars.contains {
                    $0.value < 0x20 || (0x7F...0x9F).contains($0.value)
                })
        }
        #expect(screen.lines.joined().contains("Analytics export \u{FFFD}[31mred"))
    }

    @Test("wide characters take two cells, are never split at the edge, and a cut is marked")
    func wideCharacters() {
        var screen = Screen(width: 6, height: 1)
        let used = screen.put("日本語", row: 0, column: 0)
        #expect(used == 6)
        #expect(screen.lines == ["日本語"])
        var narrow = Screen(width: 5, height: 1)
        narrow.put("日本語", row: 0, column: 0)
        #expect(narrow.lines == ["日本…"])
        var four = Screen(width: 4, height: 1)
        four.put("日本語", row: 0, column: 0)
        #expect(four.lines == ["日… "])
        var ascii = Screen(width: 8, height: 1)
        #expect(ascii.put("abcdefghij", row: 0, column: 0, limit: 5) == 5)
        #expect(ascii.lines == ["abcd…   "])
    }
}
