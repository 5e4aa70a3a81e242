import ConsoleUI
import Foundation
import MomentoKeys
import ScreenModel
import Testing

/// What the admin sees stays true to what the console does: selection, marks, header, roles.
@Suite("Selection, marks, header and roles")
struct SelectionAndMarksTests {
    private static func typing(_ text: String) -> [Key] { text.map(Key.character) }

    private static func press(_ state: ConsoleState, _ keys: [Key]) -> (ConsoleState, [Effect]) {
        keys.reduce((state, [Effect]())) { result, key in
            let (next, effects) = ConsoleUpdate.update(result.0, .key(key))
            return (next, result.1 + effects)
        }
    }

    @Test("the selection stays on its key when sorting, reversing, filtering and refreshing")
    func selectionFollowsKey() {
        let target = Fixtures.keys[6]  // Payments service, 80 days left
        var state = Fixtures.loaded()
        state = Self.press(state, Array(repeating: .down, count: 8)).0
        state.selectedKeyId = target.keyId
        state = ConsoleUpdate.update(state, .tick(Fixtures.now)).0
        #expect(state.selectedKey?.keyId == target.keyId)
        for key: Key in [.character("s"), .character("s"), .character("S"), .character("s")] {
            state = Self.press(state, [key]).0
            #expect(state.selectedKey?.keyId == target.keyId, "after \(key), sort \(state.sort)")
        }
        state = Self.press(state, [.character("/")] + Self.typing("pay") + [.enter]).0
        #expect(state.selectedKey?.keyId == target.keyId)
        state = Self.press(state, [.escape]).0
        #expect(state.selectedKey?.keyId == target.keyId)
        // A refresh that brings a new key before it keeps it selected too.
        state = Self.press(state, [.character("r")]).0
        let newcomer = Fixtures.key("00new", RoleID.viewer, "aaa", issuedDaysAgo: 0, expiresIn: 60)
        state =
            ConsoleUpdate.update(
                state,
                .pageLoaded(
                    generation: state.generation, keys: [newcomer] + Fixtures.keys, more: false)
            ).0
        #expect(state.selectedKey?.keyId == target.keyId)
        // The e toggle keeps it when it stays visible, and the header says the toggle is on.
        state.selectedKeyId = Fixtures.keys[4].keyId
        state = ConsoleUpdate.update(state, .tick(Fixtures.now)).0
        state = Self.press(state, [.character("e")]).0
        #expect(state.selectedKey?.keyId == Fixtures.keys[4].keyId)
        let header = ConsoleView.render(state, Fixtures.context()).lines[1]
        #expect(header.contains("(e: <7d)"), "\(header)")
    }

    @Test("bulk revoke lists every marked key, says how many the filter hides; U clears all marks")
    func bulkRevokeShowsHidden() {
        var state = Fixtures.loaded()
        state = Self.press(state, [.character(" "), .character(" ")]).0
        state = Self.press(state, [.character("/")] + Self.typing("Grafana") + [.enter]).0
        state = Self.press(state, [.character(" "), .character("d")]).0
        guard case .bulkRevoke(let dialog)? = state.overlay else {
            Issue.record("no bulk revoke: \(String(describing: state.overlay))")
            return
        }
        #expect(dialog.keys.count == 3 && dialog.hiddenCount == 2)
        #expect(dialog.keyIds.first == Fixtures.keys[3].keyId)  // the one in view first
        let lines = ConsoleView.render(state, Fixtures.context()).lines.joined(separator: "\n")
        #expect(lines.contains("2 of them hidden by the filter"))
        for key in dialog.keys {
            #expect(lines.contains(String(key.keyId.prefix(20))), "\(key.keyId) not listed")
            #expect(lines.contains(String(key.description.prefix(12))), "\(key.description)")
        }
        // The typed count is all three; Enter revokes all three.
        let (_, effects) = Self.press(state, Self.typing("3") + [.enter])
        #expect(effects == [.revokeMany(keyIds: dialog.keyIds)])
        // Esc, then U clears every mark, hidden ones too.
        state = Self.press(state, [.escape, .character("U")]).0
        #expect(state.marked.isEmpty && state.flash?.text == "Cleared 3 marks")
    }

