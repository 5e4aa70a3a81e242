import Foundation
import TextKit

extension Countdown {
    /// Whole seconds left at `now`; `nil` when the key never expires.
    public static func secondsLeft(_ key: ApiKeyInfo, now: Date) -> Int64? {
        let nowSeconds = Int64(now.timeIntervalSince1970.rounded(.down))
        return key.expiresAtEpochSeconds.map { secondsLeft(expiry: $0, nowSeconds: nowSeconds) }
    }

    /// Whole seconds from `nowSeconds` to `expiry` (both epoch seconds), saturating: a server
    /// may send any integer, and no answer may crash the process.
    @inlinable
    public static func secondsLeft(expiry: Int64, nowSeconds: Int64) -> Int64 {
        let (left, overflow) = expiry.subtractingReportingOverflow(nowSeconds)
        return overflow ? (expiry < 0 ? .min : .max) : left
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
            let left = expiry.map { secondsLeft(expiry: $0, nowSeconds: now) }
            counts[urgency(secondsLeft: left).rawValue] += 1
        }
        var tally = [Urgency: Int]()
        for urgency in Urgency.allCases where counts[urgency.rawValue] > 0 {
            tally[urgency] = counts[urgency.rawValue]
        }
        return tally
    }
}

extension ApiKeyInfo {
    /// Expiry minus issue date in seconds, when the key expires after it was issued; `nil`
    /// when it never expires or the server's dates do not make a length (no overflow).
    public var lifetimeSeconds: Int64? {
        guard let expires = expiresAtEpochSeconds else { return nil }
        let (lifetime, overflow) = expires.subtractingReportingOverflow(issuedAtEpochSeconds)
        return overflow || lifetime <= 0 ? nil : lifetime
    }

    /// How long ago it was issued, at `nowSeconds` (0 for an issue date in the future; no
    /// overflow whatever the server says).
    public func ageSeconds(at nowSeconds: Int64) -> Int64 {
        let (age, overflow) = nowSeconds.subtractingReportingOverflow(issuedAtEpochSeconds)
        return overflow ? (issuedAtEpochSeconds < 0 ? .max : 0) : max(0, age)
    }
}
