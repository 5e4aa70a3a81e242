import ScreenModel
import Testing

@Suite("Text in cells")
struct ScreenTests {
    @Test(
        "emoji sequences become one placeholder of the width counted (joined ones, holding a zero-width joiner, the invisible-character mark); alignment stays exact"
    )
    func graphemeClusters() {
        var screen = Screen(width: 12, height: 1)
        let used = screen.put("🔑🇯🇵👩🏽x|", row: 0, column: 0)
        #expect(used == 8)
        #expect(screen.lines[0] == "🔑？？x|    ")
        var joined = Screen(width: 12, height: 1)
        #expect(joined.put("🔑👨‍👩‍👧‍👦🏳️‍🌈x|", row: 0, column: 0) == 6)
        #expect(joined.lines[0] == "🔑\u{FFFD}\u{FFFD}x|      ")
        // No cell holds more code points than ncurses keeps, and the widths add up.
        #expect(
            screen.cells.allSatisfy {
                $0.character.unicodeScalars.count <= Screen.maxScalarsPerCell
            })
        #expect(screen.cells.reduce(0) { $0 + Int($1.width) } == 12)
        #expect(joined.cells.reduce(0) { $0 + Int($1.width) } == 12)
    }

    @Test("in ASCII the cut mark is ~; any other character, server text's marks too, is ?")
    func asciiForms() {
        var screen = Screen(width: 24, height: 1)
        screen.put("DESCRI… ✗ ▲ é", row: 0, column: 0)
        screen.restrictToASCII()
        #expect(screen.lines[0] == "DESCRI~ ? ? ?           ")
        var cut = Screen(width: 8, height: 1)
        cut.put("DESCRIPTION", row: 0, column: 0, limit: 7)
        cut.restrictToASCII()
        #expect(cut.lines[0] == "DESCRI~ ")
    }

    @Test("letters with combining marks, CJK and plain emoji are drawn as they are")
    func wholeCharacters() {
        var screen = Screen(width: 12, height: 1)
        screen.put("e\u{301}日🔑a\u{301}\u{302}", row: 0, column: 0)
        #expect(screen.lines[0] == "e\u{301}日🔑a\u{301}\u{302}      ")
        #expect(Screen.drawsWhole("🇯🇵") == false)
        #expect(Screen.drawsWhole("👍🏽") == false)
        #expect(Screen.drawsWhole("e\u{301}") == true)
        // More marks than a cell holds: a placeholder.
        #expect(Screen.drawsWhole(Character("a\u{301}\u{302}\u{303}\u{304}\u{305}")) == false)
    }
}
