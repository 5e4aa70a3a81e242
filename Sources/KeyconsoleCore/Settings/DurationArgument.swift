import Foundation
import TextKit

/// A length of time as typed on the command line (`90s`, `45m`, `12h`, `7d`, `4w`), read once, strictly.
package struct DurationArgument: CustomStringConvertible, Sendable {
    /// As typed.
    package let description: String
    /// The length in seconds: positive, and no further than the year 9999 from 1970.
    package let seconds: Int64

    package init?(argument: String) {
        guard let seconds = DurationText.seconds(argument) else { return nil }
        self.description = argument
        self.seconds = seconds
    }
}

/// A moment on the command line in ISO 8601 (`2027-03-01`, `2027-03-01T12:00Z`), read once,
/// strictly: every field in range, between 1970 and the end of 9999.
package struct DateArgument: CustomStringConvertible, Sendable {
    /// As typed.
    package let description: String
    /// The moment.
    package let date: Date

    package init?(argument: String) {
        guard let date = DurationText.date(argument) else { return nil }
        self.description = argument
        self.date = date
    }
}
