import ScreenModel
import TextKit

/// A small menu over the list (the sort menu, the new key's account): one row per choice,
/// the highlighted one reversed, the keymap's hints at the bottom.
enum MenuPane {
    /// One row: its text (inert already) and its style when not highlighted.
    typealias Row = (text: String, style: Style)

    static func draw(
        _ screen: inout Screen, title: String, width: Int, rows: [Row], index: Int,
        keys: KeyContext, _ state: ConsoleState, _ context: ViewContext
    ) {
        let glyphs = context.capabilities.glyphs
        let box = Box.centred(width: width, height: rows.count + 4, on: screen)
        box.draw(on: &screen, title: title, glyphs: glyphs)
        for (line, row) in rows.enumerated() {
            let selected = line == index
            box.put(
                DisplayWidth.truncate(
                    (selected ? glyphs.selection : " ") + " " + row.text, to: box.innerWidth,
                    ellipsis: glyphs.ellipsis),
                line: line, on: &screen,
                style: selected ? Style(.selected, bold: true, reverse: true) : row.style)
        }
        box.hints(keys, state: state, capabilities: context.capabilities, on: &screen)
    }
}
