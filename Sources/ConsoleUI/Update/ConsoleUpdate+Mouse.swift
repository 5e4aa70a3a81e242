import ScreenModel

/// The mouse: in the list a click selects a row or sorts by a column's title, the wheel
/// moves; elsewhere the wheel scrolls what scrolls. A confirmation takes the keyboard only.
extension ConsoleUpdate {
    /// Rows the wheel moves the list by.
    static let wheelStep = 3

    static func mouse(_ event: MouseEvent, _ state: inout ConsoleState) -> [Effect] {
        let context = state.keyContext
        guard !context.isConfirmation else { return [] }
        switch event.kind {
        case .wheelUp, .wheelDown:
            // The wheel does what the context's own keys for moving do.
            let action: Action = event.kind == .wheelUp ? .moveUp : .moveDown
            guard let key = Keymap.binding(doing: action, in: context)?.keys.first else {
                return []
            }
            var effects: [Effect] = []
            for _ in 0..<(context == .list ? wheelStep : 1) { effects += handle(key, &state) }
            return effects
        case .click:
            guard context == .list else { return [] }
            click(row: event.row, column: event.column, &state)
            return []
        }
    }

    /// A click on a column's title sorts by it (again: reversed); on a row, selects its key.
    private static func click(row: Int, column: Int, _ state: inout ConsoleState) {
        if row == ListLayout.titleRow(state) {
            guard let sort = ListLayout.of(state).sortColumn(at: column) else { return }
            if sort == state.sort {
                state.reversed.toggle()
            } else {
                state.sort = sort
                state.reversed = false
            }
            return
        }
        let visible = state.visibleKeys
        let line = row - ListLayout.firstRow(state)
        guard line >= 0, line < state.listRows else { return }
        // The update keeps the scroll within the list, as the view draws it.
        let place = state.scrollOffset + line
        guard place < visible.count else { return }
        state.selectedIndex = place
        state.selectedKeyId = visible[place].keyId
    }
}
