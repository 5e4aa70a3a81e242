import Foundation
import MomentoKeys
import ScreenModel
import Testing
import TextKit

@testable import ConsoleUI

@Suite("update: every key and message")
struct ConsoleUpdateTests {
    @Test("start asks for keys and roles, and shows pages as they stream in")
    func startAndStream() {
        var (state, effects) = ConsoleUpdate.start(
            ConsoleState(backend: BackendInfo(kind: .sandbox(path: "x")), now: Fixtures.now))
        #expect(effects == [.loadKeys(generation: 1), .loadRoles(generation: 1)])
        state =
            ConsoleUpdate.update(
                state, .pageLoaded(generation: 1, keys: Array(Fixtures.keys.prefix(5)), more: true)
            ).0
        #expect(state.visibleKeys.count == 5)
        #expect(state.loading?.received.count == 5)
        state =
            ConsoleUpdate.update(
                state,
                .pageLoaded(generation: 1, keys: Array(Fixtures.keys.dropFirst(5)), more: false)
            ).0
        #expect(state.loading == nil && state.loaded)
        #expect(state.keys.count == 12)
        #expect(state.lastRefresh == Fixtures.now)
    }

    @Test("default order: soonest expiry first, never-expiring last")
    func defaultOrder() {
        let order = Fixtures.loaded().visibleKeys.map(\.description)
        #expect(order.first == "Old load test")
        #expect(order[1] == "Temporary debugging session")
        #expect(Array(order.suffix(2)) == ["Break-glass admin", "Legacy monolith"])
    }

