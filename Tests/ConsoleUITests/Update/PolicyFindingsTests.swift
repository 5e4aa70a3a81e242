import ConsoleUI
import Foundation
import MomentoKeys
import ScreenModel
import Testing

/// The key policy in the console: the finding mark, the header's count, `!`, the details,
/// the create dialog's limits, and what a custom role grants.
@Suite("The key policy in the console")
struct PolicyFindingsTests {
    static let day: Int64 = 86400

    /// The fixture account judged by a policy: 90 days at most, no key that never expires,
    /// Owners' never-expiring keys critical, 180 days old at most.
    static var policy: AccountPolicy {
        var base = PolicyRules()
        base.maxLifetime = 90 * day
        base.neverExpires = .warn
        base.maxAge = 180 * day
        var owner = PolicyRules()
        owner.neverExpires = .forbid
        owner.maxLifetime = 30 * day
        owner.severity[.neverExpires] = .critical
        return Policy(base: base, roles: ["Owner": owner]).account(nil)
    }

    static func judged(width: Int = 80, height: Int = 24, ownKeyId: String? = nil)
        -> ConsoleState
    {
        var state = Fixtures.loaded(width: width, height: height, ownKeyId: ownKeyId)
        state.policy = policy
        return state
    }

    @Test("a row mark in a column of its own, the header's count, in Unicode and in ASCII")
    func marks() throws {
        let state = Self.judged()
        // Break-glass admin (Owner, never, 200 days), Legacy monolith (never, 400 days),
        // Partner integration (180 days' lifetime).
        #expect(state.findingsCount == 5, "\(state.findings)")
        for unicode in [true, false] {
            let glyph = unicode ? "⚑" : "%"
            let lines = ConsoleView.render(state, Fixtures.context(unicode: unicode)).lines
            #expect(lines[1].contains("(\(glyph) 5 findings)"), "\(lines[1])")
            let breakGlass = try #require(lines.first { $0.contains("Break-glass") })
            #expect(breakGlass.contains("\(glyph) Break-glass"), "\(breakGlass)")
            let payments = try #require(lines.first { $0.contains("Payments service") })
            #expect(payments.contains("   Payments service"), "\(payments)")
            #expect(!payments.contains(glyph))
        }
        // No policy: no column, no count (the list as before).
        let plain = ConsoleView.render(Fixtures.loaded(), Fixtures.context()).lines
        #expect(!plain.joined().contains("⚑"))
        #expect(!plain[1].contains("finding"))
    }

    @Test("a rotated key keeps its mark: the note follows it")
    func rotatedMark() throws {
        var state = Self.judged(width: 120, height: 24)
        state.rotated["3a4b5c6d7e8f90a1b2c3d4e5f6071829"] = "99aa77bb66cc55dd44ee33ff22001100"
        let lines = ConsoleView.render(state, Fixtures.context()).lines
        let row = try #require(lines.first { $0.contains("Break-glass") })
        #expect(row.contains("⚑ ↻99aa77bb Break-glass"), "\(row)")
    }

    @Test("! without a policy says there is none, and changes nothing")
    func toggleWithoutPolicy() {
        let (state, _) = Fixtures.press(Fixtures.loaded(), .character("!"))
        #expect(!state.findingsOnly)
        #expect(state.visibleKeys.count == 12)
        #expect(state.flash?.text.contains("No key policy sets a rule") == true)
    }

    @Test("! shows only the keys with findings, says so in the header; Esc and ! clear it")
    func toggle() {
        let (only, _) = Fixtures.press(Self.judged(), .character("!"))
        #expect(only.visibleKeys.count == 3)
        #expect(only.visibleKeys.allSatisfy { only.findings[$0.keyId] != nil })
        let header = ConsoleView.render(only, Fixtures.context()).lines[1]
        #expect(header.hasPrefix(" 3 of 12 shown (!: findings)"), "\(header)")
        #expect(Fixtures.press(only, .character("!")).0.visibleKeys.count == 12)
        #expect(Fixtures.press(only, .escape).0.visibleKeys.count == 12)
        // Time passing brings a key past max_age into the list.
        var later = only
        later.now = only.now.addingTimeInterval(TimeInterval(170 * Self.day))
        #expect(later.visibleKeys.count > 3)
    }

