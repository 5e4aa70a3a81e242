/// What the terminal can show.
public struct Capabilities: Sendable, Hashable {
    /// How many colours.
    public enum Colors: Sendable, Hashable {
        /// Monochrome (also `NO_COLOR`, `--no-color`).
        case none
        /// 8 or 16 colours.
        case basic
        /// 256 colours.
        case extended
    }

    /// Whether Unicode glyphs can be drawn (a UTF-8 locale and no `--ascii`).
    public var unicode: Bool
    /// Colour support.
    public var colors: Colors

    /// Creates capabilities.
    public init(unicode: Bool, colors: Colors) {
        self.unicode = unicode
        self.colors = colors
    }

    /// The glyphs to draw with.
    public var glyphs: Glyphs { unicode ? .unicode : .ascii }
}

/// The characters the view draws with, Unicode or ASCII.
public struct Glyphs: Sendable, Hashable {
    public let selection: String
    public let mark: String
    public let ellipsis: String
    public let expired: String
    public let underDay: String
    public let underWeek: String
    public let horizontal: String
    public let vertical: String
    public let topLeft: String
    public let topRight: String
    public let bottomLeft: String
    public let bottomRight: String
    public let separator: String
    public let up: String
    public let down: String
    public let enter: String
    public let ascending: String
    public let descending: String
    /// The text cursor of an editable line.
    public let cursor: String
    /// Either side of a value chosen with ◀ ▶.
    public let choiceLeft: String
    public let choiceRight: String
    /// Points from a choice to what it gives.
    public let arrow: String
    /// Stands for each character of a secret too short to show any of.
    public let hidden: String
    /// Before the new key's id in the row of a key rotated and kept.
    public let rotated: String
    /// Stands for a character of server text that cannot be shown (a control character, or
    /// any non-ASCII character in ASCII mode).
    public let placeholder: String
    /// Marks a key with a finding of the lifetime policy.
    public let finding: String

    /// The marks: each has one meaning, in Unicode and in ASCII alike.
    public var marks: [String] {
        [
            selection, mark, ellipsis, expired, underDay, underWeek, hidden, rotated, placeholder,
            finding,
        ]
    }

    /// Box drawing and symbols.
    public static let unicode = Glyphs(
        selection: "▶", mark: "●", ellipsis: "…", expired: "✗", underDay: "▲", underWeek: "△",
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└",
        bottomRight: "┘", separator: "·", up: "↑", down: "↓", enter: "⏎", ascending: "↑",
        descending: "↓", cursor: "▏", choiceLeft: "◀", choiceRight: "▶", arrow: "→", hidden: "•",
        rotated: "↻", placeholder: "\u{FFFD}", finding: "⚑")

    /// Plain ASCII, for `LANG=C` and `--ascii`.
    public static let ascii = Glyphs(
        selection: ">", mark: "*", ellipsis: "~", expired: "X", underDay: "!", underWeek: "+",
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+",
        bottomRight: "+", separator: "|", up: "^", down: "v", enter: "Enter", ascending: "^",
        descending: "v", cursor: "_", choiceLeft: "<", choiceRight: ">", arrow: "->", hidden: "#",
        rotated: "rot:", placeholder: "?", finding: "%")

    /// The ASCII form of the truncation mark, the one glyph the console writes whatever the
    /// mode (a cut made by ``Screen/put(_:row:column:style:limit:)``): `…` is `~`. Anything
    /// else that is not ASCII is server text, and stays `?`, so it never poses as a mark.
    static let asciiForms: [Character: Character] = ["…": "~"]
}