    @Test("j/k and arrows move, stopping at both ends")
    func moving() {
        let state = Fixtures.loaded()
        #expect(Fixtures.press(state, .down).0.selectedIndex == 1)
        #expect(
            Fixtures.press(state, .character("j"), .character("j"), .character("k")).0.selectedIndex
                == 1)
        #expect(Fixtures.press(state, .up).0.selectedIndex == 0)
        #expect(Fixtures.press(state, .up, .character("k")).0.selectedIndex == 0)
        let end = Fixtures.press(state, .end).0
        #expect(end.selectedIndex == 11)
        #expect(Fixtures.press(end, .down).0.selectedIndex == 11)
    }

    @Test("PgUp/PgDn move by a screenful; Home/End and g/G jump; the list scrolls to follow")
    func paging() {
        let state = Fixtures.loaded(height: 10)  // 5 list rows
        let down = Fixtures.press(state, .pageDown).0
        #expect(down.selectedIndex == 5)
        #expect(down.scrollOffset == 1)
        #expect(Fixtures.press(down, .pageUp).0.selectedIndex == 0)
        #expect(Fixtures.press(state, .character("G")).0.selectedIndex == 11)
        #expect(Fixtures.press(state, .character("G")).0.scrollOffset == 7)
        #expect(Fixtures.press(state, .character("G"), .character("g")).0.selectedIndex == 0)
        #expect(Fixtures.press(state, .end, .home).0.scrollOffset == 0)
    }

    @Test("/ filters as you type by id, description and role; Enter keeps it; Esc clears")
    func filtering() {
        let state = Fixtures.loaded()
        let typing = Fixtures.press(
            state, .character("/"), .character("e"), .character("t"), .character("l")
        ).0
        #expect(typing.editingFilter)
        #expect(typing.visibleKeys.map(\.description) == ["Nightly ETL job"])
        let byRole = Fixtures.press(
            state, .character("/"), .character("v"), .character("i"), .character("e"),
            .character("w")
        ).0
        #expect(byRole.visibleKeys.count == 3)
        var byId = Fixtures.press(state, .character("/")).0
        for character in "3a4b5c6d7e8f90a1b2c3d4e5f6071829" {
            byId = Fixtures.press(byId, .character(character)).0
        }
        #expect(byId.visibleKeys.map(\.keyId) == ["3a4b5c6d7e8f90a1b2c3d4e5f6071829"])
        let kept = Fixtures.press(typing, .enter).0
        #expect(!kept.editingFilter && kept.filter == "etl")
        #expect(Fixtures.press(kept, .escape).0.filter.isEmpty)
        #expect(Fixtures.press(typing, .backspace).0.filter == "et")
        let cleared = Fixtures.press(typing, .escape).0
        #expect(!cleared.editingFilter && cleared.visibleKeys.count == 12)
        // While filtering, letters are text, not commands.
        #expect(Fixtures.press(state, .character("/"), .character("q")).1.isEmpty)
    }

    @Test("e toggles keys expiring within 7 days")
    func expiring() {
        let on = Fixtures.press(Fixtures.loaded(), .character("e")).0
        #expect(on.expiringOnly)
        #expect(on.visibleKeys.count == 7)
        #expect(Fixtures.press(on, .character("e")).0.visibleKeys.count == 12)
    }

    @Test("s cycles LEFT, ROLE, KEY ID, DESCRIPTION, ISSUED as shown, skipping hidden; S reverses")
    func sorting() {
        let state = Fixtures.loaded()
        func cycle(_ state: ConsoleState) -> [SortColumn] {
            var sorted = state
            var columns: [SortColumn] = []
            for _ in 0..<5 {
                sorted = Fixtures.press(sorted, .character("s")).0
                columns.append(sorted.sort)
            }
            return columns
        }
        #expect(cycle(state) == [.role, .id, .description, .issued, .expiry])
        // At 40 columns only ROLE, DESCRIPTION and LEFT are on screen.
        #expect(
            cycle(Fixtures.loaded(width: 40, height: 12)) == [
                .role, .description, .expiry, .role, .description,
            ])
        let byRole = Fixtures.press(state, .character("s")).0
        #expect(byRole.visibleKeys.prefix(2).map(\.roleId) == [RoleID.owner, RoleID.owner])
        #expect(byRole.visibleKeys.last?.roleName(in: byRole) == "Deploy Bots")
        let reversed = Fixtures.press(state, .character("S")).0
        #expect(reversed.visibleKeys.first?.description == "Legacy monolith")
    }

    @Test("o and F6 open the sort menu of the columns on screen; Enter sorts, Esc keeps the sort")
    func sortMenu() {
        let state = Fixtures.loaded()
        let (open, _) = Fixtures.press(state, .character("o"))
        guard case .sortMenu(let menu)? = open.overlay else {
            Issue.record("o opened no sort menu")
            return
        }
        #expect(menu.columns == [.expiry, .role, .id, .description, .issued])
        #expect(menu.chosen == .expiry)
        let (byIssued, _) = Fixtures.press(state, .f6, .down, .down, .down, .down, .enter)
        #expect(byIssued.overlay == nil)
        #expect(byIssued.sort == .issued)
        let (kept, _) = Fixtures.press(state, .character("o"), .down, .escape)
        #expect(kept.overlay == nil)
        #expect(kept.sort == .expiry)
        let narrow = Fixtures.press(Fixtures.loaded(width: 40, height: 12), .character("o")).0
        guard case .sortMenu(let small)? = narrow.overlay else {
            Issue.record("o opened no sort menu at 40 columns")
            return
        }
        #expect(small.columns == [.expiry, .role, .description])
    }

    @Test("the help of the list groups its keys; PgDn, End, PgUp and Home scroll it, not close it")
    func helpScrolls() {
        let state = Fixtures.loaded(width: 80, height: 24)
        let (open, _) = Fixtures.press(state, .character("?"))
        let lines = open.help?.lines(readOnly: { _ in false }) ?? []
        let headings = lines.compactMap { line -> String? in
            if case .heading(let group) = line { return group.title }
            return nil
        }
        #expect(headings == ["Move", "Find and sort", "Act on keys", "Account", "Console"])
        let last = lines.count - HelpScreen.visibleLines(count: lines.count, height: 24)
        let (down, _) = Fixtures.press(open, .pageDown)
        #expect(down.help?.scroll == min(last, 21))
        let (end, _) = Fixtures.press(open, .end)
        #expect(end.help?.scroll == last)
        let (up, _) = Fixtures.press(end, .pageUp)
        #expect(up.help?.scroll == max(0, last - 21))
        let (home, _) = Fixtures.press(end, .home)
        #expect(home.help?.scroll == 0)
        #expect(home.help != nil)
    }

    @Test("Enter opens details; Esc, q or Enter close them; ? opens and closes help")
    func overlays() {
        let state = Fixtures.loaded()
        let details = Fixtures.press(state, .enter).0
        #expect(details.overlay == .details)
        for key in [Key.escape, .enter, .character("q")] {
            let (closed, effects) = Fixtures.press(details, key)
            #expect(closed.overlay == nil && effects.isEmpty && !closed.quitting)
        }
        let help = Fixtures.press(state, .character("?")).0
        #expect(help.help == HelpScreen(context: .list))
        #expect(Fixtures.press(help, .character("?")).0.help == nil)
    }

    @Test("r refreshes now, keeping the list while the new one loads; a second r waits")
    func refresh() {
        let state = Fixtures.loaded()
        let (refreshing, effects) = Fixtures.press(state, .character("r"))
        #expect(effects == [.loadKeys(generation: 2)])
        #expect(refreshing.visibleKeys.count == 12)
        let (again, more) = Fixtures.press(refreshing, .character("r"))
        #expect(more.isEmpty)
        #expect(again.flash?.text == "Already refreshing")
    }

    @Test("a failed refresh keeps the last list, marks it stale and says why")
    func failedRefresh() {
        var state = Fixtures.press(Fixtures.loaded(), .character("r")).0
        state = ConsoleUpdate.update(state, .loadFailed(generation: 2, message: "no network")).0
        #expect(state.keys.count == 12)
        #expect(state.staleReason == "no network")
        #expect(state.flash?.level == .error)
        // An answer from an older load is ignored.
        let ignored = ConsoleUpdate.update(state, .pageLoaded(generation: 1, keys: [], more: false))
            .0
        #expect(ignored.keys.count == 12)
    }

    @Test("the selection stays on its key when a refresh reorders the list")
    func stableSelection() {
        var state = Fixtures.press(Fixtures.loaded(), .down, .down).0
        let selected = state.selectedKeyId
        state = Fixtures.press(state, .character("r")).0
        state =
            ConsoleUpdate.update(
                state,
                .pageLoaded(
                    generation: 2,
                    keys: Fixtures.keys.reversed().filter { $0.keyId != Fixtures.keys[0].keyId },
                    more: false)
            ).0
        #expect(state.selectedKeyId == selected)
    }

    @Test("q and Ctrl-C quit; Ctrl-C even while filtering")
    func quitting() {
        let quit = Fixtures.press(Fixtures.loaded(), .character("q"))
        #expect(quit.0.quitting && quit.1.isEmpty)
        let interrupted = Fixtures.press(Fixtures.loaded(), .character("/"), .controlC)
        #expect(interrupted.0.quitting && interrupted.1.isEmpty)
    }

    @Test("read-only and Viewer consoles refuse n, d and R up front and say why")
    func disabledBindings() {
        let viewer = Fixtures.loaded(ownKeyId: Fixtures.keys[3].keyId)
        #expect(!viewer.canManage)
        let readOnly = Fixtures.loaded(readOnly: true)
        for key in [Key.character("n"), .character("d"), .character("R")] {
            for state in [viewer, readOnly] {
                let (after, effects) = Fixtures.press(state, key)
                #expect(after.overlay == nil)
                #expect(effects.isEmpty)
            }
        }
        #expect(
            Fixtures.press(readOnly, .character("d")).0.flash?.text
                == "Cannot revoke: read-only mode")
        #expect(
            Fixtures.press(viewer, .character("n")).0.flash?.text
                == "Cannot create: your key's role cannot manage keys")
        let revoke = Keymap.binding(for: .character("d"), in: .list)!
        #expect(Keymap.disabledReason(revoke, readOnly: true, canManage: true) == "read-only mode")
        #expect(
            Keymap.disabledReason(revoke, readOnly: false, canManage: false)
                == "your key's role cannot manage keys")
        #expect(Keymap.isHidden(revoke, readOnly: true))
        #expect(!Keymap.isHidden(Keymap.binding(for: .character("p"), in: .list)!, readOnly: true))
    }

    @Test("d asks for the id's last 4 characters; anything else changes nothing; Esc cancels")
    func revokeDialog() {
        let state = Fixtures.press(Fixtures.loaded(), .down).0
        let key = state.selectedKey!
        let (open, none) = Fixtures.press(state, .character("d"))
        #expect(none.isEmpty)
        guard case .revoke(let dialog)? = open.overlay else {
            Issue.record("no revoke dialog")
            return
        }
        #expect(dialog.key == key && dialog.confirmation == String(key.keyId.suffix(4)))
        let (wrong, wrongEffects) = Fixtures.press(open, .character("x"), .character("y"), .enter)
        #expect(wrongEffects.isEmpty)
        guard case .revoke(let stillOpen)? = wrong.overlay else {
            Issue.record("a wrong confirmation closed the dialog")
            return
        }
        #expect(stillOpen.error != nil)
        #expect(Fixtures.press(open, .enter).1.isEmpty, "Enter alone is not a confirmation")
        let (cancelled, cancelEffects) = Fixtures.press(wrong, .escape)
        #expect(cancelled.overlay == nil && cancelEffects.isEmpty)
        var typing = open
        for character in key.keyId.suffix(4) {
            typing = Fixtures.press(typing, .character(character)).0
        }
        let (confirmed, effects) = Fixtures.press(typing, .enter)
        #expect(effects == [.revoke(keyId: key.keyId)])
        #expect(confirmed.overlay == nil)
        let done = ConsoleUpdate.update(confirmed, .revoked(keyId: key.keyId)).0
        #expect(!done.visibleKeys.contains(key))
        #expect(done.flash?.text == "Revoked \(key.keyId)")
    }

    @Test(
        "a failed revoke keeps the row and says why; a 404 counts as already revoked; a 403 disables changes"
    )
    func revokeOutcomes() {
        let state = Fixtures.loaded()
        let key = Fixtures.keys[4]
        let failed = ConsoleUpdate.update(
            state, .revokeFailed(keyId: key.keyId, error: .server(status: 503, message: "busy"))
        ).0
        #expect(failed.visibleKeys.contains(key))
        #expect(failed.flash?.level == .error)
        let gone = ConsoleUpdate.update(
            state, .revokeFailed(keyId: key.keyId, error: .notFound(message: "API key not found"))
        ).0
        #expect(!gone.visibleKeys.contains(key))
        #expect(gone.flash?.text == "\(key.keyId) was already revoked")
        let forbidden = ConsoleUpdate.update(
            state, .revokeFailed(keyId: key.keyId, error: .forbidden(message: "no"))
        ).0
        #expect(!forbidden.canManage)
        #expect(Fixtures.press(forbidden, .character("d")).0.overlay == nil)
    }

    @Test("the revoke dialog warns when the key is the console's own")
    func revokeOwnKey() {
        let own = Fixtures.keys[0]
        let state = Fixtures.press(Fixtures.loaded(ownKeyId: own.keyId), .down, .character("d")).0
        guard case .revoke(let dialog)? = state.overlay else {
            Issue.record("no revoke dialog")
            return
        }
        #expect(dialog.isOwnKey)
    }

    @Test("ticks: seconds while a visible countdown shows them, else the minute; flashes clear")
    func ticks() {
        let state = Fixtures.loaded()
        #expect(ConsoleUpdate.nextWake(state) == Fixtures.now.addingTimeInterval(1))
        let calm = Fixtures.loaded(keys: Array(Fixtures.keys.dropFirst(2)))
        #expect(ConsoleUpdate.nextWake(calm) == Fixtures.now.addingTimeInterval(60))
        var flashing = Fixtures.press(calm, .character("c")).0
        #expect(
            ConsoleUpdate.nextWake(flashing)
                == Fixtures.now.addingTimeInterval(ConsoleUpdate.flashSeconds))
        flashing = ConsoleUpdate.update(flashing, .tick(Fixtures.now.addingTimeInterval(5))).0
        #expect(flashing.flash == nil)
    }

    @Test("the details pane's exact time left ticks every second, even for a far expiry")
    func detailsTick() {
        let calm = Fixtures.loaded(keys: Array(Fixtures.keys.dropFirst(2)))
        let details = Fixtures.press(calm, .enter).0
        #expect(details.overlay == .details)
        #expect(details.selectedKey?.expiresAtEpochSeconds != nil)
        #expect(ConsoleUpdate.nextWake(details) == Fixtures.now.addingTimeInterval(1))
    }

    @Test("exact times left of any size are words, never a trap")
    func exactExtremes() {
        #expect(Countdown.exact(secondsLeft: .min).hasPrefix("expired "))
        #expect(Countdown.exact(secondsLeft: .max).hasSuffix("seconds"))
        #expect(Countdown.exact(secondsLeft: 0) == "expired 0 seconds ago")
        #expect(Countdown.exact(secondsLeft: -61) == "expired 1 minute, 1 second ago")
    }

    @Test("auto-refresh starts in the background when the interval has passed; 0 turns it off")
    func autoRefresh() {
        let state = Fixtures.loaded()
        #expect(ConsoleUpdate.update(state, .tick(Fixtures.now.addingTimeInterval(59))).1.isEmpty)
        #expect(
            ConsoleUpdate.update(state, .tick(Fixtures.now.addingTimeInterval(60))).1 == [
                .loadKeys(generation: 2, background: true)
            ])
        // A refresh the user asks for gets the whole rate.
        #expect(Fixtures.press(state, .character("r")).1 == [.loadKeys(generation: 2)])
        var off = state
        off.refreshInterval = 0
        #expect(ConsoleUpdate.update(off, .tick(Fixtures.now.addingTimeInterval(3600))).1.isEmpty)
    }

    @Test("a list that took 30 s to load is refreshed 300 s after, not every 60 s")
    func refreshIntervalGrows() {
        var state = Fixtures.loaded()
        #expect(state.effectiveRefreshInterval == 60)
        state = Fixtures.press(state, .character("r")).0
        let generation = state.generation
        let pages = Array(Fixtures.keys.chunked(into: 4))
        for (index, page) in pages.enumerated() {
            let time = Fixtures.now.addingTimeInterval(TimeInterval(10 * (index + 1)))
            state = ConsoleUpdate.update(state, .tick(time)).0
            state =
                ConsoleUpdate.update(
                    state,
                    .pageLoaded(generation: generation, keys: page, more: index < pages.count - 1)
                ).0
        }
        // Three pages, 30 s from the press to the last one.
        #expect(state.lastListDuration == 30)
        #expect(state.effectiveRefreshInterval == 300)
        let loaded = Fixtures.now.addingTimeInterval(30)
        #expect(ConsoleUpdate.update(state, .tick(loaded.addingTimeInterval(299))).1.isEmpty)
        #expect(
            ConsoleUpdate.update(state, .tick(loaded.addingTimeInterval(300))).1 == [
                .loadKeys(generation: generation + 1, background: true)
            ])
    }
}

extension Array {
    fileprivate func chunked(into size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}

extension ApiKeyInfo {
    fileprivate func roleName(in state: ConsoleState) -> String { state.roleName(roleId) }
}
