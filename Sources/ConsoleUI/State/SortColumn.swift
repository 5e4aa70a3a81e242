/// The columns `s` cycles through.
public enum SortColumn: String, Sendable, Hashable, CaseIterable {
    case expiry, issued, role, description, id

    /// The next column in the cycle.
    public var next: SortColumn {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}