    @Test("a long list of marked keys scrolls in the confirmation")
    func bulkRevokeScrolls() {
        var state = Fixtures.loaded(width: 40, height: 12)
        state = Self.press(state, Array(repeating: .character(" "), count: 12)).0
        state = Self.press(state, [.character("d")]).0
        var lines = ConsoleView.render(state, Fixtures.context()).lines.joined(separator: "\n")
        #expect(lines.contains("of 12"))
        let last = Fixtures.keys.sorted {
            ($0.expiresAtEpochSeconds ?? .max) < ($1.expiresAtEpochSeconds ?? .max)
        }
        state = Self.press(state, Array(repeating: .down, count: 12)).0
        lines = ConsoleView.render(state, Fixtures.context()).lines.joined(separator: "\n")
        guard case .bulkRevoke(let dialog)? = state.overlay else { return }
        #expect(lines.contains(String(dialog.keys.last!.keyId.prefix(8))), "\(lines)")
        #expect(!last.isEmpty)
    }

    @Test("an Operator key is not offered the Owner role and may not revoke or rotate Owner keys")
    func roleRanking() {
        let operatorKey = Fixtures.keys[1]
        var state = Fixtures.loaded(ownKeyId: operatorKey.keyId)
        state.selectedKeyId = Fixtures.keys[0].keyId
        state = ConsoleUpdate.update(state, .tick(Fixtures.now)).0
        #expect(!state.roleChoices.map(\.roleId).contains(RoleID.owner))
        #expect(state.roleChoices.map(\.roleId).contains(RoleID.operator))
        #expect(state.roleChoices.map(\.roleId).contains("r-10077"))
        // The first key (selected) is an Owner key.
        #expect(state.selectedKey?.roleId == RoleID.owner)
        var (next, effects) = Self.press(state, [.character("d")])
        #expect(next.overlay == nil && effects.isEmpty)
        #expect(next.flash?.text.contains("cannot revoke a key of role Owner") == true)
        (next, effects) = Self.press(state, [.character("R")])
        #expect(next.overlay == nil && next.flash?.text.contains("cannot rotate") == true)
        // Marked with an Owner key among them, the bulk revoke is refused, naming it.
        (next, _) = Self.press(state, [.character(" "), .character("d")])
        #expect(next.overlay == nil && next.flash?.text.contains(Fixtures.keys[0].keyId) == true)
        // An Operator key is fine.
        state = Self.press(state, [.down]).0
        #expect(state.selectedKey?.roleId == RoleID.operator)
        #expect(Self.press(state, [.character("d")]).0.overlay != nil)
        // An Owner key may do everything.
        var owner = Fixtures.loaded(ownKeyId: Fixtures.keys[0].keyId)
        owner.selectedKeyId = Fixtures.keys[0].keyId
        #expect(owner.roleChoices.map(\.roleId).contains(RoleID.owner))
        #expect(Self.press(owner, [.character("d")]).0.overlay != nil)
    }

