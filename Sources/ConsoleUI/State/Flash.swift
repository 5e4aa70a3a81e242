import Foundation

/// A message on the flash line that clears itself.
public struct Flash: Sendable, Hashable {
    /// How it reads.
    public enum Level: Sendable, Hashable { case info, error }

    /// The text.
    public var text: String
    /// Info or error.
    public var level: Level
    /// When it goes away.
    public var until: Date

    /// Creates a flash message.
    public init(_ text: String, level: Level, until: Date) {
        self.text = text
        self.level = level
        self.until = until
    }
}
