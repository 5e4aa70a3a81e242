import Foundation
import KeyconsoleCore
import MomentoKeys
import Testing

/// `check` counts the policy's findings: the status by each rule's severity, the list in
/// text and JSON, and the Prometheus series.
@Suite("Policy findings in check")
struct PolicyCheckTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let keys = [
        ApiKeyInfo(
            keyId: "aaaa0001", accountId: "a", description: "long", roleId: "r-operator",
            issuedAtEpochSeconds: 1_800_000_000 - 86400,
            expiresAtEpochSeconds: 1_800_000_000 + 364 * 86400),
        ApiKeyInfo(
            keyId: "bbbb0002", accountId: "a", description: "break-glass", roleId: "r-owner",
            issuedAtEpochSeconds: 1_800_000_000 - 86400, expiresAtEpochSeconds: nil),
        ApiKeyInfo(
            keyId: "cccc0003", accountId: "a", description: "fine", roleId: "r-viewer",
            issuedAtEpochSeconds: 1_800_000_000 - 86400,
            expiresAtEpochSeconds: 1_800_000_000 + 29 * 86400),
    ]
    static let names = ["r-owner": "Owner", "r-operator": "Operator", "r-viewer": "Viewer"]

    static func check(_ toml: String, profile: String? = nil) -> ExpiryCheck {
        let config = ConsoleConfig.parse(toml)
        var check = ExpiryCheck(
            keys: keys, roleNames: names, now: now, warnSeconds: 7 * 86400, critSeconds: 86400)
        check.profile = profile
        check.judge(config.policy.account(profile))
        return check
    }

    @Test("warnings by default, critical where the rule's severity says; none without a policy")
    func status() throws {
        #expect(Self.check("").status == .ok)
        #expect(Self.check("").findings.isEmpty)
        let warned = Self.check("[policy]\nmax_lifetime = \"90d\"\nnever_expires = \"allow\"")
        #expect(warned.status == .warning)
        #expect(warned.findings.keys.sorted() == ["aaaa0001"])
        let text = warned.text(warn: "7d", crit: "1d")
        #expect(text.contains("1 policy finding: aaaa0001 max_lifetime"), "\(text)")
        let critical = Self.check(
            "[policy]\nmax_lifetime = \"90d\"\n[policy.roles.Owner]\nnever_expires = \"forbid\"\n"
                + "severity = { never_expires = \"critical\" }")
        #expect(critical.status == .critical)
        // The critical finding is named first, before the warnings.
        let line = critical.text(warn: "7d", crit: "1d")
        #expect(
            line.contains("2 policy findings: bbbb0002 never_expires (critical), aaaa0001"),
            "\(line)")
        let json = try critical.report(backend: BackendSummary(kind: "sandbox", location: "/s"))
            .json()
        #expect(json.contains("\"policy_findings\""))
        #expect(json.contains("\"rule\" : \"never_expires\""))
        #expect(json.contains("\"severity\" : \"critical\""))
    }

    @Test("Prometheus: a count per rule, a series per key and rule, the profile on each")
    func prometheus() {
        let check = Self.check(
            "[policy]\nmax_lifetime = \"90d\"\nnever_expires = \"warn\"", profile: "prod")
        let text = check.prometheusFindings()
        #expect(
            text.contains("keyconsole_policy_findings{profile=\"prod\",rule=\"max_lifetime\"} 1\n"))
        #expect(text.contains("keyconsole_policy_findings{profile=\"prod\",rule=\"max_age\"} 0\n"))
        #expect(
            text.contains(
                "momento_api_key_policy_finding{profile=\"prod\",key_id=\"bbbb0002\",rule=\"never_expires\"} 1\n"
            ))
        #expect(!text.contains("cccc0003"))
    }
}
