import ScreenModel
import TextKit

/// The account a new key is created in, with several accounts; a read-only one says so.
enum AccountMenuPane {
    static func draw(
        _ screen: inout Screen, _ menu: AccountMenu, _ state: ConsoleState, _ context: ViewContext
    ) {
        let glyphs = context.capabilities.glyphs
        let box = Box.centred(width: 40, height: menu.profiles.count + 4, on: screen)
        box.draw(on: &screen, title: "New key in which account?", glyphs: glyphs)
        for (line, profile) in menu.profiles.enumerated() {
            let selected = line == menu.index
            let readOnly = state.accounts.indices.contains(line) && state.accounts[line].readOnly
            let text =
                (selected ? glyphs.selection : " ") + " " + TextSanitizer.inert(profile)
                + (readOnly ? " (read-only)" : "")
            box.put(
                DisplayWidth.truncate(text, to: box.innerWidth, ellipsis: glyphs.ellipsis),
                line: line, on: &screen,
                style: selected
                    ? Style(.selected, bold: true, reverse: true)
                    : readOnly ? Style(.muted) : .normal)
        }
        box.hints(menu.keyContext, state: state, capabilities: context.capabilities, on: &screen)
    }
}
