/// What a key does, for the headings of the help.
public enum KeyGroup: String, Sendable, Hashable, CaseIterable {
    case move, find, act, account, console

    /// The heading the help gives the group.
    public var title: String {
        switch self {
        case .move: "Move"
        case .find: "Find and sort"
        case .act: "Act on keys"
        case .account: "Account"
        case .console: "Console"
        }
    }
}
