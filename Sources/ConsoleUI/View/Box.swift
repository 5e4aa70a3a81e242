import ScreenModel
import TextKit

/// A bordered pane drawn with ordinary cells (no ACS line drawing).
struct Box {
    let row: Int
    let column: Int
    let width: Int
    let height: Int

    /// A box of at most `width` x `height`, centred on the screen.
    static func centred(width: Int, height: Int, on screen: Screen) -> Box {
        let w = min(width, screen.width - 2)
        let h = min(height, screen.height)
        return Box(
            row: max(0, (screen.height - h) / 2), column: max(0, (screen.width - w) / 2), width: w,
            height: h)
    }

    /// This box moved, and if need be shortened, to stay off screen row `row` within `rows`:
    /// below it when there is more room there, else above. Where that leaves fewer than 10
    /// rows (and fewer than it has), it stays where it is.
    func clear(ofRow row: Int, within rows: Range<Int>) -> Box {
        guard rows.contains(row), (self.row..<(self.row + height)).contains(row) else {
            return self
        }
        let above = row - rows.lowerBound
        let below = rows.upperBound - row - 1
        let room = max(above, below)
        guard room >= min(height, 10) else { return self }
        let h = min(height, room)
        let top = below >= above ? row + 1 : row - h
        return Box(row: top, column: column, width: width, height: h)
    }

    /// Rows inside the border.
    var innerHeight: Int { height - 2 }
    /// Columns inside the border, less one space each side.
    var innerWidth: Int { width - 4 }

    func draw(on screen: inout Screen, title: String, glyphs: Glyphs) {
        // A blank column either side: no cut fragment of the list touches the border.
        screen.clear(row: row, column: column - 1, width: width + 2, height: height)
        let border = Style(.border)
        let line = String(repeating: glyphs.horizontal, count: max(0, width - 2))
        screen.put(glyphs.topLeft + line + glyphs.topRight, row: row, column: column, style: border)
        screen.put(
            glyphs.bottomLeft + line + glyphs.bottomRight, row: row + height - 1, column: column,
            style: border)
        for y in (row + 1)..<(row + height - 1) {
            screen.put(glyphs.vertical, row: y, column: column, style: border)
            screen.put(glyphs.vertical, row: y, column: column + width - 1, style: border)
        }
        screen.put(
            " \(title) ", row: row, column: column + 2, style: Style(.title, bold: true),
            limit: width - 4)
    }

    /// A short field as `[ typed__ ]` (blanks up to `slots`), the cell where typing goes in
    /// reverse video, so the cursor shows without colour.
    func field(
        _ editor: LineEditor, slots: Int, line: Int, on screen: inout Screen, indent: Int = 0
    ) {
        let blanks = String(repeating: "_", count: max(1, slots - editor.characters.count))
        let shown = editor.characters + Array(blanks)
        put(
            "[ \(String(shown)) ]", line: line, on: &screen, style: Style(.hintKey, bold: true),
            indent: indent)
        let before = DisplayWidth.of(String(editor.characters.prefix(editor.cursor)))
        put(
            String(shown[min(editor.cursor, shown.count - 1)]), line: line, on: &screen,
            style: Style(.hintKey, bold: true, reverse: true), indent: indent + 2 + before)
    }

    /// The cursor of `editor` at `column` of an inner line: see ``Screen/putCursor``.
    func cursor(
        _ editor: LineEditor, line: Int, indent: Int, on screen: inout Screen, glyph: String
    ) {
        guard line >= 0, line < innerHeight, indent < innerWidth else { return }
        screen.putCursor(editor, row: row + 1 + line, column: column + 2 + indent, glyph: glyph)
    }

    /// Writes a line inside the box (0-based inner row).
    func put(
        _ text: String, line: Int, on screen: inout Screen, style: Style = .normal, indent: Int = 0
    ) {
        guard line >= 0, line < innerHeight else { return }
        screen.put(
            text, row: row + 1 + line, column: column + 2 + indent, style: style,
            limit: innerWidth - indent)
    }

    /// Writes text over as many inner lines as it needs, from `line`, at most `maxLines`
    /// (the last one ends in an ellipsis when even those are too few). Returns the lines used.
    @discardableResult
    func putWrapped(
        _ text: String, line: Int, on screen: inout Screen, style: Style = .normal,
        indent: Int = 0, maxLines: Int = 3, ellipsis: String = "…"
    ) -> Int {
        let width = max(1, innerWidth - indent)
        var lines = DisplayWidth.wrap(text, width: width, words: true)
        if lines.count > maxLines {
            let rest = lines[(maxLines - 1)...].joined(separator: " ")
            lines =
                Array(lines.prefix(maxLines - 1))
                + [DisplayWidth.truncate(rest, to: width, ellipsis: ellipsis)]
        }
        // The last inner line is the hint line: nothing wraps into it.
        let shown = lines.prefix(max(0, innerHeight - 1 - line))
        for (offset, chunk) in shown.enumerated() {
            put(chunk, line: line + offset, on: &screen, style: style, indent: indent)
        }
        return shown.count
    }
}
