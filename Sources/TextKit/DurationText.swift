import Foundation

/// Reads the durations and dates people type: `90s`, `45m`, `12h`, `7d`, `4w`; ISO 8601 dates
/// (`2027-03-01`, `2027-03-01T12:00Z`, `2027-03-01T12:00:00+02:00`). Strictly: every field in
/// its range (no 25:00 rolling over into the next day), nothing after the year 9999.
public enum DurationText {
    /// The last second of the year 9999 (UTC), the latest expiry any key may have.
    public static let latestEpochSeconds: Int64 = 253_402_300_799

    /// Seconds in a duration such as `7d`, or `nil` when it is not one or reaches past the
    /// year 9999 even from 1970.
    public static func seconds(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let unit = trimmed.last else { return nil }
        let digits = trimmed.dropLast()
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let value = Int64(digits), value > 0
        else { return nil }
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
        guard !overflow, product <= latestEpochSeconds else { return nil }
        return product
    }

    /// How long ago, roughly: `just now`, `45 s ago`, `3 min ago`, `2 h ago`, `3 days ago`.
    public static func ago(_ seconds: TimeInterval) -> String {
        let whole = Int64(max(0, min(seconds, 1e15)))
        switch whole {
        case ..<5: return "just now"
        case ..<60: return "\(whole) s ago"
        case ..<3600: return "\(whole / 60) min ago"
        case ..<(2 * 86400): return "\(whole / 3600) h ago"
        default: return "\(whole / 86400) days ago"
        }
    }

    /// A date in ISO 8601 between 1970 and the end of 9999; a bare day is midnight UTC. A time
    /// takes hours and minutes, optional seconds (and fraction), and `Z` or an offset.
    public static func date(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let pattern =
            /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(?:([Zz])|([+-])(\d{2}):?(\d{2})))?$/
        guard let match = trimmed.wholeMatch(of: pattern) else { return nil }
        func number(_ text: Substring?) -> Int { text.flatMap { Int($0) } ?? 0 }
        let (year, month, day) = (number(match.1), number(match.2), number(match.3))
        let (hour, minute, second) = (number(match.4), number(match.5), number(match.6))
        guard (1970...9999).contains(year), (1...12).contains(month), (1...31).contains(day),
            (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
        else { return nil }
        var offset = 0
        if let sign = match.9 {
            let (offsetHours, offsetMinutes) = (number(match.10), number(match.11))
            guard offsetHours <= 23, offsetMinutes <= 59 else { return nil }
            offset = (offsetHours * 3600 + offsetMinutes * 60) * (sign == "-" ? -1 : 1)
        }
        guard let days = daysSince1970(year: year, month: month, day: day) else { return nil }
        let fraction = match.7.flatMap { Double("0" + $0) } ?? 0
        let seconds = Int64(days) * 86400 + Int64(hour * 3600 + minute * 60 + second - offset)
        guard seconds >= 0,
            seconds < latestEpochSeconds
                || (seconds == latestEpochSeconds && fraction == 0)
        else { return nil }
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Days from 1970-01-01 to a valid proleptic Gregorian date, or `nil` when the day does
    /// not exist in that month (2027-02-30).
    package static func daysSince1970(year: Int, month: Int, day: Int) -> Int? {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= lengths[month - 1] else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }
}

extension DurationText {
    /// A length of time as people say it: whole years, else days from 2 days on (rounded:
    /// `30 days`, never `716 hours`), else hours from 2 hours on, else a countdown (`45m 00s`).
    public static func describe(seconds: Int64) -> String {
        func plural(_ value: Int64, _ unit: String) -> String {
            "\(value) \(unit)\(value == 1 ? "" : "s")"
        }
        if seconds > 0, seconds % (365 * 86400) == 0 {
            return plural(seconds / (365 * 86400), "year")
        }
        if seconds > 0, seconds % 86400 == 0 { return plural(seconds / 86400, "day") }
        // Rounded without adding first: no length overflows.
        if seconds >= 2 * 86400 {
            return plural(seconds / 86400 + (seconds % 86400 >= 43200 ? 1 : 0), "day")
        }
        if seconds >= 2 * 3600 {
            return plural(seconds / 3600 + (seconds % 3600 >= 1800 ? 1 : 0), "hour")
        }
        if seconds > 0, seconds % 3600 == 0 { return plural(seconds / 3600, "hour") }
        return Countdown.text(secondsLeft: seconds)
    }
}
