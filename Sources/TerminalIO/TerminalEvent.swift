import ScreenModel

/// What the terminal reports.
public enum TerminalEvent: Sendable, Hashable {
    /// A key press.
    case key(Key)
    /// The terminal changed size.
    case resized(width: Int, height: Int)
    /// SIGTERM, SIGHUP or SIGINT arrived.
    case signal(Int32)
    /// SIGTSTP arrived: suspend as Ctrl-Z does.
    case suspend
}
