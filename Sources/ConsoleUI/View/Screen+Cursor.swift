import ScreenModel

extension Screen {
    /// Shows where typing goes in `editor`, drawn at `column`: the character the cursor stands
    /// on in reverse video (it stays readable), or `glyph` after the end of the text.
    mutating func putCursor(_ editor: LineEditor, row: Int, column: Int, glyph: String) {
        if let character = editor.characterAtCursor {
            put(
                String(character), row: row, column: column,
                style: Style(.hintKey, bold: true, reverse: true))
        } else {
            put(glyph, row: row, column: column, style: Style(.hintKey))
        }
    }
}
