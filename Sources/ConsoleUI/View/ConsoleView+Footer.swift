import Foundation
import MomentoKeys
import ScreenModel
import TextKit

extension ConsoleView {
    static func footer(
        _ screen: inout Screen, _ state: ConsoleState, _ context: ViewContext, _ glyphs: Glyphs
    ) {
        let flashRow = state.height - 2
        let hintRow = state.height - 1
        let message = state.flashLines
        if state.editingFilter {
            let x = screen.put("/", row: flashRow, column: 1, style: Style(.hintKey, bold: true))
            let (text, cursor) = state.filterEditor.window(width: state.width - 4)
            screen.put(text, row: flashRow, column: 1 + x)
            screen.putCursor(
                state.filterEditor, row: flashRow, column: 1 + x + cursor, glyph: glyphs.cursor)
        } else if !message.isEmpty {
            // A long message wraps upwards over the list's last rows (at most 3 lines, which
            // the list gives up) rather than being cut.
            let style =
                switch state.flash?.level {
                case .error?: Style(.error, bold: true)
                case .info?: Style(.info)
                case nil: Style(.warning)
                }
            for (index, line) in message.enumerated() {
                let row = flashRow - (message.count - 1) + index
                screen.clear(row: row, column: 0, width: state.width, height: 1)
                screen.put(
                    " "
                        + DisplayWidth.truncate(
                            line, to: state.width - 2, ellipsis: glyphs.ellipsis),
                    row: row, column: 0, style: style)
            }
        } else if !state.filter.isEmpty {
            screen.put(
                " filter: \(state.filter)  (/ edit, Esc clear)", row: flashRow, column: 0,
                style: Style(.muted), limit: state.width)
        } else if !state.canManage && !state.readOnly {
            let role = state.ownRoleIdHere.map(state.roleName) ?? "this key's role"
            let disabled = Keymap.bindings(.list).filter {
                $0.hint != nil && !state.choosesAccount($0.action)
                    && Keymap.disabledReason($0, readOnly: false, canManage: false) != nil
            }.map { $0.label(unicode: context.capabilities.unicode) }
            // With several accounts, the selected key's account's key (n and M ask the account).
            let whose = state.selectedAccount.map { "\(state.accounts[$0].profile)'s " } ?? ""
            let what = state.isSeveral ? "revoke or rotate" : "create, revoke or rotate"
            screen.put(
                TextSanitizer.inert(
                    " View only: \(whose)\(role) cannot \(what) keys"
                        + " (\(disabled.joined(separator: " ")) disabled)"),
                row: flashRow, column: 0, style: Style(.warning), limit: state.width)
        }
        // The keys of the context in force; a pane and the help have their own hint line,
        // so under them the line has only the keys that work everywhere.
        let bindings: [Binding]
        switch (state.overlay, state.help) {
        case (nil, nil): bindings = Keymap.bindings(state.keyContext)
        case (_, nil): bindings = Keymap.global
        default: bindings = []
        }
        // Read-only mode says so where the missing keys would be.
        var hintColumn = 1
        if state.readOnlyHere {
            // With several accounts, the selected key's account when only it is read-only.
            let label =
                state.readOnly
                ? "READ-ONLY"
                : "READ-ONLY " + (state.selectedAccount.map { state.accounts[$0].profile } ?? "")
            hintColumn +=
                screen.put(
                    TextSanitizer.inert(label), row: hintRow, column: 1,
                    style: Style(.warning, bold: true)) + 2
        }
        HintBar(
            bindings, state: state, unicode: context.capabilities.unicode,
            width: state.width - hintColumn
        ).draw(on: &screen, row: hintRow, column: hintColumn)
    }
}
