import ArgumentParser
import Foundation
import KeyconsoleCore
import MomentoKeys
import TextKit

/// A new key's expiry: a duration, a date, or never; 30 days when none is given.
struct ExpiryOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp("Expire after this long (90s, 45m, 12h, 7d, 4w).", valueName: "duration")
    )
    var expiresIn: DurationArgument?

    @Option(
        help: ArgumentHelp(
            "Expire at this ISO 8601 date (2027-03-01, 2027-03-01T12:00Z).", valueName: "date"))
    var expiresAt: DateArgument?

    @Flag(help: "Never expire (not recommended).")
    var neverExpires = false

    func validate() throws {
        let choices = [expiresIn != nil, expiresAt != nil, neverExpires].filter { $0 }.count
        guard choices <= 1 else {
            throw ValidationError(
                "Give at most one of --expires-in, --expires-at, --never-expires.")
        }
    }

    /// The expiry the options give at `now`: 30 days from now when none was given.
    func expiry(now: Date) throws(CLIError) -> Expiry {
        if neverExpires { return .never }
        let date =
            expiresAt?.date
            ?? now.addingTimeInterval(TimeInterval(expiresIn?.seconds ?? 30 * 86400))
        do throws(Expiry.DateProblem) {
            return try .at(date, createdAt: now)
        } catch {
            switch error {
            case .past(let date):
                throw CLIError("The expiry \(DateText.iso8601(date)) is in the past.")
            case .afterYear9999:
                throw CLIError("The expiry is after the year 9999; choose an earlier one.")
            }
        }
    }
}
