import Foundation

/// What the view needs besides the state: size, terminal capabilities, time and time zone.
public struct ViewContext: Sendable, Hashable {
    public var width: Int
    public var height: Int
    public var capabilities: Capabilities
    public var now: Date
    /// The zone for local times (UTC in snapshot tests).
    public var timeZone: TimeZone

    /// Creates a context.
    public init(width: Int, height: Int, capabilities: Capabilities, now: Date, timeZone: TimeZone)
    {
        self.width = width
        self.height = height
        self.capabilities = capabilities
        self.now = now
        self.timeZone = timeZone
    }

    /// The smallest size the console draws in; below it, a note asks for more room.
    public static let minimumWidth = 30
    /// See ``minimumWidth``.
    public static let minimumHeight = 8
}
