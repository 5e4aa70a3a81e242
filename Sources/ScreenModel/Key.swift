/// A key press, as the terminal driver reports it.
public enum Key: Sendable, Hashable {
    case character(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, backspace, tab, delete
    /// Shift-Tab.
    case backTab
    case controlC
    /// Ctrl-Z: suspend (raw mode turns it into a key rather than SIGTSTP).
    case controlZ
    /// The F1 function key.
    case f1
    /// The F6 function key (htop's sort menu).
    case f6
    /// Text pasted in one piece (bracketed paste).
    case paste(String)
    /// A click or a turn of the wheel (only while mouse reporting is on).
    case mouse(MouseEvent)
    /// A key the console does not use.
    case other
}

extension Key {
    /// Whether it is a paste (which never confirms anything).
    public var isPaste: Bool {
        if case .paste = self { return true }
        return false
    }
}
