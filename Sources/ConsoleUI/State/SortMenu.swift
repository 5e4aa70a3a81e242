/// The sort menu (`o`, F6): the columns on screen, to pick one directly.
public struct SortMenu: Sendable, Hashable {
    /// The columns offered, in the order of the cycle.
    public var columns: [SortColumn]
    /// The highlighted row.
    public var index: Int

    /// A menu of `columns`, on the current sort column when it is among them.
    public init(columns: [SortColumn], current: SortColumn) {
        self.columns = columns
        index = columns.firstIndex(of: current) ?? 0
    }

    /// Moves the highlight by `step`, staying on the menu.
    public mutating func move(by step: Int) {
        index = min(max(0, index + step), columns.count - 1)
    }

    /// The highlighted column.
    public var chosen: SortColumn? { columns.indices.contains(index) ? columns[index] : nil }
}
