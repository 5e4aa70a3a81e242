import Foundation
import MomentoKeys
import Testing
import TextKit

/// The urgency counts the header and `check` give.
@Suite("Counting keys by urgency")
struct CountdownTallyTests {
    @Test("one pass over expiries counts as urgency(secondsLeft:) says, at the extremes too")
    func tally() {
        let now = Date(timeIntervalSince1970: 1_795_348_800.75)
        let base: Int64 = 1_795_348_800
        var generator = SystemRandomNumberGenerator()
        let expiries: [Int64?] =
            [
                nil, base, base + 1, base - 1, base + 86399, base + 86400, base + 7 * 86400 - 1,
                base + 7 * 86400, .min, .max, 0,
            ]
            + (0..<5000).map { _ in
                Bool.random(using: &generator)
                    ? nil : base + Int64.random(in: -86400 * 30...86400 * 30, using: &generator)
            }
        var expected = [Countdown.Urgency: Int]()
        for expiry in expiries {
            let key = ApiKeyInfo(
                keyId: "k", accountId: "a", description: "", roleId: "r",
                issuedAtEpochSeconds: 0, expiresAtEpochSeconds: expiry)
            expected[
                Countdown.urgency(secondsLeft: Countdown.secondsLeft(key, now: now)), default: 0] +=
                1
        }
        #expect(Countdown.tally(expiries: expiries, now: now) == expected)
        #expect(Countdown.tally(expiries: [], now: now).isEmpty)
    }
}
