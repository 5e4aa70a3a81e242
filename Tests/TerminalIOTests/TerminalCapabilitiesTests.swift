import CNcursesw
import ScreenModel
import Testing

@testable import TerminalIO

@Suite("Terminal capabilities and keys")
struct TerminalCapabilitiesTests {
    func detect(
        _ environment: [String: String] = [:], utf8: Bool = true, hasColors: Bool = true,
        count: Int = 256,
        noColor: Bool = false, ascii: Bool = false
    ) -> Capabilities {
        TerminalCapabilities.detect(
            environment: environment, localeIsUTF8: utf8, hasColors: hasColors, colorCount: count,
            noColorFlag: noColor, asciiFlag: ascii)
    }

    @Test("256, 16 and no colours")
    func colours() {
        #expect(detect().colors == .extended)
        #expect(detect(count: 16).colors == .basic)
        #expect(detect(count: 8).colors == .basic)
        #expect(detect(hasColors: false).colors == .none)
        #expect(detect(count: 2).colors == .none)
    }

    @Test("NO_COLOR (not empty) and --no-color turn colour off")
    func noColor() {
        #expect(detect(["NO_COLOR": "1"]).colors == .none)
        #expect(detect(["NO_COLOR": ""]).colors == .extended)
        #expect(detect(noColor: true).colors == .none)
    }

    @Test("ASCII when the locale is not UTF-8, or with --ascii")
    func ascii() {
        #expect(detect().unicode)
        #expect(!detect(utf8: false).unicode)
        #expect(!detect(ascii: true).unicode)
    }

    @Test("monochrome styles use attributes only; colour styles a pair per role")
    func styles() {
        let urgent = Style(.urgent, bold: true)
        let (monoAttributes, monoPair) = ColorScheme.attributes(for: urgent, .none, theme: .dark)
        #expect(monoPair == 0)
        #expect(monoAttributes != 0)
        let (_, colourPair) = ColorScheme.attributes(for: urgent, .extended, theme: .dark)
        #expect(colourPair != 0)
        let pairs = Set(StyleRole.allCases.map(ColorScheme.pair))
        #expect(pairs.count == StyleRole.allCases.count)
        #expect(
            ColorScheme.attributes(for: Style(.selected, reverse: true), .none, theme: .dark).0
                != ColorScheme.attributes(for: .normal, .none, theme: .dark).0)
        // A colour that needs bold for its contrast is drawn bold: red on black in 8 colours.
        let red = ColorScheme.attributes(for: Style(.urgent), .basic, theme: .dark).0
        #expect(red & kc_a_bold() != 0)
        #expect(
            ColorScheme.attributes(for: Style(.urgent), .extended, theme: .dark).0 & kc_a_bold()
                == 0)
    }

    @Test("curses key codes become keys")
    func keys() {
        #expect(CursesKeys.key(code: 0o403, isFunctionKey: true) == .up)
        #expect(CursesKeys.key(code: 0o522, isFunctionKey: true) == .pageDown)
        #expect(CursesKeys.key(code: 13, isFunctionKey: false) == .enter)
        #expect(CursesKeys.key(code: 27, isFunctionKey: false) == .escape)
        #expect(CursesKeys.key(code: 3, isFunctionKey: false) == .controlC)
        #expect(CursesKeys.key(code: 127, isFunctionKey: false) == .backspace)
        #expect(CursesKeys.key(code: 0x65E5, isFunctionKey: false) == .character("日"))
        #expect(CursesKeys.key(code: 1, isFunctionKey: false) == .other)
    }

    @Test("OSC 52, plain and wrapped for tmux")
    func osc52() {
        let plain = OSC52.sequence(copying: "key-1", insideTmux: false)
        #expect(String(decoding: plain, as: UTF8.self) == "\u{1B}]52;c;a2V5LTE=\u{07}")
        let wrapped = OSC52.sequence(copying: "key-1", insideTmux: true)
        #expect(
            String(decoding: wrapped, as: UTF8.self)
                == "\u{1B}Ptmux;\u{1B}\u{1B}]52;c;a2V5LTE=\u{07}\u{1B}\\")
    }
}
