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
    /// Whether the value has the shape of a key or token: the characters of base64 and JWTs
    /// (letters, digits, `-_.+/=`) and at most 16 KiB. Only such a value is put on the
    /// clipboard.
    public var isKeyShaped: Bool {
        !exposedValue.isEmpty && exposedValue.utf8.count <= 16 << 10
            && exposedValue.utf8.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A)
                    || ($0 >= 0x61 && $0 <= 0x7A)
                    || [0x2D, 0x5F, 0x2E, 0x2B, 0x2F, 0x3D].contains($0)
            }
    }

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
