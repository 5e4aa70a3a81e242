/// What a cell means; the terminal driver turns it into colours and attributes.
public enum StyleRole: Character, Sendable, Hashable, CaseIterable {
    case normal = "."
    case title = "T"
    case header = "H"
    case columnHeader = "U"
    case owner = "O"
    case `operator` = "P"
    case viewer = "V"
    case custom = "C"
    case urgent = "R"
    case warning = "Y"
    case muted = "M"
    case selected = "S"
    case hintKey = "k"
    case hint = "h"
    case error = "E"
    case info = "I"
    case border = "B"
    case disabled = "D"
    case accent = "A"
}

/// The look of one cell: a role plus attributes that work without colour.
public struct Style: Sendable, Hashable {
    /// What the cell means.
    public var role: StyleRole
    /// Bold text.
    public var bold: Bool
    /// Reversed video (used for the selection in monochrome).
    public var reverse: Bool
    /// Underlined text.
    public var underline: Bool

    /// Creates a style.
    public init(
        _ role: StyleRole, bold: Bool = false, reverse: Bool = false, underline: Bool = false
    ) {
        self.role = role
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
    }

    /// Plain text.
    public static let normal = Style(.normal)
}
