import Foundation
import ScreenModel
import Testing

/// The palettes: contrast against the background each is for, and how the background is
/// learnt.
@Suite("Themes")
struct ThemeTests {
    /// xterm's default palette: its 16 colours, the 6x6x6 cube and the 24 greys.
    static func xterm(_ index: Int16) -> (Double, Double, Double) {
        let sixteen: [(Int, Int, Int)] = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205),
            (0, 205, 205), (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0),
            (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
        ]
        let rgb: (Int, Int, Int)
        switch index {
        case 0..<16: rgb = sixteen[Int(index)]
        case 16..<232:
            let levels = [0, 95, 135, 175, 215, 255]
            let cube = Int(index) - 16
            rgb = (levels[cube / 36], levels[cube / 6 % 6], levels[cube % 6])
        default:
            let grey = 8 + 10 * (Int(index) - 232)
            rgb = (grey, grey, grey)
        }
        return (Double(rgb.0) / 255, Double(rgb.1) / 255, Double(rgb.2) / 255)
    }

    static func contrast(_ index: Int16, on background: Int16) -> Double {
        let (r, g, b) = xterm(index)
        let (br, bg, bb) = xterm(background)
        let one = Theme.relativeLuminance(red: r, green: g, blue: b)
        let two = Theme.relativeLuminance(red: br, green: bg, blue: bb)
        return (max(one, two) + 0.05) / (min(one, two) + 0.05)
    }

    @Test(
        "the contrasts the issue measured: blue on black 2.2, red 3.6; on white yellow 1.7, cyan 2.0"
    )
    func measured() {
        #expect((Self.contrast(4, on: 0) * 10).rounded() == 22)
        #expect((Self.contrast(1, on: 0) * 10).rounded() == 36)
        #expect((Self.contrast(3, on: 15) * 10).rounded() == 17)
        #expect((Self.contrast(6, on: 15) * 10).rounded() == 20)
        #expect((Self.contrast(2, on: 15) * 10).rounded() == 22)
    }

    @Test(
        "every colour drawn as text is at least 4.5:1 on its theme's background (3:1 bold), in 8 and 256 colours"
    )
    func contrast() {
        for theme in Theme.allCases {
            let background: Int16 = theme == .dark ? 0 : 15
            for colors in [Capabilities.Colors.basic, .extended] {
                for role in StyleRole.allCases {
                    let ink = theme.ink(role, colors)
                    guard ink.color >= 0 else { continue }  // the terminal's own foreground
                    let ratio = Self.contrast(ink.color, on: background)
                    #expect(
                        ratio >= (ink.bold ? 3 : 4.5),
                        "\(theme) \(colors) \(role): colour \(ink.color) is \(ratio):1")
                }
            }
            // Without colour, attributes alone.
            #expect(StyleRole.allCases.allSatisfy { theme.ink($0, .none) == .plain })
        }
    }

    @Test("the urgency and role colours stay told apart in 256 colours")
    func distinct() {
        for theme in Theme.allCases {
            let badges = [StyleRole.owner, .operator, .viewer, .custom].map {
                theme.ink($0, .extended).color
            }
            #expect(Set(badges).count == 4, "\(theme)")
            #expect(theme.ink(.urgent, .extended) != theme.ink(.warning, .extended))
        }
    }

    @Test("COLORFGBG: the last field is the background; 7 and 9 to 15 are light")
    func colorFGBG() {
        #expect(Theme.fromColorFGBG("15;0") == .dark)
        #expect(Theme.fromColorFGBG("0;15") == .light)
        #expect(Theme.fromColorFGBG("0;default;7") == .light)
        #expect(Theme.fromColorFGBG("7;8") == .dark)
        for nothing in [nil, "", "0;default", "0;99", "0;-1", ";"] {
            #expect(Theme.fromColorFGBG(nothing) == nil, "\(nothing ?? "nil")")
        }
        #expect(Theme.fromColorFGBG("15") == .light, "a single field is the background")
    }

    @Test("an OSC 11 answer: 1 to 4 hex digits a channel, BEL or ST; anything else says nothing")
    func backgroundReply() {
        func theme(_ text: String) -> Theme? { Theme.fromBackgroundReply(Array(text.utf8)) }
        #expect(theme("\u{1B}]11;rgb:ffff/ffff/ffff\u{1B}\\") == .light)
        #expect(theme("\u{1B}]11;rgb:0000/0000/0000\u{07}") == .dark)
        #expect(theme("\u{1B}]11;rgb:fd/f6/e3\u{07}\u{1B}[?62;c") == .light, "Solarized light")
        #expect(theme("\u{1B}]11;rgb:00/2b/36\u{07}") == .dark, "Solarized dark")
        #expect(theme("\u{1B}]11;rgb:8/8/8\u{07}") == .light, "mid grey: black text reads better")
        #expect(theme("\u{1B}[?62;c") == nil, "DA1 alone: OSC 11 not known")
        for broken in [
            "\u{1B}]11;rgb:ffff/ffff\u{07}", "\u{1B}]11;rgb:fffff/0/0\u{07}",
            "\u{1B}]11;rgb:zz/00/00\u{07}", "\u{1B}]11;rgb:ff/ff/ff", "\u{1B}]11;rgb://\u{07}",
            "\u{1B}]11;rgb:1/2/3/4\u{07}", "",
        ] {
            #expect(theme(broken) == nil, "\(broken.debugDescription)")
        }
    }
}
