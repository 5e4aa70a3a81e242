import ScreenModel
import TextKit

/// The sort menu: the columns on screen, the sorted one marked with its direction.
enum SortMenuPane {
    static func draw(
        _ screen: inout Screen, _ menu: SortMenu, _ state: ConsoleState, _ context: ViewContext
    ) {
        let glyphs = context.capabilities.glyphs
        let box = Box.centred(width: 30, height: menu.columns.count + 4, on: screen)
        box.draw(on: &screen, title: "Sort by", glyphs: glyphs)
        for (line, column) in menu.columns.enumerated() {
            let selected = line == menu.index
            var text = (selected ? glyphs.selection : " ") + " " + column.title
            if column == state.sort {
                text +=
                    " "
                    + (column.ascending(reversed: state.reversed)
                        ? glyphs.ascending : glyphs.descending)
            }
            box.put(
                text, line: line, on: &screen,
                style: selected ? Style(.selected, bold: true, reverse: true) : .normal)
        }
        box.hints(menu.keyContext, state: state, capabilities: context.capabilities, on: &screen)
    }
}

extension SortMenu {
    /// The keymap in force.
    var keyContext: KeyContext { .sortMenu }
}
