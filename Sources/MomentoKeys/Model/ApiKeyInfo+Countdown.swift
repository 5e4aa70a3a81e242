import Foundation
import TextKit

extension Countdown {
    /// Whole seconds left at `now`; `nil` when the key never expires.
    public static func secondsLeft(_ key: ApiKeyInfo, now: Date) -> Int64? {
        key.expiresAtEpochSeconds.map { expires in
            // Saturating: a server may send any integer, and no answer may crash the process.
            let (left, overflow) = expires.subtractingReportingOverflow(
                Int64(now.timeIntervalSince1970.rounded(.down)))
            return overflow ? (expires < 0 ? .min : .max) : left
        }
    }

    /// How many of `keys` fall in each urgency bucket at `now`.
    public static func tally(_ keys: some Sequence<ApiKeyInfo>, now: Date) -> [Urgency: Int] {
        var counts = [Urgency: Int]()
        for key in keys {
            counts[urgency(secondsLeft: secondsLeft(key, now: now)), default: 0] += 1
        }
        return counts
    }
}
