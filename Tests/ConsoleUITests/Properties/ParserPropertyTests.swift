import ConsoleUI
import Foundation
import MomentoKeys
import PropertyBased
import Testing
import TextKit

/// Seeded random tests of the parsers people type into and of the sanitizer every output uses.
/// A failure prints the seed that reproduces it.
@Suite("Parsers and the sanitizer, on random input")
struct ParserPropertyTests {
    /// Characters that make parsers trip: digits, units, signs, separators, controls, wide and
    /// combining characters, bidi controls and C1 controls.
    static let nasty = Gen<Character?>.element(
        of: Array(
            "0123456789smhdwSMHDW+-.:eETZz ,_\t\n\u{1B}\u{9B}\u{85}\u{202E}\u{7F}é日\u{301}٣\u{2028}\u{061C}\u{FFF9}"
        )
            as [Character]
    ).map { $0! }.string(of: 0...24)

    static let units: [(String, Int64)] = [
        ("s", 1), ("m", 60), ("h", 3600), ("d", 86400), ("w", 604_800),
    ]

    @Test("a duration reads back as the seconds it names, whatever its size within 1970-9999")
    func durationsRoundTrip() async {
        await propertyCheck(
            input: Gen.int64(in: 1...Expiry.latestEpochSeconds), Gen.int(in: 0...4)
        ) { value, unit in
            let (suffix, multiplier) = Self.units[unit]
            let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
            let expected = !overflow && product <= Expiry.latestEpochSeconds ? product : nil
            #expect(DurationText.seconds("\(value)\(suffix)") == expected)
        }
    }

    @Test("no text crashes the duration parser; what it accepts is positive and bounded")
    func durationsNeverCrash() async {
        await propertyCheck(input: Self.nasty) { text in
            if let seconds = DurationText.seconds(text) {
                #expect(seconds > 0 && seconds <= Expiry.latestEpochSeconds)
                #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
            }
        }
        for huge in ["9223372036854775807s", "999999999999999999s", "253402300800s", "+5d", "5 d"] {
            #expect(DurationText.seconds(huge) == nil, "\(huge)")
        }
    }

    @Test("every moment from 1970 to the end of 9999 reads back from ISO 8601, in any offset")
    func datesRoundTrip() async {
        await propertyCheck(
            input: Gen.int64(in: 0...Expiry.latestEpochSeconds), Gen.int(in: -14 * 4...14 * 4)
        ) { seconds, quarters in
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            let offset = quarters * 15 * 60
            var style = Date.ISO8601FormatStyle(timeZone: TimeZone(secondsFromGMT: offset)!)
            style = style.year().month().day().time(includingFractionalSeconds: false)
                .timeZone(separator: .colon)
            let text = date.formatted(style)
            // A local time whose year is before 1970 or after 9999 is refused, even where the
            // moment itself is in range.
            let year = text.split(separator: "-").first.flatMap { Int($0) } ?? 0
            #expect(
                DurationText.date(text) == ((1970...9999).contains(year) ? date : nil), "\(text)")
        }
    }

    @Test("a field out of its range is refused, never rolled over")
    func datesOutOfRange() async {
        await propertyCheck(
            input: Gen.int(in: 24...99), Gen.int(in: 60...99), Gen.int(in: 13...99)
        ) { hour, minute, month in
            #expect(DurationText.date("2027-03-01T\(hour):00Z") == nil)
            #expect(DurationText.date("2027-03-01T12:\(minute)Z") == nil)
            #expect(DurationText.date("2027-03-01T12:00:\(minute)Z") == nil)
            #expect(DurationText.date("2027-\(month)-01") == nil)
        }
        for text in ["2027-03-01T25:00Z", "2027-02-29", "2027-04-31", "1969-12-31", "10000-01-01"] {
            #expect(DurationText.date(text) == nil, "\(text)")
        }
        #expect(DurationText.date("2028-02-29") != nil)
        #expect(DurationText.date("9999-12-31T23:59:59Z") != nil)
    }

    @Test("no text crashes the date parser; what it accepts lies in 1970-9999")
    func datesNeverCrash() async {
        let dateLike = Gen<Character?>.element(of: Array("0123456789-:TZ+.") as [Character])
            .map { $0! }.string(of: 0...30)
        await propertyCheck(input: Self.nasty, dateLike) { nasty, dateLike in
            for text in [nasty, dateLike, "2027-03-01T" + dateLike] {
                if let date = DurationText.date(text) {
                    #expect(date.timeIntervalSince1970 >= 0)
                    #expect(date.timeIntervalSince1970 < Double(Expiry.latestEpochSeconds + 1))
                }
            }
        }
    }

    @Test("inert text holds no character a terminal acts on")
    func inertText() async {
        await propertyCheck(input: Self.nasty) { text in
            let inert = TextSanitizer.inert(text)
            #expect(!inert.unicodeScalars.contains(where: TextSanitizer.isControl))
            #expect(inert.count <= text.unicodeScalars.count)
        }
    }

    @Test("JSON with controls escaped holds none raw, and decodes to the same text")
    func jsonRoundTrip() async throws {
        await propertyCheck(input: Self.nasty) { text in
            let json = TextSanitizer.escapingControlsInJSON(
                String(decoding: try JSONEncoder().encode([text]), as: UTF8.self))
            #expect(!json.unicodeScalars.contains(where: TextSanitizer.isControl))
            #expect(try JSONDecoder().decode([String].self, from: Data(json.utf8)) == [text])
        }
    }
}
