import ConsoleUI
import Foundation
import MomentoKeys
import ScreenModel
import Testing
import TextKit

/// A console over several accounts: one list of all, each account loading, refreshing and
/// failing on its own, `A` to narrow, and every action on the key's own account with its
/// own rules.
@Suite("Several accounts in one console")
struct AccountsUpdateTests {
    static let prodKeys = Array(Fixtures.keys.prefix(4))
    static let stagingKeys = Fixtures.keys.dropFirst(4).map { key in
        var key = key
        key.accountId = "acct-staging"
        return key
    }

    /// A console over prod and staging (staging read-only when asked), both loaded unless
    /// `failStaging`, when staging's first load fails.
    static func console(
        width: Int = 100, height: Int = 30, stagingReadOnly: Bool = false,
        failStaging: Bool = false, refresh: Int = 0
    ) -> (ConsoleState, [Effect]) {
        var state = ConsoleState(
            backend: BackendInfo(kind: .sandbox(path: "x")), refreshInterval: refresh,
            now: Fixtures.now)
        state.accounts = [
            AccountState(profile: "prod", ownKeyId: prodKeys[0].keyId),
            AccountState(profile: "staging", readOnly: stagingReadOnly),
        ]
        var effects: [Effect]
        (state, effects) = ConsoleUpdate.start(state)
        var messages: [Msg] = [
            .resized(width: width, height: height),
            .pageLoaded(generation: 1, keys: prodKeys, more: false, account: 0),
            .rolesLoaded(generation: 1, roles: Fixtures.roles, account: 0),
        ]
        messages.append(
            failStaging
                ? .loadFailed(generation: 1, message: "Cannot reach 127.0.0.1", account: 1)
                : .pageLoaded(generation: 1, keys: stagingKeys, more: false, account: 1))
        for message in messages { state = ConsoleUpdate.update(state, message).0 }
        return (state, effects)
    }

    static func render(_ state: ConsoleState) -> String {
        ConsoleView.render(state, Fixtures.context()).lines.joined(separator: "\n")
    }

    @Test(
        "every account loads on its own: the list is all of them with ACCOUNT, the header counts each; one failing keeps the others and says STALE"
    )
    func loadsOnTheirOwn() {
        let (start, effects) = Self.console()
        #expect(
            effects == [
                .loadKeys(generation: 1, account: 0), .loadRoles(generation: 1, account: 0),
                .loadKeys(generation: 1, account: 1), .loadRoles(generation: 1, account: 1),
            ])
        #expect(start.keys.count == Fixtures.keys.count)
        let screen = Self.render(start)
        let lines = screen.split(separator: "\n").map(String.init)
        #expect(lines[0].contains("2 ACCOUNTS prod, staging"))
        #expect(lines[2].hasPrefix(" prod 4 <24h  staging 1 expired · 2 <7d"), "\(lines[2])")
        #expect(lines[3].contains("ACCOUNT ROLE"))
        #expect(screen.contains("prod    OWNER"))

