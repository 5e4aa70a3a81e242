import ConsoleUI
import Foundation
import KeyconsoleCore
import MomentoKeys
import Testing
import TextKit

/// Golden outputs of the script formats, on fixed keys and a fixed clock.
@Suite("Script output formats")
struct ReportFormatTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let keys = [
        ApiKeyInfo(
            keyId: "k-expired", accountId: "a", description: "old, \"quoted\"", roleId: "r-viewer",
            issuedAtEpochSeconds: 1_700_000_000, expiresAtEpochSeconds: 1_799_990_000),
        ApiKeyInfo(
            keyId: "k-soon", accountId: "a", description: "=cmd|' /C calc'!A0",
            roleId: "r-operator",
            issuedAtEpochSeconds: 1_799_000_000, expiresAtEpochSeconds: 1_800_003_600),
        ApiKeyInfo(
            keyId: "k-week", accountId: "a", description: "line\nbreak \\ back", roleId: "r-10042",
            issuedAtEpochSeconds: 1_799_500_000, expiresAtEpochSeconds: 1_800_000_000 + 5 * 86400),
        ApiKeyInfo(
            keyId: "k-never", accountId: "a", description: "", roleId: "r-owner",
            issuedAtEpochSeconds: 1_600_000_000, expiresAtEpochSeconds: nil),
    ]
    static let names = [
        "r-owner": "Owner", "r-operator": "Operator", "r-viewer": "Viewer",
        "r-10042": "Cache Readers",
    ]

    static let sandbox = BackendSummary(kind: "sandbox", location: "/tmp/s.sqlite")

    var report: KeyReport { KeyReport(keys: Self.keys, roleNames: Self.names, now: Self.now) }

    func check(warn: Int64 = 7 * 86400, crit: Int64 = 86400, keys: [ApiKeyInfo] = keys)
        -> ExpiryCheck
    {
        ExpiryCheck(
            keys: keys, roleNames: Self.names, now: Self.now, warnSeconds: warn, critSeconds: crit)
    }

    @Test(
        "JSON written a row at a time, by hand, is byte for byte JSONEncoder's whole array, hostile text and --fields too"
    )
    func streamedJSON() throws {
        var controls = ""
        for value in 0..<0x20 { controls.unicodeScalars.append(Unicode.Scalar(value)!) }
        let hostile = ApiKeyInfo(
            keyId: "k/\"1\\", accountId: "a\u{7F}\u{85}\u{2028}",
            description: controls + "é😀\u{1B}[2J",
            roleId: "r-\u{0}x", issuedAtEpochSeconds: -1, expiresAtEpochSeconds: Int64.max)
        let everyField = KeyReport.Field.allCases
        for keys in [Self.keys, [], Array(Self.keys.prefix(1)), Self.keys + [hostile]] {
            // With several accounts each row also carries its profile (hostile as well).
            let profiles = keys.indices.map { $0 % 2 == 0 ? "prod" : "st\u{1B}\"ag" }
            for fields in [nil, everyField, [.expiresAt, .keyId], [.secondsRemaining]] {
                for several in [false, true] {
                    let report = KeyReport(
                        keys: keys, roleNames: Self.names, now: Self.now, fields: fields,
                        profiles: several ? profiles : nil)
                    var pieces: [String] = []
                    try report.writeJSON { pieces.append($0) }
                    #expect(pieces.count == (keys.isEmpty ? 1 : keys.count + 2), "a piece per row")
                    let rows = zip(keys, profiles).map {
                        report.row($0, profile: several ? $1 : nil)
                    }
                    #expect(pieces.joined() == (try JSONOutput.render(rows)) + "\n")
                    if several, fields == nil, !keys.isEmpty {
                        #expect(pieces.joined().contains("\"profile\" : \"prod\""))
                    }
                }
            }
        }
    }

    @Test("JSON: wire names plus role_name, seconds_remaining and ISO dates (null when never)")
    func json() throws {
        let rows = try #require(
            try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [[String: Any]])
        #expect(rows.count == 4)
        #expect(rows[0]["key_id"] as? String == "k-expired")
        #expect(rows[0]["seconds_remaining"] as? Int == -10000)
        #expect(rows[2]["role_name"] as? String == "Cache Readers")
        #expect(rows[3]["seconds_remaining"] is NSNull)
        #expect(rows[3]["expires_at_epoch_seconds"] == nil)
        #expect(rows[3]["expires_at"] is NSNull)
        #expect(rows[1]["expires_at"] as? String == "2027-01-15T09:00:00Z")
        #expect(rows[1]["issued_at"] as? String == "2027-01-03T18:13:20Z")
        #expect(
            Set(rows[1].keys) == [
                "key_id", "account_id", "description", "role_id", "role_name",
                "issued_at_epoch_seconds", "issued_at",
                "expires_at_epoch_seconds", "expires_at", "seconds_remaining",
            ])
    }

    @Test("--fields picks fields by their JSON names for JSON and CSV; an unknown name is refused")
    func fields() throws {
        let fields = try KeyReport.Field.parse("key_id,expires_at,expires_at_epoch_seconds").get()
        let picked = KeyReport(
            keys: Self.keys, roleNames: Self.names, now: Self.now, fields: fields)
        let rows = try #require(
            try JSONSerialization.jsonObject(with: Data(picked.json().utf8)) as? [[String: Any]])
        #expect(Set(rows[0].keys) == ["key_id", "expires_at", "expires_at_epoch_seconds"])
        #expect(rows[3]["expires_at_epoch_seconds"] is NSNull)
        #expect(picked.csv().hasPrefix("key_id,expires_at,expires_at_epoch_seconds\nk-expired,"))
        #expect(picked.csv().contains("\nk-never,,\n"))
        guard case .failure(let error) = KeyReport.Field.parse("key_id,expiry") else {
            Issue.record("expiry is no field")
            return
        }
        #expect(error.description.hasPrefix("No field \"expiry\"; the fields are key_id, "))
    }

    /// Foundation switches to the Julian calendar before 15 October 1582; ISO 8601 and ours
    /// stay Gregorian, so they are compared from 1583.
    @Test("ISO 8601 by arithmetic matches Foundation's from 1583 to 9999")
    func isoDates() {
        var generator = SystemRandomNumberGenerator()
        let samples: [Int64] =
            [0, -1, 86399, 86400, 951_782_400, 4_107_542_400, -12_212_553_600, 253_402_300_799]
            + (0..<2000).map { _ in
                Int64.random(in: -12_212_553_600...253_402_300_799, using: &generator)
            }
        for seconds in samples {
            let foundation = Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(.iso8601)
            #expect(KeyReport.iso(seconds) == foundation, "\(seconds)")
            // A date with a fraction of a second: dropped, as Foundation drops it.
            let fraction = Date(
                timeIntervalSince1970: TimeInterval(seconds)
                    + Double.random(in: 0..<1, using: &generator))
            #expect(DateText.iso8601(fraction) == fraction.formatted(.iso8601), "\(fraction)")
        }
    }

    @Test("CSV: header, quoting, and no formula injection")
    func csv() {
        #expect(
            report.csv() == #"""
                key_id,role_id,role_name,description,issued_at,expires_at,seconds_remaining
                k-expired,r-viewer,Viewer,"old, ""quoted""",2023-11-14T22:13:20Z,2027-01-15T05:13:20Z,-10000
                k-soon,r-operator,Operator,'=cmd|' /C calc'!A0,2027-01-03T18:13:20Z,2027-01-15T09:00:00Z,3600
                k-week,r-10042,Cache Readers,line break \ back,2027-01-09T13:06:40Z,2027-01-20T08:00:00Z,432000
                k-never,r-owner,Owner,,2020-09-13T12:26:40Z,,
                """# + "\n")
    }

    @Test("table: fits the width, console countdowns, inert text")
    func table() {
        let lines = report.table(width: 60).split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines.allSatisfy { DisplayWidthProbe.width($0) <= 60 })
        #expect(lines[1].contains("EXPIRED"))
        #expect(lines[2].contains("1h 00m"))
        #expect(lines[3].contains("5d 00h"))
        #expect(lines[4].contains("never"))
    }

    @Test("check states: OK, warning, critical; text names the soonest keys")
    func states() {
        #expect(check(keys: [Self.keys[3]]).status == .ok)
        #expect(
            check(keys: [Self.keys[3]]).text(warn: "7d", crit: "1d")
                == "OK: 1 keys, none expiring within 7d")
        #expect(check(keys: [Self.keys[2], Self.keys[3]]).status == .warning)
        #expect(
            check(keys: [Self.keys[2]]).text(warn: "7d", crit: "1d")
                == "WARNING: 1 of 1 keys expiring within 7d: k-week \"line break \\ back\" 5d 00h")
        let critical = check()
        #expect(critical.status == .critical)
        #expect(critical.status.rawValue == 2)
        #expect(
            critical.text(warn: "7d", crit: "1d")
                == "CRITICAL: 2 of 4 keys expired or expiring within 1d: k-expire \"old, \"quoted\"\" EXPIRED, k-soon \"=cmd¦' /C calc'!A0\" 1h 00m; 1 more within 7d"
        )
    }

    @Test("Prometheus textfile: both gauges, labels escaped, never-expiring keys left out")
    func prometheus() {
        #expect(
            check().prometheus() == #"""
                # HELP momento_api_key_expiry_timestamp_seconds When the Momento API key expires, in seconds since 1970.
                # TYPE momento_api_key_expiry_timestamp_seconds gauge
                momento_api_key_expiry_timestamp_seconds{key_id="k-expired",role="Viewer",description="old, \"quoted\""} 1799990000
                momento_api_key_expiry_timestamp_seconds{key_id="k-soon",role="Operator",description="=cmd|' /C calc'!A0"} 1800003600
                momento_api_key_expiry_timestamp_seconds{key_id="k-week",role="Cache Readers",description="line break \\ back"} 1800432000
                # HELP momento_api_key_seconds_until_expiry Seconds until the Momento API key expires; negative once expired.
                # TYPE momento_api_key_seconds_until_expiry gauge
                momento_api_key_seconds_until_expiry{key_id="k-expired",role="Viewer",description="old, \"quoted\""} -10000
                momento_api_key_seconds_until_expiry{key_id="k-soon",role="Operator",description="=cmd|' /C calc'!A0"} 3600
                momento_api_key_seconds_until_expiry{key_id="k-week",role="Cache Readers",description="line break \\ back"} 432000

                """#)
    }

    @Test("check JSON carries the state and the keys in each bucket")
    func checkJSON() throws {
        let object = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try check().report(backend: Self.sandbox).json().utf8)) as? [String: Any]
        )
        #expect(object["status"] as? String == "critical")
        #expect((object["backend"] as? [String: String])?["kind"] == "sandbox")
        #expect(object["exit_code"] as? Int == 2)
        #expect((object["critical"] as? [Any])?.count == 2)
        #expect((object["warning"] as? [Any])?.count == 1)
    }

    /// A description a hostile server might send: OSC 52 (clipboard), OSC 0 (title), CSI 2J,
    /// CSI 6n (the terminal types a reply), a C1 CSI, and a bidi override.
    static let hostile =
        "C\u{1B}]52;c;aGVsbG8=\u{07}D\u{1B}]0;title\u{07}\u{1B}[2J\u{1B}[6n\u{9B}31m\u{202E}E\u{7F}"
    static let hostileKeys = [
        ApiKeyInfo(
            keyId: "k\u{1B}[2J", accountId: "a", description: hostile, roleId: "r-\u{9B}x",
            issuedAtEpochSeconds: 1_799_000_000, expiresAtEpochSeconds: 1_800_003_600)
    ]

    /// Whether `text` holds anything a terminal acts on.
    static func hasControl(_ text: String) -> Bool {
        text.unicodeScalars.contains {
            ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value)
                || [
                    0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068,
                    0x2069,
                ]
                .contains($0.value)
        }
    }

    @Test("every format is inert: no control character from data, and JSON round-trips it")
    func inertFormats() throws {
        let report = KeyReport(keys: Self.hostileKeys, roleNames: [:], now: Self.now)
        let check = ExpiryCheck(
            keys: Self.hostileKeys, roleNames: [:], now: Self.now, warnSeconds: 86400,
            critSeconds: 60)
        let json = try report.json()
        let outputs = [
            report.csv(), report.table(width: 200), json, check.text(warn: "1d", crit: "1m"),
            check.prometheus(), try check.report(backend: Self.sandbox).json(),
        ]
        for output in outputs {
            #expect(!Self.hasControl(output), "\(output.debugDescription)")
        }
        let rows = try JSONDecoder().decode([ApiKeyInfo].self, from: Data(json.utf8))
        #expect(rows == Self.hostileKeys)
        #expect(json.contains(#"\u009b"#) && json.contains(#"\u202e"#))
    }

    @Test(
        "a check that cannot be made stays JSON, with status and error; so does a failed encoding")
    func unknownJSON() throws {
        let unknown = CheckReport.unknown(
            "Cannot reach x", backend: nil, warnSeconds: 60, critSeconds: 1)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(try unknown.json().utf8)) as? [String: Any])
        #expect(object["status"] as? String == "unknown")
        #expect(object["error"] as? String == "Cannot reach x")
        #expect(object["exit_code"] as? Int == 3)
        #expect(object["backend"] is NSNull)
        let fallback = try #require(
            try JSONSerialization.jsonObject(with: Data(CheckReport.encodingFailed.utf8))
                as? [String: Any])
        #expect(fallback["status"] as? String == "unknown")
        #expect(fallback["exit_code"] as? Int == 3)
        #expect(fallback["backend"] is NSNull)
        #expect(fallback["error"] != nil)
    }

    @Test("Prometheus always starts with keyconsole_up and the scrape duration")
    func prometheusHeader() {
        let down = CheckReport.prometheusHeader(up: false, backend: nil, seconds: 0.25)
        #expect(down.contains("keyconsole_up{backend=\"none\"} 0\n"))
        #expect(down.contains("keyconsole_scrape_duration_seconds 0.250\n"))
        let up = CheckReport.prometheusHeader(up: true, backend: Self.sandbox, seconds: 1)
        #expect(up.contains("keyconsole_up{backend=\"sandbox\"} 1\n"))
    }

    @Test("a countdown to any integer expiry saturates instead of trapping")
    func hugeExpiries() {
        let keys = [Int64.min, Int64.min + 1, Int64.max].map {
            ApiKeyInfo(
                keyId: "k", accountId: "a", description: "", roleId: "r-viewer",
                issuedAtEpochSeconds: 0, expiresAtEpochSeconds: $0)
        }
        let report = KeyReport(keys: keys, roleNames: [:], now: Self.now)
        #expect(report.csv().split(separator: "\n").count == 4)
        #expect(check(keys: keys).status == .critical)
    }

    @Test("secret files: raw, env, Momento CLI profile")
    func secretFiles() {
        let key = Secret("KEY")
        #expect(SecretFileFormat.raw.render(key: key, endpoint: nil, profileName: "x") == "KEY\n")
        #expect(
            SecretFileFormat.env.render(key: key, endpoint: "cell.example", profileName: "x")
                == "MOMENTO_API_KEY=KEY\nMOMENTO_ENDPOINT=cell.example\n")
        #expect(
            SecretFileFormat.momentoProfile.render(
                key: key, endpoint: "cell.example", profileName: "ci")
                == "[ci]\napi_key_v2=KEY\nendpoint=cell.example\n")
    }
}

/// Display width without importing ConsoleUI's internals into the assertions.
enum DisplayWidthProbe {
    static func width(_ text: Substring) -> Int { text.count }
}
