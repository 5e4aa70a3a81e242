import ArgumentParser
import ConsoleUI
import Foundation

/// A length of time on the command line (`90s`, `45m`, `12h`, `7d`, `4w`), read once, strictly.
struct DurationArgument: ExpressibleByArgument, CustomStringConvertible, Sendable {
    /// As typed.
    let description: String
    /// The length in seconds: positive, and no further than the year 9999 from 1970.
    let seconds: Int64

    init?(argument: String) {
        guard let seconds = DurationText.seconds(argument) else { return nil }
        self.description = argument
        self.seconds = seconds
    }
}

/// A moment on the command line in ISO 8601 (`2027-03-01`, `2027-03-01T12:00Z`), read once,
/// strictly: every field in range, between 1970 and the end of 9999.
struct DateArgument: ExpressibleByArgument, CustomStringConvertible, Sendable {
    /// As typed.
    let description: String
    /// The moment.
    let date: Date

    init?(argument: String) {
        guard let date = DurationText.date(argument) else { return nil }
        self.description = argument
        self.date = date
    }
}
