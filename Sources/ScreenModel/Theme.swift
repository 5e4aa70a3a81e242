import Foundation

/// The palette for the terminal's background: every colour the console draws text in is at
/// least 4.5:1 against that background with xterm's default palette (3:1 where it is drawn
/// bold), in 8 or 16 colours and in 256.
public enum Theme: String, Sendable, Hashable, CaseIterable {
    /// A dark background (black, as most terminals and xterm's reverse video).
    case dark
    /// A light background (white, as macOS Terminal's default and xterm's own).
    case light

    /// A theme as a setting names it (`--theme`, the config's `theme =`): a palette, or
    /// `auto` for the terminal's own background.
    public enum Choice: String, Sendable, Hashable, CaseIterable {
        case dark, light, auto

        /// The palette chosen; `nil` for auto.
        public var theme: Theme? { Theme(rawValue: rawValue) }
    }

    /// How one role is drawn: an xterm colour index (-1 is the terminal's own foreground)
    /// and whether it is bold.
    public struct Ink: Sendable, Hashable {
        /// The colour index; -1 is the terminal's default foreground.
        public var color: Int16
        /// Drawn bold (its colour then needs only 3:1).
        public var bold: Bool

        /// An ink.
        public init(_ color: Int16, bold: Bool = false) {
            self.color = color
            self.bold = bold
        }

        /// The terminal's own foreground.
        public static let plain = Ink(-1)
    }

    /// The ink of `role` with `colors` colours (`none` draws everything plain).
    public func ink(_ role: StyleRole, _ colors: Capabilities.Colors) -> Ink {
        switch colors {
        case .none: return .plain
        case .basic: return self == .dark ? Self.darkBasic(role) : Self.lightBasic(role)
        case .extended: return self == .dark ? Self.darkExtended(role) : Self.lightExtended(role)
        }
    }

    // xterm's 8 colours: 1 red, 2 green, 3 yellow, 4 blue, 5 magenta, 6 cyan.

    private static func darkBasic(_ role: StyleRole) -> Ink {
        switch role {
        case .normal, .header, .columnHeader, .selected, .muted, .hint, .disabled, .border:
            return .plain
        case .title, .hintKey, .operator: return Ink(6)
        case .owner: return Ink(5, bold: true)  // #cd00cd is 4.49:1 on black
        case .viewer, .info: return Ink(2)
        case .custom: return Ink(-1, bold: true)  // blue #0000ee is 2.2:1 on black
        case .urgent, .error: return Ink(1, bold: true)  // #cd0000 is 3.6:1 on black
        case .warning, .accent: return Ink(3)
        }
    }

    private static func lightBasic(_ role: StyleRole) -> Ink {
        switch role {
        case .normal, .header, .columnHeader, .selected, .muted, .hint, .disabled, .viewer,
            .info:
            return .plain  // green #00cd00 is 2.2:1 on white
        case .title, .hintKey, .operator, .custom, .border: return Ink(4)
        case .owner: return Ink(5)
        case .urgent, .error: return Ink(1)
        case .warning, .accent: return Ink(5)  // yellow #cdcd00 is 1.7:1 on white
        }
    }

    private static func darkExtended(_ role: StyleRole) -> Ink {
        switch role {
        case .normal, .header, .columnHeader, .selected: return .plain
        case .title, .hintKey, .operator: return Ink(6)
        case .owner: return Ink(13)  // #ff00ff
        case .viewer, .info: return Ink(2)
        case .custom: return Ink(75)  // #5fafff
        case .border: return Ink(67)  // #5f87af
        case .urgent, .error: return Ink(203)  // #ff5f5f
        case .warning, .accent: return Ink(3)
        case .muted, .hint, .disabled: return Ink(245)  // #8a8a8a
        }
    }

    private static func lightExtended(_ role: StyleRole) -> Ink {
        switch role {
        case .normal, .header, .columnHeader, .selected: return .plain
        case .title, .hintKey, .border: return Ink(25)  // #005faf
        case .operator: return Ink(23)  // #005f5f
        case .owner: return Ink(127)  // #af00af
        case .viewer, .info: return Ink(28)  // #008700
        case .custom: return Ink(61)  // #5f5faf
        case .urgent, .error: return Ink(160)  // #d70000
        case .warning, .accent: return Ink(130)  // #af5f00
        case .muted, .hint, .disabled: return Ink(242)  // #6c6c6c
        }
    }

    /// The theme `COLORFGBG` implies (`fg;bg` or `fg;default;bg`, as rxvt, Konsole and
    /// others set it): a background of 7 or 9 to 15 is light, 0 to 6 and 8 dark; `nil` when it
    /// says nothing usable.
    public static func fromColorFGBG(_ value: String?) -> Theme? {
        guard let last = value?.split(separator: ";").last, let background = Int(last),
            (0...15).contains(background)
        else { return nil }
        return background == 7 || background >= 9 ? .light : .dark
    }

    /// The theme for a background colour given as red, green and blue from 0 to 1: light when
    /// black text contrasts with it more than white text does.
    public static func forBackground(red: Double, green: Double, blue: Double) -> Theme {
        let luminance = relativeLuminance(red: red, green: green, blue: blue)
        return (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) ? .light : .dark
    }

    /// The background colour in a terminal's answer to the OSC 11 query
    /// (`ESC ] 11 ; rgb:RRRR/GGGG/BBBB` ended by BEL or `ESC \`, 1 to 4 hex digits each),
    /// as the theme it implies; `nil` when `reply` holds no such answer.
    public static func fromBackgroundReply(_ reply: [UInt8]) -> Theme? {
        let prefix = Array("\u{1B}]11;rgb:".utf8)
        guard let start = reply.firstRange(of: prefix)?.upperBound else { return nil }
        var channels: [Double] = []
        var digits: [UInt8] = []
        for byte in reply[start...] {
            if let value = hexValue(byte) {
                guard digits.count < 4 else { return nil }
                digits.append(value)
            } else if byte == UInt8(ascii: "/") || byte == 0x07 || byte == 0x1B {
                guard !digits.isEmpty, channels.count < 3 else { return nil }
                let maximum = Double((1 << (4 * digits.count)) - 1)
                channels.append(Double(digits.reduce(0) { $0 << 4 | Int($1) }) / maximum)
                digits = []
                if byte != UInt8(ascii: "/") { break }
            } else {
                return nil
            }
        }
        guard channels.count == 3 else { return nil }
        return forBackground(red: channels[0], green: channels[1], blue: channels[2])
    }

    /// WCAG 2's relative luminance of an sRGB colour (channels from 0 to 1).
    public static func relativeLuminance(red: Double, green: Double, blue: Double) -> Double {
        func linear(_ channel: Double) -> Double {
            channel <= 0.04045 ? channel / 12.92 : pow((channel + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
