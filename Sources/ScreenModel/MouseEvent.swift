/// A mouse event the terminal reported: a click or a turn of the wheel, at a cell.
public struct MouseEvent: Sendable, Hashable {
    /// What the mouse did.
    public enum Kind: Sendable, Hashable {
        case click, wheelUp, wheelDown
    }

    /// What the mouse did.
    public var kind: Kind
    /// The row of the cell, from 0 at the top.
    public var row: Int
    /// The column of the cell, from 0 at the left.
    public var column: Int

    /// An event of `kind` at (`row`, `column`).
    public init(_ kind: Kind, row: Int, column: Int) {
        self.kind = kind
        self.row = row
        self.column = column
    }
}
