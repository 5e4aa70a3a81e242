import Foundation
import KeyconsoleCore
import MomentoKeys
import Testing

/// The credential report: each key's row, what the journal knows, the summary, and nothing
/// from data that a terminal, a spreadsheet or a Markdown viewer would act on.
@Suite("The credential report")
struct CredentialReportTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let backend = BackendSummary(kind: "sandbox", location: "/s.sqlite")

    static func entry(
        _ action: AuditEntry.Action, key: String, replaces: String? = nil, store: String? = nil,
        account: String = "acct", override: String? = nil
    ) -> AuditEntry {
        var fields: [String: String] = [
            "time": "2027-01-01T00:00:00.000Z", "user": "ops", "backend": "sandbox",
            "account": "/s", "action": action.rawValue, "outcome": "done", "account_id": account,
            "key_id": key,
        ]
        fields["replaces"] = replaces
        fields["store"] = store
        fields["policy_override"] = override
        let data = try! JSONEncoder().encode(fields)
        return try! JSONDecoder().decode(AuditEntry.self, from: data)
    }

    static func report(_ keys: [ApiKeyInfo], journal: [AuditEntry], toml: String = "")
        -> CredentialReport
    {
        let config = ConsoleConfig.parse(toml)
        return CredentialReport(
            [
                CredentialReport.Input(
                    profile: nil, backend: backend, accountId: "acct", keys: keys,
                    roleNames: ["r-owner": "Owner"], rotations: [],
                    policy: config.policy.account(nil))
            ], journal: journal, policy: config.policy, config: "/c", now: now)
    }

    static func key(_ id: String, _ description: String = "d", expires: Int64? = 1_800_086_400)
        -> ApiKeyInfo
    {
        ApiKeyInfo(
            keyId: id, accountId: "acct", description: description, roleId: "r-owner",
            issuedAtEpochSeconds: 1_799_000_000, expiresAtEpochSeconds: expires)
    }

    @Test("the journal's knowledge: made by, replaced and replacing keys, stores; else elsewhere")
    func history() throws {
        let journal = [
            Self.entry(.create, key: "old1"),
            Self.entry(.rotate, key: "new1", replaces: "old1", override: "INC-1"),
            Self.entry(.store, key: "new1", store: "aws-prod"),
            Self.entry(.create, key: "other", account: "another-account"),
        ]
        let report = Self.report(
            [
                Self.key("old1"), Self.key("new1"), Self.key("other"),
                Self.key("never", expires: nil),
            ],
            journal: journal, toml: "[policy]\nnever_expires = \"warn\"")
        let rows = Dictionary(uniqueKeysWithValues: report.keys.map { ($0.keyId, $0) })
        #expect(rows["old1"]?.history?.madeBy == "create")
        #expect(rows["old1"]?.history?.replacedBy == "new1")
        #expect(rows["new1"]?.history?.madeBy == "rotate")
        #expect(rows["new1"]?.history?.replaced == "old1")
        #expect(rows["new1"]?.history?.stores == ["aws-prod"])
        #expect(rows["new1"]?.history?.policyOverride == "INC-1")
        // Another account's journal entry says nothing of this account's key.
        #expect(rows["other"]?.history == nil)
        #expect(rows["never"]?.findings.map(\.rule) == [.neverExpires])
        #expect(report.summary.madeElsewhere == 2)
        #expect(report.summary.keysWithFindings == 1)
        #expect(report.summary.neverExpire == 1)
        let csv = report.csv()
        #expect(csv.hasPrefix("# keyconsole credential report, generated 2027-01-15T08:00:00Z\n"))
        #expect(csv.contains("# Policy: never_expires = warn ([policy]);"))
        #expect(csv.contains("other,Owner,d,"))
        #expect(csv.contains(",made elsewhere,"))
        let json = try report.json()
        #expect(json.contains("\"generated_at\" : \"2027-01-15T08:00:00Z\""))
        let rowsJSON = try #require(
            (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["keys"]
                as? [[String: Any]])
        let byId = Dictionary(uniqueKeysWithValues: rowsJSON.map { ($0["key_id"] as! String, $0) })
        #expect(byId["other"]?["made_elsewhere"] as? Bool == true)
        #expect(byId["new1"]?["made_elsewhere"] as? Bool == false)
        #expect(byId["never"]?["expires"] is NSNull)
        #expect(byId["never"]?["lifetime_days"] is NSNull)
        #expect(json.contains("\"made_elsewhere\" : 2"))
    }

    @Test("the policy shown is the one the keys were judged by: their profile's")
    func judgedPolicy() {
        let config = ConsoleConfig.parse(
            "[policy]\nmax_age = \"365d\"\n[profile.prod.policy]\nmax_age = \"1d\"\n")
        let report = CredentialReport(
            [
                CredentialReport.Input(
                    profile: nil, backend: Self.backend, accountId: "acct",
                    keys: [Self.key("k1")], roleNames: [:], rotations: [],
                    policy: config.policy.account("prod"))
            ], journal: [], policy: config.policy, config: "/c", now: Self.now)
        #expect(report.keys.first?.findings.map(\.rule) == [.maxAge])
        #expect(report.csv().contains("# Policy: max_age = 1d ([profile.prod.policy])"))
    }

    @Test("the CSV's # lines: no part a spreadsheet takes for a formula, no quote")
    func comments() {
        #expect(
            CredentialReport.csvComment("# Account: profile x, =cmd|' /C calc'!A0, \"q\"")
                == "# Account: profile x, '=cmd|' /C calc'!A0, 'q'")
    }

    @Test("dates at the ends of Int64 never trap the report")
    func extremeDates() throws {
        let keys = [
            ApiKeyInfo(
                keyId: "a", accountId: "acct", description: "", roleId: "r-owner",
                issuedAtEpochSeconds: .min, expiresAtEpochSeconds: .max),
            ApiKeyInfo(
                keyId: "b", accountId: "acct", description: "", roleId: "r-owner",
                issuedAtEpochSeconds: .max, expiresAtEpochSeconds: .min),
        ]
        let report = Self.report(
            keys, journal: [], toml: "[policy]\nmax_lifetime = \"1d\"\nmax_age = \"1d\"")
        #expect(report.keys.count == 2)
        _ = try report.json()
        _ = report.markdown()
    }

    @Test("hostile descriptions are inert in CSV, JSON and Markdown")
    func inert() throws {
        let hostile =
            "=HYPERLINK(\"http://x\")\u{1B}]52;c;AAAA\u{07}\n| [a](http://evil) <b>*x* &#x202E;"
        let report = Self.report([Self.key("k1", hostile)], journal: [])
        for text in [report.csv(), try report.json(), report.markdown()] {
            #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        }
        #expect(report.csv().contains(",\"'=HYPERLINK(\"\"http://x\"\")"))
        let markdown = report.markdown()
        let row = try #require(markdown.split(separator: "\n").first { $0.contains("k1") })
        #expect(row.contains("\\| \\[a\\](http://evil) \\<b\\>\\*x\\* &amp;\\#x202E;"), "\(row)")
        // One row per key: the description's line break did not start another.
        #expect(markdown.split(separator: "\n").filter { $0.hasPrefix("| k1") }.count == 1)
    }
}
