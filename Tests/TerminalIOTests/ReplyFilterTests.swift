import ScreenModel
import Testing

@testable import TerminalIO

/// The terminal's answers to the start-up query never become keys, and keys are never taken
/// for answers.
@Suite("Answers to the start-up query")
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

    /// What a person typed and what the terminal answered, from bytes read at start-up.
    static func split(_ text: String) -> (
        typed: String, answers: String, state: AnswerMatcher.State
    ) {
        var matcher = AnswerMatcher()
        var held: [UInt8] = []
        var typed: [UInt8] = []
        var answers: [UInt8] = []
        for byte in Array(text.utf8) {
            let (released, answer) = matcher.feed(byte, as: AnswerMatcher.symbol(byte), held: &held)
            typed += released
            answers += answer
        }
        return (
            String(decoding: typed, as: UTF8.self), String(decoding: answers, as: UTF8.self),
            matcher.state
        )
    }

    @Test("at start-up, keys typed around the answers are kept in order; the answers are taken out")
    func startUp() {
        let both = Self.split("j\u{1B}]11;rgb:ffff/ffff/ffff\u{1B}\\?\u{1B}[?62;22c\u{1B}[Ax")
        #expect(both.typed == "j?\u{1B}[Ax")
        #expect(both.answers == "\u{1B}]11;rgb:ffff/ffff/ffff\u{1B}\\\u{1B}[?62;22c")
        #expect(both.state == .none)
        #expect(Self.split("\u{1B}]11;rgb:0/0/0\u{07}").answers.hasSuffix("\u{07}"))
        // Not answers: Esc ] typed, another OSC, a DA1 look-alike with a letter in it.
        for typed in ["\u{1B}]d", "\u{1B}]12;x\u{07}", "\u{1B}[?6x", "\u{1B}[1;5A", "é€"] {
            #expect(Self.split(typed).typed == typed, "\(typed.debugDescription)")
        }
        // Cut off by the end of the wait: the part held is no key, and the state goes on.
        let cut = Self.split("q\u{1B}]11;rgb:ff")
        #expect(cut.typed == "q" && cut.state == .oscBody)
    }

    @Test(
        "after the first frame, late answers are dropped, split across reads; keys around them stay"
    )
    func dropsAnswers() {
        var filter = ReplyFilter(expectingFor: .seconds(60))
        var out = filter.feed(Self.keys("j\u{1B}]11;rgb:ff"))
        out += filter.feed(Self.keys("ff/ffff/ffff\u{1B}"))
        out += filter.feed(Self.keys("\\k\u{1B}[?6"))
        out += filter.feed(Self.keys("2;22c"))
        #expect(out == Self.keys("jk"))
        // Escape, ] and a key a person typed are keys, and nothing is held after them.
        #expect(filter.feed(Self.keys("\u{1B}]d")) == Self.keys("\u{1B}]d"))
        #expect(filter.feed(Self.keys("\u{1B}[?1x?")) == Self.keys("\u{1B}[?1x?"))
        // An answer the wait cut off goes on where it stood.
        var resumed = ReplyFilter(expectingFor: .seconds(60), unfinished: .oscBody)
        #expect(resumed.feed(Self.keys("ff/ff\u{07}q")) == [.character("q")])
    }

    @Test("a lone Escape is held for one read, then given back; an arrow key passes")
    func loneEscape() {
        var filter = ReplyFilter(expectingFor: .seconds(60))
        #expect(filter.feed([.escape]).isEmpty)
        #expect(filter.feed([]) == [.escape])
        #expect(filter.feed(Self.keys("\u{1B}[A")) == Self.keys("\u{1B}[A"))
        #expect(filter.feed([.down, .character("q")]) == [.down, .character("q")])
    }

    @Test("with nothing expected, or once the time is over, every key passes, held ones too")
    func inactive() {
        var none = ReplyFilter()
        #expect(none.feed(Self.keys("\u{1B}]11;x\u{07}")) == Self.keys("\u{1B}]11;x\u{07}"))
        var over = ReplyFilter(expectingFor: .zero)
        #expect(over.feed(Self.keys("\u{1B}[?62c")) == Self.keys("\u{1B}[?62c"))
        var cut = ReplyFilter(expectingFor: .zero, unfinished: .attributes)
        #expect(cut.feed(Self.keys("62c")) == Self.keys("62c"))
    }
}
