import ScreenModel
import TextKit

/// A one-line text editor: cursor movement, insertion anywhere, backspace and delete, paste,
/// and a length limit in characters. Control characters are never accepted.
public struct LineEditor: Sendable, Hashable {
    /// The text, as characters so the cursor never splits one.
    public private(set) var characters: [Character]
    /// Where the next character goes (0...characters.count).
    public private(set) var cursor: Int
    /// The most characters the text may have.
    public let limit: Int
    /// Which characters the field takes.
    public let charset: Charset

    /// The characters a field takes; control and invisible format characters never.
    public enum Charset: Sendable, Hashable {
        /// Any printable text; line breaks and tabs become spaces.
        case text
        /// Digits only (a count).
        case digits
        /// A host name: typed as it is (so a space is refused with the name, not dropped
        /// unseen); white space in a paste (a wrapped line) is dropped.
        case hostName
    }

    /// An editor holding `text` (cut to `limit`), the cursor at its end.
    public init(_ text: String = "", limit: Int, charset: Charset = .text) {
        self.limit = limit
        self.charset = charset
        self.characters = Array(text.filter { Self.takes($0, charset) }.prefix(limit))
        self.cursor = characters.count
    }

    /// The text.
    public var text: String { String(characters) }

    /// The character the cursor stands on, or `nil` at the end of the text.
    public var characterAtCursor: Character? {
        cursor < characters.count ? characters[cursor] : nil
    }

    /// Whether the text is at its limit.
    public var isFull: Bool { characters.count >= limit }

    /// Applies an editing key; false when the key is not one (the caller may use it).
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .character(let character):
            insert(String(character))
        case .paste(let text):
            insert(charset == .hostName ? text.filter { !$0.isWhitespace } : text)
        case .left:
            cursor = max(0, cursor - 1)
        case .right:
            cursor = min(characters.count, cursor + 1)
        case .home:
            cursor = 0
        case .end:
            cursor = characters.count
        case .backspace:
            if cursor > 0 {
                characters.remove(at: cursor - 1)
                cursor -= 1
            }
        case .delete:
            if cursor < characters.count { characters.remove(at: cursor) }
        default:
            return false
        }
        return true
    }

    /// Whether `key` is a paste too long to fit whole in the room left.
    public func overflows(with key: Key) -> Bool {
        guard case .paste(let text) = key else { return false }
        return characters.count + text.count > limit
    }

    /// Inserts `text` at the cursor: line breaks and tabs become spaces, other control
    /// characters are dropped, and whatever passes the limit is cut.
    public mutating func insert(_ text: String) {
        let cleaned = text.map { $0.isNewline || $0 == "\t" ? " " : $0 }.filter {
            Self.takes($0, charset)
        }
        let room = max(0, limit - characters.count)
        let accepted = cleaned.prefix(room)
        characters.insert(contentsOf: accepted, at: cursor)
        cursor += accepted.count
    }

    /// The text and the cursor column, scrolled so the cursor shows within `width` cells.
    public func window(width: Int) -> (text: String, cursorColumn: Int) {
        guard width > 1 else { return ("", 0) }
        var start = 0
        while DisplayWidth.of(String(characters[start..<cursor])) > width - 1 { start += 1 }
        var shown = ""
        var used = 0
        for character in characters[start...] {
            let cells = DisplayWidth.of(character)
            guard used + cells <= width - 1 else { break }
            shown.append(character)
            used += cells
        }
        return (shown, DisplayWidth.of(String(characters[start..<cursor])))
    }

    /// Whether the field's charset takes `character`.
    private static func takes(_ character: Character, _ charset: Charset) -> Bool {
        switch charset {
        case .text: Self.accepts(character)
        case .digits: character.isASCII && character.isNumber
        case .hostName: Self.accepts(character)
        }
    }

    /// No control characters and no invisible format characters (bidi overrides), except the
    /// zero-width joiner that emoji sequences need.
    private static func accepts(_ character: Character) -> Bool {
        !character.unicodeScalars.contains {
            switch $0.properties.generalCategory {
            case .control: true
            case .format: $0 != "\u{200D}"
            default: false
            }
        }
    }
}
