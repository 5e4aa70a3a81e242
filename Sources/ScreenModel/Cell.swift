/// One screen cell: a character, how many columns it takes, and its style.
public struct Cell: Sendable, Hashable {
    /// The character; a space for blank cells and for the right half of a wide character.
    public var character: Character
    /// Display width: 1, 2 for a wide character, 0 for the cell a wide character covers.
    public var width: UInt8
    /// The cell's style.
    public var style: Style

    /// Creates a cell.
    public init(_ character: Character = " ", width: UInt8 = 1, style: Style = .normal) {
        self.character = character
        self.width = width
        self.style = style
    }
}
