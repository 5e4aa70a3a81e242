import ScreenModel
import Testing

@testable import TerminalIO

/// Late answers to the start-up query never become keys.
@Suite("Late terminal answers")
struct ReplyFilterTests {
    static func keys(_ text: String) -> [Key] {
        text.unicodeScalars.map { scalar in
            switch scalar.value {
            case 0x1B: return .escape
            case 0..<32: return .other
            default: return .character(Character(scalar))
            }
        }
    }

    @Test(
        "an OSC 11 answer and the DA1 answer are dropped, split across reads; keys around them stay"
    )
    func dropsAnswers() {
        var filter = ReplyFilter(expectingFor: .seconds(60))
        var out = filter.feed(Self.keys("j\u{1B}]11;rgb:ff"))
        out += filter.feed(Self.keys("ff/ffff/ffff\u{1B}"))
        out += filter.feed(Self.keys("\\k\u{1B}[?6"))
        out += filter.feed(Self.keys("2;22c"))
        #expect(out == Self.keys("jk"))
        #expect(!filter.isActive, "the DA1 answer comes last: nothing more is expected")
        // After it, Escape and the rest are keys again.
        #expect(filter.feed(Self.keys("\u{1B}]d")) == Self.keys("\u{1B}]d"))
    }

    @Test("a lone Escape is held for one read, then given back; an arrow key passes")
    func loneEscape() {
        var filter = ReplyFilter(expectingFor: .seconds(60))
        #expect(filter.feed([.escape]).isEmpty)
        #expect(filter.feed([]) == [.escape])
        #expect(filter.feed(Self.keys("\u{1B}[A")) == Self.keys("\u{1B}[A"))
        #expect(filter.feed([.down, .character("q")]) == [.down, .character("q")])
    }

    @Test("with nothing expected, or once the time is over, every key passes")
    func inactive() {
        var none = ReplyFilter()
        #expect(none.feed(Self.keys("\u{1B}]11;x\u{07}")) == Self.keys("\u{1B}]11;x\u{07}"))
        var over = ReplyFilter(expectingFor: .zero)
        #expect(over.feed(Self.keys("\u{1B}[?62c")) == Self.keys("\u{1B}[?62c"))
    }

    @Test("the DA1 answer is found wherever it is in what came back")
    func complete() {
        #expect(BackgroundQuery.isComplete(Array("\u{1B}]11;rgb:0/0/0\u{07}\u{1B}[?62;22c".utf8)))
        #expect(BackgroundQuery.isComplete(Array("x\u{1B}[?c".utf8)))
        #expect(!BackgroundQuery.isComplete(Array("\u{1B}]11;rgb:0/0/0\u{07}\u{1B}[?62;2".utf8)))
        #expect(!BackgroundQuery.isComplete(Array("\u{1B}[?62x".utf8)))
    }
}
