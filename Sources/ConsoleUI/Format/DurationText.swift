import Foundation

/// Reads the durations and dates people type: `90s`, `45m`, `12h`, `7d`, `4w`; ISO 8601 dates
/// (`2027-03-01`, `2027-03-01T12:00Z`, `2027-03-01T12:00:00+02:00`).
public enum DurationText {
    /// Seconds in a duration such as `7d`, or `nil` when it is not one.
    public static func seconds(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let unit = trimmed.last, let value = Int64(trimmed.dropLast()), value > 0 else {
            return nil
        }
        let multiplier: Int64
        switch unit {
        case "s": multiplier = 1
        case "m": multiplier = 60
        case "h": multiplier = 3600
        case "d": multiplier = 86400
        case "w": multiplier = 7 * 86400
        default: return nil
        }
        let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : product
    }

    /// A date in ISO 8601; a bare day is midnight UTC.
    public static func date(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let day = /^(\d{4})-(\d{2})-(\d{2})$/
        if let match = trimmed.wholeMatch(of: day) {
            let components = DateComponents(
                year: Int(match.1), month: Int(match.2), day: Int(match.3))
            guard let date = utc.date(from: components),
                utc.dateComponents([.year, .month, .day], from: date) == components
            else { return nil }
            return date
        }
        let withSeconds =
            trimmed.range(of: #"T\d{2}:\d{2}(Z|[+-])"#, options: .regularExpression)
            .map { _ in
                trimmed.replacingOccurrences(
                    of: #"(T\d{2}:\d{2})"#, with: "$1:00", options: .regularExpression)
            }
            ?? trimmed
        return try? Date(withSeconds, strategy: .iso8601)
    }
}

extension DurationText {
    /// A length of time in the largest whole unit (`1 year`, `90 days`, `12 hours`), or as a
    /// countdown (`30d 00h`) when no unit divides it.
    public static func describe(seconds: Int64) -> String {
        func plural(_ value: Int64, _ unit: String) -> String {
            "\(value) \(unit)\(value == 1 ? "" : "s")"
        }
        if seconds > 0, seconds % (365 * 86400) == 0 {
            return plural(seconds / (365 * 86400), "year")
        }
        if seconds > 0, seconds % 86400 == 0 { return plural(seconds / 86400, "day") }
        if seconds > 0, seconds % 3600 == 0 { return plural(seconds / 3600, "hour") }
        return Countdown.text(secondsLeft: seconds)
    }
}