    @Test("the details name each finding, its rule and its severity; 40 columns wrap them")
    func details() throws {
        for width in [80, 40] {
            var state = Self.judged(width: width, height: 40)
            state.selectedKeyId = "3a4b5c6d7e8f90a1b2c3d4e5f6071829"
            state.selectedIndex = try #require(
                state.visiblePosition(of: "3a4b5c6d7e8f90a1b2c3d4e5f6071829"))
            let (open, _) = Fixtures.press(state, .enter)
            let text = ConsoleView.render(open, Fixtures.context()).lines.joined(separator: "\n")
            #expect(text.contains("Policy"), "\(text)")
            #expect(text.contains("never_expires"), "\(text)")
            #expect(text.contains("(critical)"), "\(text)")
            #expect(text.contains("max_age"), "\(text)")
        }
    }

    @Test("create: presets past max_lifetime are not allowed and say why; never is refused")
    func createDialog() throws {
        // An Operator's key: the policy holds (an Owner's may go past it, below).
        var state = Self.judged(ownKeyId: "b2c3d4e5f60718293a4b5c6d7e8f90a1")
        state.selectedIndex = 0
        var (open, _) = Fixtures.press(state, .character("n"))
        guard case .create(var dialog)? = open.overlay else {
            Issue.record("no create dialog")
            return
        }
        // Operator, 30 days: allowed. 1 year: not allowed, with the limit named.
        #expect(dialog.expiry(now: open.now).isSuccess)
        dialog.field = .expiry
        dialog.expiryIndex = 4
        open.overlay = .create(dialog)
        let lines = ConsoleView.render(open, Fixtures.context()).lines.joined(separator: "\n")
        #expect(lines.contains("1 year (not allowed)"), "\(lines)")
        #expect(lines.contains("The policy allows keys of at most 90"), "\(lines)")
        let (refused, effects) = Fixtures.press(open, .enter)
        #expect(effects.isEmpty)
        guard case .create(let after)? = refused.overlay else {
            Issue.record("the dialog closed")
            return
        }
        #expect(after.step == .form)
        #expect(after.error?.contains("max_lifetime in [policy]") == true)
        // An Owner key may not be made to never expire (the sandbox's console offers Owner).
        guard case .create(var owner)? = Fixtures.press(Self.judged(), .character("n")).0.overlay
        else {
            Issue.record("no create dialog")
            return
        }
        owner.roleIndex = try #require(owner.roles.firstIndex { $0.roleId == RoleID.owner })
        owner.expiryIndex = try #require(owner.expiryChoices.firstIndex(of: .never))
        #expect(owner.expiryProblem(now: open.now)?.contains("no key that never expires") == true)
    }

    @Test(
        "an Owner's key may go past the policy with a typed reason, carried to the create; others may not"
    )
    func ownerOverride() throws {
        func opened(ownKeyId: String) -> ConsoleState {
            var state = Fixtures.loaded(ownKeyId: ownKeyId)
            state.policy = Self.policy
            var (open, _) = Fixtures.press(state, .character("n"))
            guard case .create(var dialog)? = open.overlay else { return open }
            dialog.field = .expiry
            dialog.expiryIndex = 4  // 1 year
            open.overlay = .create(dialog)
            return open
        }
        // An Operator's key: refused, with the limit, and no reason asked.
        let operatorKey = "b2c3d4e5f60718293a4b5c6d7e8f90a1"
        let (refused, none) = Fixtures.press(opened(ownKeyId: operatorKey), .enter)
        guard case .create(let stays)? = refused.overlay else {
            Issue.record("the dialog closed")
            return
        }
        #expect(none.isEmpty)
        #expect(stays.step == .form)
        #expect(stays.error?.contains("at most 90 days") == true)
        // An Owner's key: Enter asks why; an empty reason is refused; the reason goes to the
        // review and into the request's effect.
        let ownerKey = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
        var (state, _) = Fixtures.press(opened(ownKeyId: ownerKey), .enter)
        guard case .create(let asking)? = state.overlay else {
            Issue.record("the dialog closed")
            return
        }
        #expect(asking.step == .override)
        let screen = ConsoleView.render(state, Fixtures.context()).lines.joined(separator: "\n")
        #expect(screen.contains("you may go past it. Why?"), "\(screen)")
        (state, _) = Fixtures.press(state, .enter)
        guard case .create(let empty)? = state.overlay else { return }
        #expect(empty.step == .override && empty.error != nil)
        (state, _) = Fixtures.press(
            state, .character("I"), .character("N"), .character("C"), .character("-"),
            .character("9"), .enter)
        guard case .create(let review)? = state.overlay else { return }
        #expect(review.step == .review)
        #expect(review.policyOverride == "INC-9")
        let shown = ConsoleView.render(state, Fixtures.context()).lines.joined(separator: "\n")
        #expect(shown.contains("overridden: INC-9"), "\(shown)")
        let (_, effects) = Fixtures.press(state, .enter)
        guard case .createKey(let request, _, let reason)? = effects.first else {
            Issue.record("no create: \(effects)")
            return
        }
        #expect(reason == "INC-9")
        #expect(request.expiry != .never)
    }

    @Test("R: the old key's validity past max_lifetime is capped, and the choice says so")
    func rotationCapped() throws {
        var state = Self.judged()
        let partner = "293a4b5c6d7e8f90a1b2c3d4e5f60718"  // 180 days' lifetime
        state.selectedKeyId = partner
        state.selectedIndex = try #require(state.visiblePosition(of: partner))
        let (open, _) = Fixtures.press(state, .character("R"))
        guard case .create(let dialog)? = open.overlay else {
            Issue.record("no rotation")
            return
        }
        guard case .duration(let seconds, let label) = dialog.expiryChoice else {
            Issue.record("not a duration")
            return
        }
        #expect(seconds == 90 * Self.day)
        #expect(label.contains("the policy's most (old key 180 days)"), "\(label)")
        #expect(dialog.expiry(now: open.now).isSuccess)
    }

    @Test("a custom role's grants in the details; auth_management write lets its key manage")
    func grants() throws {
        let set = JSONValue.object([
            "rules": .array([
                .object([
                    "type": .string("cache"), "permissions": .array([.string("read")]),
                    "caches": .object(["name": .string("prod-writer")]), "items": .string("*"),
                ]),
                .object([
                    "type": .string("auth_management"),
                    "permissions": .array([.string("read"), .string("write")]),
                    "items": .string("*"),
                ]),
            ])
        ])
        let roles =
            Role.system + [
                Role(
                    roleId: "r-10042", roleName: "Cache Readers", roleType: .custom,
                    description: "", permissions: set)
            ]
        let own = "f60718293a4b5c6d7e8f90a1b2c3d4e5"  // Cache Readers
        var state = Fixtures.loaded(width: 40, height: 40, ownKeyId: own)
        #expect(!state.canManage)
        state =
            ConsoleUpdate.update(
                state, .rolesLoaded(generation: state.rolesGeneration, roles: roles)
            ).0
        #expect(state.canManage)
        state.selectedKeyId = own
        state.selectedIndex = try #require(state.visiblePosition(of: own))
        let (open, _) = Fixtures.press(state, .enter)
        let text = ConsoleView.render(open, Fixtures.context()).lines.joined(separator: "\n")
        #expect(text.contains("Grants"), "\(text)")
        #expect(text.contains("cache: read"), "\(text)")
        #expect(text.contains("prod-writer"), "\(text)")
        #expect(text.contains("auth_management:"), "\(text)")
        // The selectors stay indented under their rule when wrapped at 40 columns.
        let lines = ConsoleView.render(open, Fixtures.context()).lines
        let rule = try #require(lines.first { $0.contains("cache: read") })
        let selector = try #require(lines.first { $0.contains("caches: name") })
        let ruleColumn = try #require(rule.range(of: "cache: read")).lowerBound
        let selectorColumn = try #require(selector.range(of: "caches: name")).lowerBound
        #expect(
            selector.distance(from: selector.startIndex, to: selectorColumn)
                == rule.distance(from: rule.startIndex, to: ruleColumn) + 2, "\(text)")
    }
}

extension Result {
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
