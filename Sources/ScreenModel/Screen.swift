import TextKit

/// A grid of cells: what the view produces and the terminal driver copies to the screen.
public struct Screen: Sendable, Hashable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// Cells, row by row.
    public private(set) var cells: [Cell]

    /// A blank screen.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    /// The cell at a position.
    public subscript(row: Int, column: Int) -> Cell {
        cells[row * width + column]
    }

    /// Writes `text` from (`row`, `column`), clipped at `limit` columns and the right edge;
    /// clipped text ends with the truncation mark `…`, so a cut is never silent. Control characters are drawn as `�`; a character whose width terminals disagree on,
    /// or that a cell cannot hold, as one placeholder of the width counted (see
    /// ``drawsWhole(_:)``). Returns the columns used.
    @discardableResult
    public mutating func put(
        _ text: String, row: Int, column: Int, style: Style = .normal, limit: Int? = nil
    ) -> Int {
        guard row >= 0, row < height, column >= 0, column < width else { return 0 }
        let end = min(width, column + (limit ?? width))
        var x = column
        // Printable ASCII (most of a screen): one cell a byte, nothing to check.
        if TextSanitizer.isPrintableASCII(text) {
            for byte in text.utf8 {
                guard x < end else {
                    markCut(row: row, from: column, at: x, style: style)
                    break
                }
                cells[row * width + x] = Cell(
                    Character(Unicode.Scalar(byte)), width: 1, style: style)
                x += 1
            }
            return x - column
        }
        for character in text {
            var shown: Character =
                character.unicodeScalars.contains(where: TextSanitizer.isControl)
                ? "\u{FFFD}" : character
            let w = DisplayWidth.of(shown)
            if w == 0 { continue }
            if !Self.drawsWhole(shown) { shown = w == 2 ? "\u{FF1F}" : "?" }
            if x + w > end {
                if x < end {
                    cells[row * width + x] = Cell(" ", style: style)
                    x += 1
                }
                markCut(row: row, from: column, at: x, style: style)
                break
            }
            cells[row * width + x] = Cell(shown, width: UInt8(w), style: style)
            if w == 2 { cells[row * width + x + 1] = Cell(" ", width: 0, style: style) }
            x += w
        }
        return x - column
    }

    /// Puts the truncation mark in the last cell written before `end`, when text was cut.
    private mutating func markCut(row: Int, from column: Int, at end: Int, style: Style) {
        guard end > column else { return }
        let last = row * width + end - 1
        if cells[last].width == 0, end - 2 >= column {
            // The second half of a wide character: the mark and a blank replace it.
            cells[last - 1] = Cell("…", style: style)
            cells[last] = Cell(" ", style: style)
        } else {
            cells[last] = Cell("…", style: style)
        }
    }

    /// The most code points a cell holds (ncurses' `CCHARW_MAX`).
    public static let maxScalarsPerCell = 5

    /// Whether a character is drawn as it is: one code point, or a letter with up to four
    /// combining marks. Emoji sequences (joined with ZWJ, with a variation selector or a skin
    /// tone, flags) are not: terminals disagree on their width, and ncurses cuts them.
    public static func drawsWhole(_ character: Character) -> Bool {
        let scalars = character.unicodeScalars
        guard scalars.count > 1 else { return true }
        guard scalars.count <= maxScalarsPerCell, let first = scalars.first,
            !first.properties.isEmojiPresentation, !first.properties.isEmoji
        else { return false }
        return scalars.dropFirst().allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .spacingMark:
                !scalar.properties.isVariationSelector
            default:
                false
            }
        }
    }

    /// Paints `count` cells of `row` from `column` with `style`, keeping their characters.
    public mutating func paint(row: Int, column: Int = 0, count: Int? = nil, style: Style) {
        guard row >= 0, row < height else { return }
        let end = min(width, column + (count ?? width))
        for x in max(0, column)..<max(max(0, column), end) {
            cells[row * width + x].style = style
        }
    }

    /// Blanks a rectangle with `style`.
    public mutating func clear(
        row: Int, column: Int, width w: Int, height h: Int, style: Style = .normal
    ) {
        for y in max(0, row)..<min(height, row + h) {
            for x in max(0, column)..<min(width, column + w) {
                cells[y * width + x] = Cell(" ", style: style)
            }
        }
    }

    /// Replaces every non-ASCII character, for terminals whose locale is not UTF-8, where such
    /// bytes would print as garbage: the truncation mark by `~`, anything else by `?` (a wide
    /// one by `??`).
    public mutating func restrictToASCII() {
        for index in cells.indices where !cells[index].character.isASCII {
            // The cut mark has its ASCII form (… is ~); server text has `?`.
            let character = Glyphs.asciiForms[cells[index].character] ?? "?"
            if cells[index].width == 0 {
                cells[index] = Cell(character, style: cells[index].style)
            } else {
                cells[index].character = character
                cells[index].width = 1
            }
        }
    }

    /// The screen as text, one string per row (trailing spaces kept).
    public var lines: [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width where self[y, x].width != 0 {
                line.append(self[y, x].character)
            }
            return line
        }
    }

    /// The styles as text: one role letter per column (see ``StyleRole``).
    public var styleLines: [String] {
        (0..<height).map { y in String((0..<width).map { self[y, x: $0].style.role.rawValue }) }
    }

    private subscript(y: Int, x x: Int) -> Cell { cells[y * width + x] }
}
