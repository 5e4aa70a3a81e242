import Foundation
import MomentoKeyClient
import PropertyBased
import TestSupport
import Testing

@testable import MomentoKeys

/// Seeded random tests of the key decoder and the credentials file parser: no input crashes
/// them, and what they accept is what was written. A failure prints the seed that reproduces it.
@Suite("Key and credentials parsers, on random input")
struct CredentialPropertyTests {
    @Test(
        "a date claim of any size decodes or is refused, never crashes",
        arguments: [
            "1e19", "-1e19", "1e300", "-1e300", "9223372036854775807", "253402300800",
        ])
    func hugeDateClaims(exp: String) {
        let token = TestTokens.jwt(claimsJSON: #"{"t":"g","jti":"x","exp":\#(exp)}"#)
        #expect(throws: KeyFormatError.self) { try KeyDecoder.decode(token) }
    }

    @Test("random date claims: in range they decode to that moment, out of range they are refused")
    func randomDateClaims() async {
        await propertyCheck(
            input: Gen.int(in: 1...9), Gen.int(in: -320...320), Gen.bool
        ) { mantissa, exponent, negative in
            let text = "\(negative ? "-" : "")\(mantissa)e\(exponent)"
            let value = Double(text)!
            let token = TestTokens.jwt(claimsJSON: #"{"t":"g","jti":"x","exp":\#(text)}"#)
            let decoded = try? KeyDecoder.decode(token)
            if (-62_135_596_800...253_402_300_799).contains(value) {
                #expect(decoded?.expiresAt == Date(timeIntervalSince1970: value), "\(text)")
            } else {
                #expect(decoded == nil, "\(text)")
            }
        }
    }

    @Test("random bytes and random JWT-shaped text never crash the decoder")
    func randomKeys() async {
        let jwtLike = Gen<Character?>.element(
            of: Array("abcXYZ019-_.=+/ \n{}\":eyJ") as [Character]
        ).map { $0! }.string(of: 0...80)
        await propertyCheck(input: Gen.uint8(in: 0...255).array(of: 0...120), jwtLike) {
            (bytes: [UInt8], text: String) in
            _ = try? KeyDecoder.decode(bytes: bytes)
            _ = try? KeyDecoder.decode(text)
            let claims = String(decoding: bytes.filter { $0 < 0x80 }, as: UTF8.self)
            _ = try? KeyDecoder.decode(TestTokens.jwt(claimsJSON: claims))
        }
    }

    @Test("a credentials file written from random profiles parses back to them")
    func iniRoundTrip() async {
        let name = Gen.letterOrNumber.string(of: 1...12)
        let value = Gen<Character?>.element(of: Array("abcXYZ019-_.=+/:") as [Character])
            .map { $0! }.string(of: 0...40)
        await propertyCheck(
            input: name.array(of: 1...4), name.array(of: 0...5), value.array(of: 5)
        ) { sections, keys, values in
            var expected: [String: [String: String]] = [:]
            var text = "# written by a test\n"
            for section in sections {
                text += "[\(section)]\n"
                expected[section, default: [:]] = expected[section] ?? [:]
                for (key, value) in zip(keys, values) {
                    text += "\(key) = \(value)\n"
                    expected[section]?[key] = value.trimmingCharacters(in: .whitespaces)
                }
            }
            #expect((try? INIFile(parsing: text))?.sections == expected)
        }
    }

    @Test("random text either parses or names the line it stopped at, never crashes")
    func iniNeverCrashes() async {
        let line = Gen<Character?>.element(of: Array("[]=#; abc\t\u{0}é") as [Character])
            .map { $0! }.string(of: 0...16)
        await propertyCheck(input: line.array(of: 0...8)) { lines in
            do throws(INIFile.Malformed) {
                _ = try INIFile(parsing: lines.joined(separator: "\n"))
            } catch {
                #expect((1...max(1, lines.count)).contains(error.line))
            }
        }
    }
}

@Suite("HTTPS_PROXY, on random text")
struct ProxyPropertyTests {
    @Test("any proxy setting gives a proxy on a real port, or none; never a crash")
    func anyProxy() async {
        let text = Gen<Character?>.element(
            of: Array("htps:/@[]:0123456789abc.-_%") as [Character]
        ).map { $0! }.string(of: 0...40)
        await propertyCheck(input: text, Gen.int(in: 0...200_000)) { text, port in
            let target = URL(string: "https://mga.registry.prod.a.momentohq.com")!
            for raw in [text, "http://proxy.example:\(port)", "proxy:\(port)"] {
                if let proxy = ProxySettings.forTarget(target, environment: ["HTTPS_PROXY": raw]) {
                    #expect((1...65535).contains(proxy.port), "\(raw)")
                }
            }
        }
    }
}
