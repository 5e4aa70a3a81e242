/// Why the console could not take over the terminal.
public enum TerminalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// stdin or stdout is not a terminal.
    case notATerminal(String)
    /// ncurses does not know `$TERM`, or it cannot move the cursor (`dumb`).
    case unknownTerminal(String)

    /// A sentence for a person.
    public var description: String {
        switch self {
        case .notATerminal(let which):
            "The console needs a terminal, but \(which) is not one. For scripts, use"
                + " `keyconsole list` and the other subcommands (see --help)."
        case .unknownTerminal(let term):
            "The terminal type \"\(term)\" is unknown to ncurses, or cannot move the cursor."
                + " Try TERM=xterm-256color, or install its terminfo entry (Debian: ncurses-term)."
        }
    }
}
