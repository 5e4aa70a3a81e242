import ScreenModel
import TextKit

/// The account a new key (or a migration) is created in, with several accounts; a read-only
/// one says so.
enum AccountMenuPane {
    static func draw(
        _ screen: inout Screen, _ menu: AccountMenu, _ state: ConsoleState, _ context: ViewContext
    ) {
        let rows = menu.profiles.enumerated().map { line, profile -> MenuPane.Row in
            let readOnly = state.accounts.indices.contains(line) && state.accounts[line].readOnly
            return (
                TextSanitizer.inert(profile) + (readOnly ? " (read-only)" : ""),
                readOnly ? Style(.muted) : .normal
            )
        }
        MenuPane.draw(
            &screen,
            title: menu.migrating ? "Migrate into which account?" : "New key in which account?",
            width: 40, rows: rows,
            index: menu.index, keys: menu.keyContext, state, context)
    }
}