        let (failed, _) = Self.console(failStaging: true)
        #expect(failed.keys.map(\.keyId) == Self.prodKeys.map(\.keyId))
        let stale = Self.render(failed).split(separator: "\n").map(String.init)
        #expect(stale[2].contains("staging STALE: Cannot reach 127.0.0.1"), "\(stale[2])")
        #expect(failed.flash?.text == "Refresh of staging failed: Cannot reach 127.0.0.1")
    }

    @Test(
        "one account's refresh failing later keeps its list; the other's refresh replaces its own")
    func refreshesOnTheirOwn() {
        var (state, _) = Self.console(refresh: 60)
        // Each account is due 60 s after its own last load.
        state.now = Fixtures.now.addingTimeInterval(61)
        var effects: [Effect]
        (state, effects) = ConsoleUpdate.update(state, .tick(state.now))
        #expect(
            effects == [
                .loadKeys(generation: 2, background: true, account: 0),
                .loadKeys(generation: 2, background: true, account: 1),
            ])
        (state, _) = ConsoleUpdate.update(
            state, .loadFailed(generation: 2, message: "HTTP 401", account: 1))
        let fresh = Array(Self.prodKeys.prefix(2))
        (state, _) = ConsoleUpdate.update(
            state, .pageLoaded(generation: 2, keys: fresh, more: false, account: 0))
        #expect(Set(state.keys.map(\.keyId)) == Set((fresh + Self.stagingKeys).map(\.keyId)))
        #expect(state.accounts[1].staleReason == "HTTP 401")
        #expect(state.accounts[0].staleReason == nil)
        // An answer of an older load of one account is ignored.
        (state, _) = ConsoleUpdate.update(
            state, .pageLoaded(generation: 1, keys: [], more: false, account: 0))
        #expect(state.accounts[0].keys.count == 2)
    }

    @Test("A narrows to one account, the next, then all; the filter also matches ACCOUNT")
    func narrowing() {
        var (state, _) = Self.console()
        var seen: [[String]] = []
        for _ in 0..<3 {
            (state, _) = Fixtures.press(state, .character("A"))
            seen.append(
                state.visibleKeys.map { state.accounts[state.account(of: $0.keyId)!].profile })
        }
        #expect(seen[0].allSatisfy { $0 == "prod" } && seen[0].count == Self.prodKeys.count)
        #expect(seen[1].allSatisfy { $0 == "staging" } && seen[1].count == Self.stagingKeys.count)
        #expect(seen[2].count == Fixtures.keys.count)
        #expect(
            Self.render(Fixtures.press(state, .character("A")).0).contains(
                "of \(Fixtures.keys.count) shown"))
        (state, _) = Fixtures.press(state, .character("/"))
        for character in "stag" { (state, _) = Fixtures.press(state, .character(character)) }
        // Every staging key matches by its account (none of their descriptions says it); of
        // prod's, the one whose description does.
        let shown = Set(state.visibleKeys.map(\.keyId))
        #expect(Set(Self.stagingKeys.map(\.keyId)).isSubset(of: shown))
        #expect(shown.count == Self.stagingKeys.count + 1)
    }

    @Test(
        "actions act on the key's own account: a read-only account's keys refuse d, R and marks, with the reason; the other's open"
    )
    func readOnlyPerAccount() {
        var (state, _) = Self.console(stagingReadOnly: true)
        // The first staging key, selected.
        let staging = Self.stagingKeys[0].keyId
        state.selectedKeyId = staging
        state.selectedIndex = state.visiblePosition(of: staging)!
        var effects: [Effect]
        (state, effects) = Fixtures.press(state, .character("d"))
        #expect(effects.isEmpty && state.overlay == nil)
        #expect(state.flash?.text == "Cannot revoke: staging is read-only")
        #expect(Self.render(state).contains("READ-ONLY staging"))
        // A prod key opens the revoke.
        let prod = Self.prodKeys[1].keyId
        state.selectedKeyId = prod
        state.selectedIndex = state.visiblePosition(of: prod)!
        (state, _) = Fixtures.press(state, .character("d"))
        guard case .revoke? = state.overlay else {
            Issue.record("d on a prod key opened \(String(describing: state.overlay))")
            return
        }
        // Marks spanning both: the bulk revoke is refused, naming the read-only account.
        (state, _) = Fixtures.press(state, .escape)
        state.marked = [prod, staging]
        (state, _) = Fixtures.press(state, .character("d"))
        #expect(
            state.flash?.text.hasPrefix("Cannot revoke the marked keys: staging is read-only")
                == true)
    }

    @Test(
        "each account's own key ranks its actions: an Operator-managed account cannot revoke its Owner keys, while an Owner-managed one can"
    )
    func rankPerAccount() {
        var (state, _) = Self.console()
        // staging is managed with one of its Operator keys; prod with its Owner key.
        let stagingOperator = Self.stagingKeys.first { $0.roleId == RoleID.operator }!
        state.accounts[1].ownKeyId = stagingOperator.keyId
        let owner = Fixtures.key(
            "0123456789abcdef0123456789abcdef", RoleID.owner, "staging owner", issuedDaysAgo: 1,
            expiresIn: 30 * 86400)
        state.accounts[1].keys.append(owner)
        state.selectedKeyId = owner.keyId
        state.selectedIndex = state.visiblePosition(of: owner.keyId)!
        (state, _) = Fixtures.press(state, .character("d"))
        #expect(state.overlay == nil)
        #expect(
            state.flash?.text
                == "Cannot revoke: your Operator key of staging cannot revoke a key of role Owner,"
                + " which ranks above it")
        // prod's own key is an Owner: its Owner keys may be revoked.
        let prodOwner = Self.prodKeys.first { $0.roleId == RoleID.owner }!
        state.selectedKeyId = prodOwner.keyId
        state.selectedIndex = state.visiblePosition(of: prodOwner.keyId)!
        (state, _) = Fixtures.press(state, .character("d"))
        guard case .revoke? = state.overlay else {
            Issue.record("prod's Owner key: \(String(describing: state.overlay))")
            return
        }
    }

    @Test(
        "marks may span accounts: the confirmation groups them by account and types each account's count in turn"
    )
    func bulkByAccount() {
        var (state, _) = Self.console()
        let (prod, otherProd, staging) =
            (Self.prodKeys[1].keyId, Self.prodKeys[2].keyId, Self.stagingKeys[0].keyId)
        state.marked = [staging, prod, otherProd]
        (state, _) = Fixtures.press(state, .character("d"))
        guard case .bulkRevoke(let dialog)? = state.overlay else {
            Issue.record("no bulk revoke: \(String(describing: state.overlay))")
            return
        }
        #expect(dialog.keys.map(\.keyId).last == staging)
        #expect(Set(dialog.keys.map(\.keyId)) == [prod, otherProd, staging])
        #expect(Self.render(state).contains("By account: prod 2, staging 1."))
        #expect(Self.render(state).contains("Type 2 for prod (1 of 2):"))
        // The total is not prod's count: refused, naming the account.
        var effects: [Effect]
        (state, effects) = Fixtures.press(state, .character("3"), .enter)
        #expect(effects.isEmpty)
        #expect(Self.render(state).contains("Type 2, the number of marked keys of prod"))
        // prod's count, then staging's: only then are the keys revoked, each on its account.
        (state, effects) = Fixtures.press(state, .backspace, .character("2"), .enter)
        #expect(effects.isEmpty)
        #expect(Self.render(state).contains("Type 1 for staging (2 of 2):"))
        let confirmed = state
        (state, effects) = Fixtures.press(state, .character("1"), .enter)
        #expect(effects == [.revokeMany(keyIds: dialog.keyIds)])
        // Esc at the second account's count revokes nothing.
        (state, effects) = Fixtures.press(confirmed, .escape)
        #expect(effects.isEmpty)
        #expect(state.overlay == nil)
    }

    @Test(
        "a key created in an account without an endpoint gets none, never another account's; a role renamed on its server is renamed here"
    )
    func ownEndpointAndNames() {
        var (state, _) = Self.console()
        state.endpoint = "cell-4-us-west-2-1.prod.a.momentohq.com"
        state.accounts[0].endpoint = state.endpoint
        let staging = Self.stagingKeys[0].keyId
        state.selectedKeyId = staging
        state.selectedIndex = state.visiblePosition(of: staging)!
        (state, _) = Fixtures.press(state, .character("n"), .enter, .enter, .enter)
        var created = Self.stagingKeys[0]
        created.keyId = "ffffffffffffffffffffffffffffffff"
        (state, _) = ConsoleUpdate.update(
            state, .created(CreatedKey(apiKey: Secret("k"), refreshToken: nil, keyInfo: created)))
        guard case .secret(let panel)? = state.overlay else {
            Issue.record("no secret panel: \(String(describing: state.overlay))")
            return
        }
        #expect(panel.endpoint == nil)
        #expect(state.account(of: created.keyId) == 1)
        // Renamed on prod's server: the merged names follow.
        var renamed = Fixtures.roles
        renamed[renamed.count - 1].roleName = "Release Bots"
        (state, _) = ConsoleUpdate.update(
            state, .rolesLoaded(generation: 1, roles: renamed, account: 0))
        #expect(state.roleName("r-10077") == "Release Bots")
    }

    @Test("n creates in the selected key's account: the review names it and the request carries it")
    func createInItsAccount() {
        var (state, _) = Self.console()
        let staging = Self.stagingKeys[0].keyId
        state.selectedKeyId = staging
        state.selectedIndex = state.visiblePosition(of: staging)!
        // n asks for the account first, on the selected key's.
        (state, _) = Fixtures.press(state, .character("n"))
        guard case .accountMenu(let menu)? = state.overlay else {
            Issue.record("n opened \(String(describing: state.overlay))")
            return
        }
        #expect(menu.profiles == ["prod", "staging"] && menu.index == 1)
        #expect(Self.render(state).contains("New key in which account?"))
        (state, _) = Fixtures.press(state, .enter, .enter)
        let review = Self.render(state)
        #expect(review.contains("Account") && review.contains("staging"), "\(review)")
        let (_, effects) = Fixtures.press(state, .enter)
        guard case .createKey(_, let account, _)? = effects.first else {
            Issue.record("no create: \(effects)")
            return
        }
        #expect(account == 1)
        // Another account can be chosen; a read-only one cannot.
        var other = Self.console(stagingReadOnly: true).0
        other.selectedKeyId = Self.prodKeys[0].keyId
        other.selectedIndex = other.visiblePosition(of: Self.prodKeys[0].keyId)!
        (other, _) = Fixtures.press(other, .character("n"), .character("j"), .enter)
        #expect(other.flash?.text == "Cannot create: staging is read-only")
        (other, _) = Fixtures.press(other, .character("k"), .enter)
        guard case .create(let dialog)? = other.overlay else {
            Issue.record("no create dialog: \(String(describing: other.overlay))")
            return
        }
        #expect(dialog.account?.profile == "prod")
        // p and F work on one account (M asks which).
        for key in ["p", "F"] {
            let (refused, none) = Fixtures.press(Self.console().0, .character(Character(key)))
            #expect(none.isEmpty && refused.overlay == nil)
            #expect(refused.flash?.text.contains("--profile NAME") == true, "\(key)")
        }
    }

    @Test(
        "M asks the account first, the selected key's by default; the migration reaches that account, by its kind of cell, and a read-only one refuses"
    )
    func migrateIntoAnAccount() throws {
        var (state, _) = Self.console(stagingReadOnly: true)
        state.accounts[0].isPreprod = false
        let prod = Self.prodKeys[1].keyId
        state.selectedKeyId = prod
        state.selectedIndex = state.visiblePosition(of: prod)!
        (state, _) = Fixtures.press(state, .character("M"))
        guard case .accountMenu(let menu)? = state.overlay else {
            Issue.record("no account menu: \(String(describing: state.overlay))")
            return
        }
        #expect(menu.migrating && menu.index == 0)
        #expect(Self.render(state).contains("Migrate into which account?"))
        // staging is read-only: refused there, in the menu.
        (state, _) = Fixtures.press(state, .down, .enter)
        #expect(state.flash?.text == "Cannot migrate: staging is read-only")
        // prod, a production Momento account: a preprod cell's v1 key is refused, a prod one
        // is migrated into prod.
        (state, _) = Fixtures.press(state, .up, .enter)
        #expect(state.keyContext == .migratePaste)
        let preprod = Fixtures.press(
            state, .paste(MigrateUpdateTests.v1Key(endpoint: "cell-1.preprod.a.momentohq.com")),
            .enter
        ).0
        #expect(MigrateUpdateTests.dialog(preprod)?.error?.contains("pre-production") == true)
        var effects: [Effect]
        (state, _) = Fixtures.press(state, .paste(MigrateUpdateTests.v1Key()), .enter)
        #expect(Self.render(state).contains("prod"))
        (state, effects) = Fixtures.press(state, .enter, .enter)
        guard case .migrateKey(_, let endpoint, _, let account, _)? = effects.first else {
            Issue.record("expected one migrateKey, got \(effects)")
            return
        }
        #expect(endpoint == MigrateUpdateTests.cell)
        #expect(account == 0)
    }

    @Test(
        "a custom role id two accounts name differently is named by each key's own account: the row, the filter, the details"
    )
    func roleIdsOfEachAccount() {
        var (state, _) = Self.console()
        let staging = Self.stagingKeys.first { $0.roleId == "r-10042" }!
        // staging's roles have not loaded: its key shows the id, never prod's name for it.
        #expect(state.roleName(of: staging) == "r-10042")
        let zeta = Role(
            roleId: "r-10042", roleName: "Zeta Admins", roleType: .custom, description: "")
        (state, _) = ConsoleUpdate.update(
            state, .rolesLoaded(generation: 1, roles: Role.system + [zeta], account: 1))
        #expect(state.roleName(of: staging) == "Zeta Admins")
        #expect(state.roleName("r-10042") == "Cache Readers", "prod's, the first account's")
        let row = Self.render(state).split(separator: "\n").first {
            $0.contains(staging.description)
        }
        #expect(row?.contains("Zeta Admins") == true, "\(String(describing: row))")
        (state, _) = Fixtures.press(state, .character("/"))
        for character in "zeta admins" { (state, _) = Fixtures.press(state, .character(character)) }
        let zetas = Set(Self.stagingKeys.filter { $0.roleId == "r-10042" }.map(\.keyId))
        #expect(Set(state.visibleKeys.map(\.keyId)) == zetas)
        (state, _) = Fixtures.press(state, .escape, .character("/"))
        for character in "cache readers" {
            (state, _) = Fixtures.press(state, .character(character))
        }
        // prod names r-10042 Cache Readers, but has no key of it; staging's are Zeta Admins.
        #expect(Set(state.visibleKeys.map(\.keyId)).isDisjoint(with: zetas))
        (state, _) = Fixtures.press(state, .escape)
        state.selectedKeyId = staging.keyId
        state.selectedIndex = state.visiblePosition(of: staging.keyId)!
        (state, _) = Fixtures.press(state, .enter)
        #expect(Self.render(state).contains("Zeta Admins (r-10042)"))
    }

    @Test(
        "a long STALE reason never hides another account's counts; the profiles left out are named on the accounts line"
    )
    func staleReasonKeepsTheOthers() {
        var (state, _) = Self.console(width: 80)
        state.leftOut = ["old"]
        (state, _) = Fixtures.press(state, .character("r"))
        let generation = state.accounts[0].generation
        let long =
            "Cannot reach mga.registry.prod.a.momentohq.com: transport error; check the"
            + " network, the proxy (HTTPS_PROXY) and the endpoint"
        (state, _) = ConsoleUpdate.update(
            state, .loadFailed(generation: generation, message: long, account: 0))
        let line = Self.render(state).split(separator: "\n").map(String.init)[2]
        #expect(line.hasPrefix(" prod 4 <24h STALE: Cannot reach"), "\(line)")
        #expect(line.contains("  staging 1 expired · 2 <7d"), "\(line)")
        #expect(line.hasSuffix("left out: old "), "\(line)")
        #expect(DisplayWidth.of(line) <= 80)
    }

    @Test(
        "n and M on a read-only account's key still ask the account, on a writable one; revoke and the form name the key's account"
    )
    func readOnlyKeyStillAsks() throws {
        var (state, _) = Self.console(stagingReadOnly: true)
        let staging = Self.stagingKeys[0].keyId
        state.selectedKeyId = staging
        state.selectedIndex = state.visiblePosition(of: staging)!
        for key in ["n", "M"] {
            let (asked, _) = Fixtures.press(state, .character(Character(key)))
            guard case .accountMenu(let menu)? = asked.overlay else {
                Issue.record(
                    "\(key): \(String(describing: asked.overlay)), \(String(describing: asked.flash))"
                )
                continue
            }
            #expect(menu.index == 0, "prod, the writable one")
        }
        #expect(Self.render(state).contains("n create"), "offered on a read-only key's row")
        #expect(!Self.render(state).contains("p region"), "one account's binding: not offered")
        let (form, _) = Fixtures.press(state, .character("n"), .enter)
        #expect(Self.render(form).contains("New key in prod"))
        // A revoke of a prod key names prod.
        let prod = Self.prodKeys[1].keyId
        state.selectedKeyId = prod
        state.selectedIndex = state.visiblePosition(of: prod)!
        let (revoke, _) = Fixtures.press(state, .character("d"))
        let screen = Self.render(revoke)
        let row = try #require(screen.split(separator: "\n").first { $0.contains("Account") })
        #expect(row.contains("prod"), "\(row)")
    }

    @Test("the console's audit journal names each entry's account, as keyconsole audit does")
    func journalNamesTheAccount() {
        var (state, _) = Self.console()
        (state, _) = Fixtures.press(state, .character("a"))
        let line = JournalLine(
            time: Fixtures.now, user: "ops", action: "revoke", outcome: "done",
            keyId: Self.stagingKeys[0].keyId, replaces: nil, detail: "Viewer", profile: "staging")
        (state, _) = ConsoleUpdate.update(state, .journalLoaded([line]))
        let screen = Self.render(state)
        #expect(
            screen.contains("\(Self.stagingKeys[0].keyId.prefix(8)) [staging] Viewer"), "\(screen)")
    }
}
