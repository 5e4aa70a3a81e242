/// The columns the list sorts by, in the order `s` cycles through them: LEFT (the default),
/// then the others in the order the screen shows them.
public enum SortColumn: String, Sendable, Hashable, CaseIterable {
    case expiry, role, id, description, issued

    /// The column's title in the list's header row.
    public var title: String {
        switch self {
        case .expiry: "LEFT"
        case .role: "ROLE"
        case .id: "KEY ID"
        case .description: "DESCRIPTION"
        case .issued: "ISSUED"
        }
    }

    /// Whether the list sorted by this column shows the smallest first: issue dates go newest
    /// first unless reversed, the rest smallest first unless reversed.
    public func ascending(reversed: Bool) -> Bool { (self == .issued) == reversed }

    /// The next column of the cycle that is among `shown`, the columns on screen.
    public func next(among shown: [SortColumn]) -> SortColumn {
        let all = Self.allCases
        let start = all.firstIndex(of: self) ?? 0
        for step in 1...all.count where shown.contains(all[(start + step) % all.count]) {
            return all[(start + step) % all.count]
        }
        return self
    }
}
