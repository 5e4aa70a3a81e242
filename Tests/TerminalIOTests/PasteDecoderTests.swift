import ConsoleUI
import Testing

@testable import TerminalIO

@Suite("Bracketed paste")
struct PasteDecoderTests {
    private func keys(_ text: String) -> [Key] {
        text.map { $0 == "\u{1B}" ? .escape : $0 == "\r" ? .enter : .character($0) }
    }

    @Test("a paste becomes one key; its line breaks are text, not Enter")
    func onePaste() {
        var decoder = PasteDecoder()
        #expect(
            decoder.feed(keys("a\u{1B}[200~CI\rdeploy\u{1B}[201~b"))
                == [.character("a"), .paste("CI\ndeploy"), .character("b")])
    }

    @Test("a paste split across reads is still one key")
    func splitPaste() {
        var decoder = PasteDecoder()
        #expect(decoder.feed(keys("\u{1B}[200~hel")).isEmpty)
        #expect(decoder.feed(keys("lo\u{1B}[201~")) == [.paste("hello")])
    }

    @Test("a lone Esc, and Esc followed by other keys, stay keys")
    func loneEscape() {
        var decoder = PasteDecoder()
        #expect(decoder.feed([.escape]) == [.escape])
        #expect(decoder.feed(keys("\u{1B}[A")) == [.escape, .character("["), .character("A")])
    }
}