    @Test("ranks: Owner > Operator > a custom role that writes > Viewer and read-only custom roles")
    func ranks() {
        #expect(
            RoleRank(roleId: RoleID.owner, permissions: nil)
                > RoleRank(roleId: RoleID.operator, permissions: nil))
        let writer = JSONValue.object([
            "rules": .array([
                .object(["type": .string("cache"), "permissions": .array([.string("write")])])
            ])
        ])
        let reader = JSONValue.object([
            "rules": .array([
                .object(["type": .string("cache"), "permissions": .array([.string("read")])])
            ])
        ])
        #expect(RoleRank(roleId: "r-1", permissions: writer) == .writer)
        #expect(RoleRank(roleId: "r-1", permissions: reader) == .reader)
        #expect(RoleRank(roleId: "r-1", permissions: writer) < .operator)
        #expect(RoleRank(roleId: RoleID.viewer, permissions: writer) == .reader)
        #expect(RoleRank.operator.covers(.writer) && !RoleRank.operator.covers(.owner))
    }

    @Test("the header: the console's own key revoked stops its countdown; stale keeps the counts")
    func headerStates() {
        let own = Fixtures.keys[1].keyId
        var state = Fixtures.loaded(ownKeyId: own)
        #expect(ConsoleView.render(state, Fixtures.context()).lines[0].contains("42m"))
        state = ConsoleUpdate.update(state, .revoked(keyId: own)).0
        let top = ConsoleView.render(state, Fixtures.context()).lines[0]
        #expect(top.contains("REVOKED") && !top.contains("42m"), "\(top)")
        // A complete list without the console's key says so too.
        var other = Fixtures.loaded(ownKeyId: "gone-key")
        #expect(other.ownKeyGone)
        // Stale: the counts stay, with the time of the last good list, also while retrying.
        other = Self.press(Fixtures.loaded(), [.character("r")]).0
        other =
            ConsoleUpdate.update(
                other, .loadFailed(generation: other.generation, message: "HTTP 503")
            ).0
        for moment in [0.0, 61, 62] {
            other = ConsoleUpdate.update(other, .tick(Fixtures.now.addingTimeInterval(moment))).0
            let line = ConsoleView.render(other, Fixtures.context()).lines[1]
            #expect(
                line.contains("12 keys") && line.contains("STALE since 12:00:00: HTTP 503"),
                "\(line)")
            #expect(!line.contains("loading"))
        }
    }

    @Test("details scroll at 40x12, so the replacing key and the description can be read")
    func detailsScroll() {
        var state = Fixtures.loaded(width: 40, height: 12)
        state.rotated[Fixtures.keys[0].keyId] = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
        state.selectedKeyId = Fixtures.keys[0].keyId
        state = ConsoleUpdate.update(state, .tick(Fixtures.now)).0
        state = Self.press(state, [.enter]).0
        var text = ConsoleView.render(state, Fixtures.context()).lines.joined(separator: "\n")
        #expect(text.contains("more ↓") && !text.contains("Temporary debugging"), "\(text)")
        state = Self.press(state, Array(repeating: .down, count: 12)).0
        text = ConsoleView.render(state, Fixtures.context()).lines.joined(separator: "\n")
        #expect(
            text.contains("9f8e7d6c5b4a39281706f5e4d3c2b1a0")
                || text.contains("9f8e7d6c5b4a39281706f"))
        #expect(text.contains("Temporary debugging"), "\(text)")
        #expect(Self.press(state, [.escape, .enter]).0.detailsScroll == 0)
    }

    @Test("a long message takes rows from the list, and the selection stays in view")
    func longFlashKeepsSelection() {
        var state = Fixtures.loaded(width: 40, height: 12)
        state = Self.press(state, [.end, .character("r")]).0
        let selected = state.selectedKeyId
        state =
            ConsoleUpdate.update(
                state,
                .loadFailed(
                    generation: state.generation,
                    message: "Rate limited: Momento allows about 5 key operations per second")
            ).0
        #expect(state.flashLines.count == 3 && state.listRows == 5)
        let lines = ConsoleView.render(state, Fixtures.context()).lines
        let row = lines.firstIndex { $0.hasPrefix(" ▶") }
        #expect(row != nil && row! < 12 - 4, "\(lines.joined(separator: "\n"))")
        #expect(state.selectedKeyId == selected)
    }

    @Test("Shift-Tab goes back a field in the forms")
    func backTab() {
        var state = Self.press(Fixtures.loaded(), [.character("n"), .tab]).0
        guard case .create(let dialog)? = state.overlay else { return }
        #expect(dialog.field == .description)
        state = Self.press(state, [.backTab]).0
        guard case .create(let back)? = state.overlay else { return }
        #expect(back.field == .role)
    }
}
