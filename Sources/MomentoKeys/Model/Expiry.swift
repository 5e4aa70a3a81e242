import Foundation

/// When a new key expires: never, or at a moment in time. On the wire `"never"` or epoch seconds.
public enum Expiry: Codable, Sendable, Hashable {
    /// The key never expires.
    case never
    /// The key expires at this many seconds since 1970.
    case at(epochSeconds: Int64)

    /// An expiry at `date`, rounded down to the second.
    public static func at(_ date: Date) -> Expiry {
        .at(epochSeconds: Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    /// The expiry date, or `nil` for `never`.
    public var date: Date? {
        switch self {
        case .never: nil
        case .at(let seconds): Date(timeIntervalSince1970: TimeInterval(seconds))
        }
    }

    /// Decodes `"never"` or an integer number of epoch seconds.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self), text == "never" {
            self = .never
        } else if let seconds = try? container.decode(Int64.self) {
            self = .at(epochSeconds: seconds)
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: Self.formatMessage)
        }
    }

    /// What a valid expiry looks like, for error messages.
    public static let formatMessage = "expiry must be \"never\" or whole epoch seconds"

    /// Encodes `"never"` or an integer number of epoch seconds.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .never: try container.encode("never")
        case .at(let seconds): try container.encode(seconds)
        }
    }
}
