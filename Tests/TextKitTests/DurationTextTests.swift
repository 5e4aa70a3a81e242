import Foundation
import Testing
import TextKit

@Suite("Durations and dates people type")
struct DurationTextTests {
    @Test(
        "durations",
        arguments: [
            ("90s", 90), ("45m", 2700), ("12h", 43200), ("7d", 604_800), ("4w", 2_419_200),
            (" 30D ", 2_592_000),
        ] as [(String, Int64)])
    func durations(text: String, seconds: Int64) {
        #expect(DurationText.seconds(text) == seconds)
    }

    @Test(
        "not durations", arguments: ["", "7", "d", "0d", "-1d", "1y", "1.5h", "99999999999999999w"])
    func notDurations(text: String) {
        #expect(DurationText.seconds(text) == nil)
    }

    @Test("ISO 8601 dates")
    func dates() {
        #expect(DurationText.date("2027-03-01") == Date(timeIntervalSince1970: 1_803_859_200))
        #expect(
            DurationText.date("2027-03-01T12:00Z") == Date(timeIntervalSince1970: 1_803_902_400))
        #expect(
            DurationText.date("2027-03-01T12:00:30Z") == Date(timeIntervalSince1970: 1_803_902_430))
        #expect(
            DurationText.date("2027-03-01T14:00+02:00")
                == Date(timeIntervalSince1970: 1_803_902_400))
        #expect(DurationText.date("2027-02-30") == nil)
        #expect(DurationText.date("tomorrow") == nil)
        #expect(DurationText.date("03/01/2027") == nil)
    }
}

@Suite("Durations in words")
struct DurationWordsTests {
    static let cases: [(Int64, String)] = [
        (365 * 86400, "1 year"), (90 * 86400, "90 days"), (86400, "1 day"),
        (12 * 3600, "12 hours"), (30 * 86400 + 42 * 60, "30 days"), (716 * 3600, "30 days"),
        (29 * 86400 + 11 * 3600, "29 days"), (5 * 3600 + 20 * 60, "5 hours"),
        (45 * 60, "45m 00s"),
    ]

    @Test(
        "whole years; days from 2 days on, rounded (in 30 days, never 716 hours); hours from 2 hours",
        arguments: Self.cases)
    func words(seconds: Int64, expected: String) {
        #expect(DurationText.describe(seconds: seconds) == expected)
    }
}
