import Foundation
import MomentoKeys
import ScreenModel
import TextKit

/// The console's look: `view(state, context) -> Screen`. Pure.
public enum ConsoleView {
    /// The whole screen for this state.
    public static func render(_ state: ConsoleState, _ context: ViewContext) -> Screen {
        var screen = Screen(width: state.width, height: state.height)
        guard state.width >= ViewContext.minimumWidth, state.height >= ViewContext.minimumHeight
        else {
            tooSmall(&screen, state)
            if !context.capabilities.unicode { screen.restrictToASCII() }
            return screen
        }
        let glyphs = context.capabilities.glyphs
        header(&screen, state, context, glyphs)
        list(&screen, state, context, glyphs)
        if state.overlay != nil || state.help != nil {
            // Panes are drawn over the list, which stays in view around them, dimmed.
            for row in 2..<(state.height - 2) { screen.paint(row: row, style: Style(.disabled)) }
        }
        footer(&screen, state, context, glyphs)
        switch state.overlay {
        case .details?: DetailsPane.draw(&screen, state, context)
        case .journal?: JournalPane.draw(&screen, state, context)
        case .revoke(let dialog)?: RevokePane.draw(&screen, dialog, state, context)
        case .bulkRevoke(let dialog)?: BulkRevokePane.draw(&screen, dialog, state, context)
        case .regionPicker(let picker)?: RegionPickerPane.draw(&screen, picker, state, context)
        case .sortMenu(let menu)?: SortMenuPane.draw(&screen, menu, state, context)
        case .accountMenu(let menu)?: AccountMenuPane.draw(&screen, menu, state, context)
        case .create(let dialog)?: CreatePane.draw(&screen, dialog, state, context)
        case .secret(let panel)?: SecretPane.draw(&screen, panel, state, context)
        case .rotateFinish(let finish)?: RotateFinishPane.draw(&screen, finish, state, context)
        case nil: break
        }
        if let help = state.help { HelpPane.draw(&screen, help, state, context) }
        if !context.capabilities.unicode { screen.restrictToASCII() }
        return screen
    }

    private static func tooSmall(_ screen: inout Screen, _ state: ConsoleState) {
        let lines = [
            "Terminal too small",
            "need \(ViewContext.minimumWidth)x\(ViewContext.minimumHeight), have \(state.width)x\(state.height)",
        ]
        for (offset, line) in lines.enumerated() {
            let row = state.height / 2 - 1 + offset
            let text = DisplayWidth.truncate(line, to: state.width, ellipsis: "")
            screen.put(
                text, row: row, column: max(0, (state.width - DisplayWidth.of(text)) / 2),
                style: Style(.warning, bold: offset == 0))
        }
    }

    // MARK: Header

    // MARK: List

    // MARK: Footer

    /// A key id shortened to 8 characters and an ellipsis.
    static func short(_ id: String, _ glyphs: Glyphs) -> String {
        let clean = TextSanitizer.inert(id)
        return clean.count > 8 ? String(clean.prefix(8)) + glyphs.ellipsis : clean
    }
}
