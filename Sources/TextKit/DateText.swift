import Foundation

/// Dates as the console writes them, in a given time zone.
package enum DateText {
    package static func components(_ date: Date, _ zone: TimeZone) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
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
