import Foundation
import TextKit

/// When a new key expires: never, or at a moment in time. On the wire `"never"` or epoch seconds.
public enum Expiry: Codable, Sendable, Hashable {
    /// The key never expires.
    case never
    /// The key expires at this many seconds since 1970.
    case at(epochSeconds: Int64)

    /// The latest expiry keyconsole accepts or sends: 9999-12-31T23:59:59Z.
    public static let latestEpochSeconds: Int64 = DurationText.latestEpochSeconds

    /// An expiry at `date`, rounded down to the second, and kept within 1970 to the end of 9999
    /// (callers refuse dates outside it before they get here).
    public static func at(_ date: Date) -> Expiry {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard seconds.isFinite else { return .at(epochSeconds: latestEpochSeconds) }
        return .at(epochSeconds: Int64(min(max(seconds, 0), Double(latestEpochSeconds))))
    }

    /// Why a date cannot be a new key's expiry.
    public enum DateProblem: Error, Sendable, Hashable {
        /// The date is not after now.
        case past(Date)
        /// The date is after 9999-12-31T23:59:59Z.
        case afterYear9999
    }

    /// The expiry at `date` for a key created at `now`: after `now`, and not after the year 9999.
    public static func at(_ date: Date, createdAt now: Date) throws(DateProblem) -> Expiry {
        guard date > now else { throw .past(date) }
        guard date.timeIntervalSince1970 <= Double(latestEpochSeconds) else {
            throw .afterYear9999
        }
        return .at(date)
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
