import Foundation
import PropertyBased
import Testing
import TextKit

@testable import MomentoKeys

/// The key policy: which table wins, what each rule finds, and what creation may choose.
@Suite("Key policy")
struct KeyPolicyTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let day: Int64 = 86400
    static let nowSeconds: Int64 = 1_800_000_000

    static func key(
        _ id: String = "k1", role: String = RoleID.operator, issuedDaysAgo: Int64,
        lifetimeDays: Int64?
    ) -> ApiKeyInfo {
        let issued = nowSeconds - issuedDaysAgo * day
        return ApiKeyInfo(
            keyId: id, accountId: "acct", description: "d", roleId: role,
            issuedAtEpochSeconds: issued,
            expiresAtEpochSeconds: lifetimeDays.map { issued + $0 * day })
    }

    static var sample: Policy {
        var base = PolicyRules()
        base.maxLifetime = 90 * day
        base.neverExpires = .warn
        base.maxAge = 180 * day
        base.severity[.neverExpires] = .critical
        var owner = PolicyRules()
        owner.maxLifetime = 30 * day
        owner.neverExpires = .forbid
        var staging = PolicyRules()
        staging.maxAge = 365 * day
        staging.maxLifetime = 120 * day
        var stagingOwner = PolicyRules()
        stagingOwner.maxLifetime = 7 * day
        return Policy(
            base: base, roles: ["Owner": owner],
            profiles: [
                "staging": Policy.Account(rules: staging, roles: ["Owner": stagingOwner])
            ])
    }

    @Test("the most specific table wins, and each value names the table it came from")
    func precedence() {
        let policy = Self.sample
        let plain = policy.resolved(profile: nil, roleName: "Operator")
        #expect(plain.rules.maxLifetime == 90 * Self.day)
        #expect(plain.sources["max_lifetime"] == "[policy]")
        let owner = policy.resolved(profile: "prod", roleName: "Owner")
        #expect(owner.rules.maxLifetime == 30 * Self.day)
        #expect(owner.sources["max_lifetime"] == "[policy.roles.Owner]")
        #expect(owner.neverExpires == .forbid)
        let staging = policy.resolved(profile: "staging", roleName: "Viewer")
        #expect(staging.rules.maxLifetime == 120 * Self.day)
        #expect(staging.sources["max_age"] == "[profile.staging.policy]")
        // A role's table beats the account's; the account's table for the role beats both.
        let stagingOwner = policy.resolved(profile: "staging", roleName: "Owner")
        #expect(stagingOwner.rules.maxLifetime == 7 * Self.day)
        #expect(
            stagingOwner.sources["max_lifetime"] == "[profile.staging.policy.roles.Owner]")
        #expect(stagingOwner.rules.maxAge == 365 * Self.day)
        // The thresholds not set are check's defaults, and say so.
        let settings = plain.settings
        #expect(settings.first { $0.name == "warn_before" }?.source == "default")
        #expect(settings.first { $0.name == "warn_before" }?.value == "7d")
        #expect(settings.first { $0.name == "severity.never_expires" }?.value == "critical")
    }

    @Test("each rule finds what breaks it, with its severity; a key within every rule has none")
    func findings() {
        let policy = Self.sample.account(nil)
        let operatorRules = policy.forRole("Operator")
        #expect(
            operatorRules.findings(
                Self.key(issuedDaysAgo: 10, lifetimeDays: 30), now: Self.now
            ).isEmpty)
        let long = operatorRules.findings(
            Self.key(issuedDaysAgo: 10, lifetimeDays: 365), now: Self.now)
        #expect(long.map(\.rule) == [.maxLifetime])
        #expect(long.first?.severity == .warning)
        #expect(long.first?.detail == "lifetime 1 year, over 90 days")
        let never = operatorRules.findings(
            Self.key(issuedDaysAgo: 200, lifetimeDays: nil), now: Self.now)
        #expect(never.map(\.rule) == [.neverExpires, .maxAge])
        #expect(never.first?.severity == .critical)
        // A kept rotation's old key, still listed past the overlap allowed.
        var rules = PolicyRules()
        rules.rotationOverlapMax = 2 * Self.day
        let rotation = Policy(base: rules).resolved(profile: nil, roleName: nil)
        let key = Self.key(issuedDaysAgo: 5, lifetimeDays: 30)
        #expect(
            rotation.findings(key, now: Self.now, rotatedAt: Self.now.addingTimeInterval(-86400))
                .isEmpty)
        #expect(
            rotation.findings(
                key, now: Self.now, rotatedAt: Self.now.addingTimeInterval(-3 * 86400)
            ).map(\.rule) == [.rotationOverlapMax])
        // Without a policy, nothing is judged.
        #expect(
            AccountPolicy.none.findings(
                [Self.key(issuedDaysAgo: 900, lifetimeDays: nil)], roleName: { _ in "Owner" },
                now: Self.now
            ).isEmpty)
    }

    @Test("creation: past max_lifetime or never where forbidden is refused, naming the limit")
    func creation() {
        let owner = Self.sample.resolved(profile: nil, roleName: "Owner")
        let within = Expiry.at(Self.now.addingTimeInterval(TimeInterval(30 * Self.day)))
        let past = Expiry.at(Self.now.addingTimeInterval(TimeInterval(31 * Self.day)))
        #expect(owner.expiryProblem(within, now: Self.now) == nil)
        #expect(
            owner.expiryProblem(past, now: Self.now)
                == "keys of at most 30 days (max_lifetime in [policy.roles.Owner])")
        #expect(
            owner.expiryProblem(.never, now: Self.now)?.hasPrefix("no key that never expires")
                == true)
        // A role's table is found by the role's name ignoring case, as --role finds roles.
        var lower = PolicyRules()
        lower.maxLifetime = Self.day
        let folded = Policy(roles: ["owner": lower]).account(nil)
        #expect(folded.forRole("Owner").rules.maxLifetime == Self.day)
        #expect(folded.forRole("Owner").sources["max_lifetime"] == "[policy.roles.owner]")
        // A rotation's validity is capped at the limit.
        #expect(owner.capped(past, now: Self.now) == within)
        // warn allows creating keys that never expire (they are findings).
        let viewer = Self.sample.resolved(profile: nil, roleName: "Viewer")
        #expect(viewer.expiryProblem(.never, now: Self.now) == nil)
    }

    @Test("dates at the ends of Int64 never trap: no lifetime, no age past the largest")
    func extremeDates() {
        var rules = PolicyRules()
        rules.maxLifetime = 90 * Self.day
        rules.maxAge = 90 * Self.day
        let policy = Policy(base: rules).resolved(profile: nil, roleName: nil)
        for (issued, expires) in [
            (Int64.min, Int64.max), (0, Int64.max), (Int64.max, Int64.min), (-1, Int64.max),
            (Int64.min, nil), (Int64.max, nil),
        ] {
            let key = ApiKeyInfo(
                keyId: "k", accountId: "a", description: "", roleId: RoleID.owner,
                issuedAtEpochSeconds: issued, expiresAtEpochSeconds: expires)
            let found = policy.findings(key, now: Self.now)
            #expect(found.allSatisfy { !$0.detail.isEmpty })
        }
        // A lifetime of 2^63 - 1 seconds is still said in words.
        #expect(DurationText.describe(seconds: .max).hasSuffix("days"))
    }

    @Test("max_lifetime alone makes a key that never expires a finding, still allowed to be made")
    func lifetimeAndNever() {
        var rules = PolicyRules()
        rules.maxLifetime = 90 * Self.day
        let policy = Policy(base: rules).resolved(profile: nil, roleName: nil)
        #expect(policy.neverExpires == .warn)
        #expect(
            policy.findings(Self.key(issuedDaysAgo: 1, lifetimeDays: nil), now: Self.now).map(
                \.rule) == [.neverExpires])
        #expect(policy.expiryProblem(.never, now: Self.now) == nil)
        let shown = policy.settings.first { $0.name == "never_expires" }
        #expect(shown?.value == "warn" && shown?.source == "default, as max_lifetime is set")
    }

    @Test("a policy of check's thresholds alone, or of another account, judges nothing here")
    func emptiness() {
        var thresholds = PolicyRules()
        thresholds.warnBefore = 30 * Self.day
        #expect(Policy(base: thresholds).account(nil).isEmpty)
        var staging = PolicyRules()
        staging.maxAge = Self.day
        let other = Policy(profiles: ["staging": Policy.Account(rules: staging)])
        #expect(other.account("prod").isEmpty)
        #expect(!other.account("staging").isEmpty)
    }

    @Test("random policies and random keys never crash, and every finding names a rule")
    func randomPolicies() async {
        // 0 stands for "not set" (and for "never expires" in an expiry).
        let duration = Gen.int64(in: 0...(400 * 86400))
        let times = Gen.int64(in: -5_000_000_000...300_000_000_000).array(of: 0...20)
        await propertyCheck(
            input: duration, duration, duration, Gen.int(in: 0...3), times, times,
            Gen.int64(in: 0...4_000_000_000)
        ) { lifetimeOrZero, ageOrZero, overlapOrZero, neverIndex, issued, expires, nowSeconds in
            func set(_ value: Int64) -> Int64? { value == 0 ? nil : value }
            let (lifetime, age, overlap) = (set(lifetimeOrZero), set(ageOrZero), set(overlapOrZero))
            let never = neverIndex == 0 ? nil : NeverExpiresRule.allCases[neverIndex - 1]
            let keys = zip(issued, expires + Array(repeating: 0, count: issued.count)).map {
                ($0.0, set($0.1))
            }
            var rules = PolicyRules()
            rules.maxLifetime = lifetime
            rules.maxAge = age
            rules.rotationOverlapMax = overlap
            rules.neverExpires = never
            rules.severity[.maxAge] = .critical
            // The same values shuffled into a role's table and an account's, so that every
            // layer (and the most specific winning) is exercised.
            var owner = PolicyRules()
            owner.maxLifetime = age
            owner.neverExpires = never.map { _ in NeverExpiresRule.forbid }
            owner.severity[.neverExpires] = .critical
            var account = PolicyRules()
            account.maxAge = lifetime
            account.rotationOverlapMax = age
            let policy = Policy(
                base: rules, roles: ["owner": owner],
                profiles: ["p": Policy.Account(rules: account, roles: ["Viewer": rules])]
            ).account(nowSeconds % 2 == 0 ? "p" : nil)
            let now = Date(timeIntervalSince1970: TimeInterval(nowSeconds))
            let roles = [RoleID.owner, RoleID.viewer, "r-1"]
            let infos = keys.enumerated().map { index, times in
                ApiKeyInfo(
                    keyId: "k\(index)", accountId: "a", description: "",
                    roleId: roles[index % roles.count], issuedAtEpochSeconds: times.0,
                    expiresAtEpochSeconds: times.1)
            }
            let names = [RoleID.owner: "Owner", RoleID.viewer: "Viewer"]
            let found = policy.findings(
                infos, roleName: { names[$0.roleId] ?? $0.roleId }, now: now,
                rotatedAt: ["k0": Date(timeIntervalSince1970: 0)])
            for (_, list) in found {
                for finding in list {
                    #expect(PolicyRule.allCases.contains(finding.rule))
                    #expect(finding.text.hasPrefix(finding.rule.rawValue + ": "))
                    #expect(!finding.detail.isEmpty)
                }
            }
            _ = policy.whole.expiryProblem(
                .at(epochSeconds: nowSeconds &+ (lifetime ?? 0)), now: now)
            _ = policy.whole.capped(.never, now: now)
            _ = policy.forRole("Owner").settings
        }
    }
}
