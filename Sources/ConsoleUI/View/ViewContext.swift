import Foundation
import ScreenModel

/// What the view needs besides the state: what the terminal can show, and the time zone for
/// local times. Both are fixed for a run; the size and the time are in the state, the one
/// place both update and view read them.
public struct ViewContext: Sendable, Hashable {
    public var capabilities: Capabilities
    /// The zone for local times (UTC in snapshot tests).
    public var timeZone: TimeZone

    /// Creates a context.
    public init(capabilities: Capabilities, timeZone: TimeZone) {
        self.capabilities = capabilities
        self.timeZone = timeZone
    }

    /// The smallest size the console draws in; below it, a note asks for more room.
    public static let minimumWidth = 30
    /// See ``minimumWidth``.
    public static let minimumHeight = 8
}
