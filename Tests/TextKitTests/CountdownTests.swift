import MomentoKeys
import Testing
import TextKit

@Suite("Countdown and urgency")
struct CountdownTests {
    @Test(
        "the countdown format at each boundary",
        arguments: [
            (nil, "never"), (0, "EXPIRED"), (-5, "EXPIRED"), (1, "0m 01s"), (59, "0m 59s"),
            (3599, "59m 59s"), (3600, "1h 00m"), (86399, "23h 59m"), (172_799, "47h 59m"),
            (172_800, "2d 00h"), (1_051_200, "12d 04h"), (400 * 86400, "400d 00h"),
        ] as [(Int64?, String)])
    func format(left: Int64?, text: String) {
        #expect(Countdown.text(secondsLeft: left) == text)
    }

    @Test(
        "urgency buckets",
        arguments: [
            (nil, Countdown.Urgency.never), (0, .expired), (1, .underDay), (86399, .underDay),
            (86400, .underWeek), (7 * 86400 - 1, .underWeek), (7 * 86400, .later),
        ] as [(Int64?, Countdown.Urgency)])
    func urgency(left: Int64?, urgency: Countdown.Urgency) {
        #expect(Countdown.urgency(secondsLeft: left) == urgency)
    }

    @Test("only countdowns under an hour tick every second")
    func ticking() {
        #expect(Countdown.showsSeconds(secondsLeft: 3599))
        #expect(!Countdown.showsSeconds(secondsLeft: 3600))
        #expect(!Countdown.showsSeconds(secondsLeft: 0))
        #expect(!Countdown.showsSeconds(secondsLeft: nil))
    }

    @Test("the exact time left")
    func exact() {
        #expect(
            Countdown.exact(secondsLeft: 3 * 86400 + 4 * 3600 + 5 * 60 + 6)
                == "3 days, 4 hours, 5 minutes, 6 seconds")
        #expect(Countdown.exact(secondsLeft: 3600) == "1 hour")
        #expect(Countdown.exact(secondsLeft: -61) == "expired 1 minute, 1 second ago")
        #expect(Countdown.exact(secondsLeft: nil) == "never expires")
    }
}

@Suite("Server text is rendered inert")
struct TextSanitizerTests {
    @Test("controls, escape sequences and bidi overrides are replaced")
    func inert() {
        #expect(
            TextSanitizer.inert("ok \u{1B}]52;c;ZXZpbA==\u{07} done")
                == "ok \u{FFFD}]52;c;ZXZpbA==\u{FFFD} done")
        #expect(TextSanitizer.inert("a\nb\tc\r") == "a b c ")
        #expect(TextSanitizer.inert("\u{9B}31m red") == "\u{FFFD}31m red")
        #expect(TextSanitizer.inert("abc\u{202E}cba") == "abc\u{FFFD}cba")
        #expect(TextSanitizer.inert("Grüße ✓ 日本") == "Grüße ✓ 日本")
    }

    @Test(
        "zero-width and byte-order characters are shown as visible placeholders; JSON escapes them"
    )
    func invisible() {
        for scalar: UInt32 in [
            0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF,
        ] {
            let text = "ci" + String(Character(Unicode.Scalar(scalar)!)) + "bot"
            #expect(TextSanitizer.inert(text) == "ci\u{FFFD}bot", "U+\(String(scalar, radix: 16))")
            #expect(TextSanitizer.inert(text) != TextSanitizer.inert("cibot"))
            let json = TextSanitizer.escapingControlsInJSON("\"" + text + "\"")
            #expect(json == "\"ci\\u" + String(scalar, radix: 16) + "bot\"", "\(json)")
        }
    }
}
