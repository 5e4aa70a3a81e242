import PropertyBased
import ScreenModel
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

    @Test("a start marker split across reads still opens the paste, and leaks no Escape")
    func splitStartMarker() {
        for split in 2..<6 {
            var decoder = PasteDecoder()
            let start = keys("x\u{1B}[200~")
            #expect(decoder.feed(Array(start[..<(split + 1)])) == [.character("x")])
            #expect(
                decoder.feed(Array(start[(split + 1)...]) + keys("hi\u{1B}[201~")) == [.paste("hi")]
            )
            #expect(decoder.feed(keys("q")) == [.character("q")], "split after \(split)")
        }
    }

    @Test("an end marker split across reads closes the paste; later keys are keys again")
    func splitEndMarker() {
        for split in 1..<6 {
            var decoder = PasteDecoder()
            let end = keys("\u{1B}[201~")
            #expect(decoder.feed(keys("\u{1B}[200~ab") + Array(end[..<split])).isEmpty)
            #expect(decoder.feed(Array(end[split...])) == [.paste("ab")], "split after \(split)")
            #expect(decoder.feed(keys("q")) == [.character("q")])
        }
    }

    @Test("keys held as a possible marker are released when the input goes quiet")
    func heldKeysReleased() {
        var decoder = PasteDecoder()
        #expect(decoder.feed(keys("\u{1B}[2")).isEmpty)
        #expect(decoder.feed([]) == [.escape, .character("["), .character("2")])
        #expect(decoder.feed([]).isEmpty)
    }
}

@Suite("Bracketed paste, on random reads")
struct PasteDecoderPropertyTests {
    static let text = Gen<Character?>.element(of: Array("ab \r\t[~0\u{1B}") as [Character])
        .map { $0! }.string(of: 0...12)

    private static func keys(_ text: String) -> [Key] {
        text.map { $0 == "\u{1B}" ? .escape : $0 == "\r" ? .enter : .character($0) }
    }

    @Test("however the keys are cut into reads, the decoded keys are the same")
    func anySplit() async {
        await propertyCheck(
            input: Self.text, Self.text.map { $0.replacingOccurrences(of: "\u{1B}", with: "") },
            Gen.int(in: 1...40).array(of: 0...6)
        ) { before, pasted, cuts in
            let all = Self.keys(before + "\u{1B}[200~" + pasted + "\u{1B}[201~" + before)
            var whole = PasteDecoder()
            let expected = whole.feed(all) + whole.feed([])
            var split = PasteDecoder()
            var got: [Key] = []
            var start = 0
            for cut in cuts.sorted() where cut > start && cut < all.count {
                // A read that ends in a lone Escape outside a paste is the one cut not handled.
                if all[cut - 1] == .escape && (cut >= all.count || all[cut] == .character("[")) {
                    continue
                }
                got += split.feed(Array(all[start..<cut]))
                start = cut
            }
            got += split.feed(Array(all[start...])) + split.feed([])
            #expect(got == expected)
        }
    }
}
