/// What a binding does in the list screen.
public enum Action: String, Sendable, Hashable, CaseIterable {
    case moveUp, moveDown, pageUp, pageDown, top, bottom
    case details, filter, toggleExpiring, cycleSort, reverseSort, refresh, help, quit
    // The dialogs: create, revoke, rotate, mark, region picker, copy id.
    case newKey, revoke, rotate, mark, regionPicker, copyId
}
