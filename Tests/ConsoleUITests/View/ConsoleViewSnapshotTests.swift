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

    @Test("wide characters take two cells and are never split at the edge")
    func wideCharacters() {
        var screen = Screen(width: 6, height: 1)
        let used = screen.put("日本語", row: 0, column: 0)
        #expect(used == 6)
        #expect(screen.lines == ["日本語"])
        var narrow = Screen(width: 5, height: 1)
        narrow.put("日本語", row: 0, column: 0)
        #expect(narrow.lines == ["日本 "])
    }
}
