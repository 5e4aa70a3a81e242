import ConsoleUI
import Foundation
import ScreenModel
import Testing

@Suite("One keymap per context")
struct KeymapTests {
    @Test("no key is bound twice in one context, counting the keys that work everywhere")
    func noDuplicates() {
        for context in KeyContext.allCases {
            var seen: [Key: Action] = [:]
            for binding in Keymap.bindings(context) + Keymap.global {
                for key in binding.keys {
                    #expect(
                        seen[key] == nil,
                        "\(key) is bound to \(seen[key].map(String.init(describing:)) ?? "") and \(binding.action) in \(context)"
                    )
                    seen[key] = binding.action
                }
            }
        }
    }

    @Test("a context with a text field binds no character: letters and ? are typed")
    func textFieldsTakeCharacters() {
        for context in KeyContext.allCases where context.hasTextField {
            for binding in Keymap.bindings(context) {
                for key in binding.keys {
                    if case .character = key {
                        Issue.record("\(context) binds \(key), which its text field should take")
                    }
                }
            }
        }
    }

    @Test("every context but a wait has a way out, and a hint line to show it")
    func everyContextHasHints() {
        for context in KeyContext.allCases where context != .creating && context != .bulkRevoking {
            let bindings = Keymap.bindings(context)
            #expect(bindings.contains { $0.hint != nil }, "\(context) has no hint")
            #expect(
                bindings.contains {
                    [.close, .cancel, .quit, .keepBoth, .clearFilter].contains($0.action)
                },
                "\(context) has no way out")
        }
    }

    @Test("F1 opens the help everywhere, ? wherever no text field has focus")
    func helpEverywhere() {
        let list = Fixtures.loaded()
        let screens: [(String, ConsoleState)] = [
            ("list", list),
            ("filter", Fixtures.press(list, .character("/")).0),
            ("details", Fixtures.press(list, .enter).0),
            ("create role", Fixtures.press(list, .character("n")).0),
            ("create description", Fixtures.press(list, .character("n"), .tab).0),
            ("review", Fixtures.press(list, .character("n"), .enter).0),
            ("revoke", Fixtures.press(list, .character("d")).0),
            ("picker", Fixtures.press(list, .character("p")).0),
            ("rotate", Fixtures.press(list, .character("R")).0),
        ]
        for (name, state) in screens {
            let context = state.keyContext
            let withF1 = Fixtures.press(state, .f1).0
            #expect(withF1.help == HelpScreen(context: context), "F1 in \(name)")
            #expect(withF1.overlay == state.overlay, "F1 in \(name) keeps what is under it")
            #expect(Fixtures.press(withF1, .escape).0 == state, "Esc closes the help in \(name)")
            let withQuestion = Fixtures.press(state, .character("?")).0
            if context.hasTextField {
                #expect(withQuestion.help == nil, "? is typed in \(name)")
                #expect(withQuestion != state, "? changed the text of \(name)")
            } else {
                #expect(withQuestion.help == HelpScreen(context: context), "? in \(name)")
            }
        }
    }

    @Test("the help scrolls within its lines")
    func helpScrolls() {
        let help = Fixtures.press(Fixtures.loaded(width: 80, height: 12), .character("?")).0
        let lines = help.help!.lines(readOnly: { _ in false })
        var state = help
        for _ in 0..<100 { state = Fixtures.press(state, .down).0 }
        let last = lines.count - HelpScreen.visibleLines(count: lines.count, height: 12)
        #expect(state.help?.scroll == last)
        #expect(Fixtures.press(state, .up).0.help?.scroll == last - 1)
        for _ in 0..<100 { state = Fixtures.press(state, .up).0 }
        #expect(state.help?.scroll == 0)
    }

    /// The update, reducer and view code hold no key: keys live in the keymap tables, and
    /// the line editor's own editing keys in `LineEditor`.
    @Test("no key literal and no typed hint line outside the keymap")
    func noKeyLiterals() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/ConsoleUI")
        let keyLiteral = try Regex(
            #"(^|[^\w)\].])\.((character|paste)\(|(escape|enter|tab|backspace|delete|controlC|f1|pageUp|pageDown|home|end|up|down|left|right|other)\b)"#
        )
        var checked = 0
        for folder in ["Update", "State", "View"] {
            let directory = sources.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path)
            where name.hasSuffix(".swift") {
                let text = try String(
                    contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
                    .enumerated()
                {
                    let code = line.replacing(".rounded(.down)", with: "")
                    #expect(
                        code.firstMatch(of: keyLiteral) == nil,
                        "\(folder)/\(name):\(number + 1) holds a key: \(line)")
                    if name != "HintBar.swift" {
                        #expect(
                            !line.contains("Style(.hint)"),
                            "\(folder)/\(name):\(number + 1) types a hint line: \(line)")
                    }
                }
                checked += 1
            }
        }
        #expect(checked > 20)
    }
}
