import Foundation

/// Dates as the console writes them, in a given time zone.
package enum DateText {
    package static func components(_ date: Date, _ zone: TimeZone) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    }

    /// `date` as ``iso8601(epochSeconds:)`` writes it: to the second, the fraction dropped, as
    /// `date.formatted(.iso8601)` does.
    package static func iso8601(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let bound = Double(1 << 45)
        return iso8601(epochSeconds: seconds.isNaN ? 0 : Int64(min(max(seconds, -bound), bound)))
    }

    /// `2026-11-22T20:14:03Z`: ISO 8601 in UTC, as `Date.ISO8601FormatStyle` writes it, by
    /// arithmetic alone (a 10,000-key list formats 20,000 dates).
    package static func iso8601(epochSeconds: Int64) -> String {
        // Beyond a million years either way the date is nonsense; clamped, it cannot overflow.
        let epochSeconds = min(max(epochSeconds, -(1 << 45)), 1 << 45)
        let days = epochSeconds >= 0 ? epochSeconds / 86400 : (epochSeconds - 86399) / 86400
        let second = epochSeconds - days * 86400
        // Howard Hinnant's days_from_civil, inverted.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let yearText = year >= 0 && year < 10000 ? four(Int(year)) : String(year)
        return "\(yearText)-\(two(Int(month)))-\(two(Int(day)))T\(two(Int(second / 3600)))"
            + ":\(two(Int(second % 3600 / 60))):\(two(Int(second % 60)))Z"
    }

    private static func four(_ value: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, 4 - text.count)) + text
    }

    /// `2026-11-22`.
    package static func day(_ date: Date, _ zone: TimeZone) -> String {
        let c = components(date, zone)
        return "\(c.year!)-\(two(c.month!))-\(two(c.day!))"
    }

    /// `2026-11-22 20:14`.
    package static func minute(_ date: Date, _ zone: TimeZone) -> String {
        let c = components(date, zone)
        return day(date, zone) + " \(two(c.hour!)):\(two(c.minute!))"
    }

    /// `20:14:03`.
    package static func time(_ date: Date, _ zone: TimeZone) -> String {
        let c = components(date, zone)
        return "\(two(c.hour!)):\(two(c.minute!)):\(two(c.second!))"
    }

    /// `2026-11-22 20:14:03 UTC`.
    package static func full(_ date: Date, _ zone: TimeZone) -> String {
        day(date, zone) + " " + time(date, zone) + " " + zoneName(zone, at: date)
    }

    /// The zone as the console names it: `UTC`, or its abbreviation at `date` (`CET`).
    package static func zoneName(_ zone: TimeZone, at date: Date) -> String {
        isUTC(zone, at: date) ? "UTC" : (zone.abbreviation(for: date) ?? zone.identifier)
    }

    /// The zone for a column of dates that may fall either side of a daylight-saving change:
    /// `UTC`, else the zone's place (`Paris`, `New York`), else its abbreviation.
    package static func placeName(_ zone: TimeZone, at date: Date) -> String {
        if isUTC(zone, at: date) { return "UTC" }
        let parts = zone.identifier.split(separator: "/")
        guard parts.count > 1, let place = parts.last else {
            return zone.abbreviation(for: date) ?? zone.identifier
        }
        return place.replacingOccurrences(of: "_", with: " ")
    }

    /// Whether the zone is UTC (or an alias of it) at `date`.
    package static func isUTC(_ zone: TimeZone, at date: Date) -> Bool {
        zone.secondsFromGMT(for: date) == 0
            && ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Universal", "Zulu"].contains(zone.identifier)
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
