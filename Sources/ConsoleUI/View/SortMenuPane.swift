import ScreenModel
import TextKit

/// The sort menu: the columns on screen, the sorted one marked with its direction.
enum SortMenuPane {
    static func draw(
        _ screen: inout Screen, _ menu: SortMenu, _ state: ConsoleState, _ context: ViewContext
    ) {
        let glyphs = context.capabilities.glyphs
        let rows = menu.columns.map { column -> MenuPane.Row in
            var text = column.title
            if column == state.sort {
                text +=
                    " "
                    + (column.ascending(reversed: state.reversed)
                        ? glyphs.ascending : glyphs.descending)
            }
            return (text, .normal)
        }
        MenuPane.draw(
            &screen, title: "Sort by", width: 30, rows: rows, index: menu.index,
            keys: menu.keyContext, state, context)
    }
}

extension SortMenu {
    /// The keymap in force.
    var keyContext: KeyContext { .sortMenu }
}
