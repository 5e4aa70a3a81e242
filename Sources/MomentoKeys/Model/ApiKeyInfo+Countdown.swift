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
        tally(expiries: keys.lazy.map(\.expiresAtEpochSeconds), now: now)
    }

    /// How many of the expiries (epoch seconds; `nil`: never) fall in each urgency bucket at
    /// `now`: one pass of integer comparisons (the header counts 100,000 shown keys a frame;
    /// inlinable, so the caller's sequence is specialised, not walked through generic
    /// metadata).
    @inlinable
    public static func tally(expiries: some Sequence<Int64?>, now: Date) -> [Urgency: Int] {
        let now = Int64(now.timeIntervalSince1970.rounded(.down))
        var counts = [Int](repeating: 0, count: Urgency.allCases.count)
        for expiry in expiries {
            let left: Int64?
            if let expiry {
                // Saturating, as secondsLeft: a server may send any integer.
                let (difference, overflow) = expiry.subtractingReportingOverflow(now)
                left = overflow ? (expiry < 0 ? .min : .max) : difference
            } else {
                left = nil
            }
            counts[urgency(secondsLeft: left).rawValue] += 1
        }
        var tally = [Urgency: Int]()
        for urgency in Urgency.allCases where counts[urgency.rawValue] > 0 {
            tally[urgency] = counts[urgency.rawValue]
        }
        return tally
    }
}
