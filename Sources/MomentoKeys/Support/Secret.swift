/// A secret string (an API key, a refresh token) that never prints itself.
///
/// `description`, `debugDescription` and string interpolation show `<redacted>`, so a secret
/// that slips into a log line, an error message or a crash report stays hidden. Read the value
/// only where it must leave the process on purpose: an HTTP header, a file the user asked for.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The secret value itself.
    public let exposedValue: String

    /// Wraps a secret value.
    public init(_ value: String) {
        self.exposedValue = value
    }

    /// `<redacted>`.
    public var description: String { "<redacted>" }
    /// `Secret(<redacted>)`.
    public var debugDescription: String { "Secret(<redacted>)" }
    /// A mirror with no children, so `dump` shows nothing of the value.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// The first and last `visible` characters with the middle replaced by `ellipsis`; a value
    /// too short to show any of it is all `hidden` characters.
    public func masked(visible: Int = 6, ellipsis: String = "…", hidden: String = "•")
        -> String
    {
        let characters = Array(exposedValue)
        guard characters.count > visible * 2 + 3 else {
            return String(repeating: hidden, count: max(characters.count, 8))
        }
        return String(characters.prefix(visible)) + ellipsis + String(characters.suffix(visible))
    }
}
