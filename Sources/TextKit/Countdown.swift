import Foundation

/// How long a key has left, as the console and `keyconsole list` show it.
public enum Countdown {
    /// How pressing the expiry of a key is.
    public enum Urgency: Int, Sendable, Hashable, Comparable, CaseIterable {
        /// Past expiry.
        case expired
        /// Under 24 hours left.
        case underDay
        /// Under 7 days left.
        case underWeek
        /// 7 days or more.
        case later
        /// Never expires.
        case never

        public static func < (lhs: Urgency, rhs: Urgency) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// `12d 04h` (2 days or more), `23h 59m` (1 hour to 2 days), `59m 59s` (under an hour),
    /// `EXPIRED`, or `never`.
    public static func text(secondsLeft: Int64?) -> String {
        guard let left = secondsLeft else { return "never" }
        guard left > 0 else { return "EXPIRED" }
        let days = left / 86400
        let hours = left % 86400 / 3600
        let minutes = left % 3600 / 60
        let seconds = left % 60
        if left >= 2 * 86400 { return "\(days)d \(pad(hours))h" }
        if left >= 3600 { return "\(left / 3600)h \(pad(minutes))m" }
        return "\(minutes)m \(pad(seconds))s"
    }

    /// The urgency bucket for this many seconds left.
    public static func urgency(secondsLeft: Int64?) -> Urgency {
        guard let left = secondsLeft else { return .never }
        if left <= 0 { return .expired }
        if left < 86400 { return .underDay }
        if left < 7 * 86400 { return .underWeek }
        return .later
    }

    /// Whether the countdown shows seconds (under an hour left), so it must tick every second.
    public static func showsSeconds(secondsLeft: Int64?) -> Bool {
        guard let left = secondsLeft else { return false }
        return left > 0 && left < 3600
    }

    /// The exact time left, e.g. `3 days, 4 hours, 5 minutes, 6 seconds`.
    public static func exact(secondsLeft: Int64?) -> String {
        guard let left = secondsLeft else { return "never expires" }
        guard left > 0 else { return "expired " + words(left.magnitude) + " ago" }
        return words(left.magnitude)
    }

    /// `1 day, 2 hours, 3 seconds`; `0 seconds` for none.
    private static func words(_ seconds: UInt64) -> String {
        let parts: [(UInt64, String)] = [
            (seconds / 86400, "day"), (seconds % 86400 / 3600, "hour"),
            (seconds % 3600 / 60, "minute"), (seconds % 60, "second"),
        ]
        let shown = parts.filter { $0.0 > 0 }.map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }
        return shown.isEmpty ? "0 seconds" : shown.joined(separator: ", ")
    }

    private static func pad(_ value: Int64) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
