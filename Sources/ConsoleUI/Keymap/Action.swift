/// What a binding does. The context it is bound in says what it acts on.
public enum Action: String, Sendable, Hashable, CaseIterable {
    // The list.
    case moveUp, moveDown, previousPage, nextPage, top, bottom
    case details, filter, toggleExpiring, toggleFindings, cycleSort, reverseSort, sortMenu, refresh,
        help, quit
    case newKey, revoke, rotate, mark, clearMarks, regionPicker, copyId, clearFilter
    case finishRotations, journal, migrate, nextAccount
    // Filter editing.
    case applyFilter
    // Panes and dialogs.
    case close, cancel, confirm, edit, nextField, previousField, choosePrevious, chooseNext
    case reveal, copySecret, writeFile, storeSecret, keepBoth
    // Everywhere: Ctrl-C quits, except where it would lose a new key.
    case interrupt
    // Everywhere: Ctrl-Z stops the console until `fg`.
    case suspend
}
