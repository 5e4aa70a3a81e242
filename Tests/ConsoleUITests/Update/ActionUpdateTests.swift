import ConsoleUI
import Foundation
import MomentoKeys
import ScreenModel
import Testing

@Suite("update: marks, bulk revoke, copy and the region picker")
struct ActionUpdateTests {
    @Test("Space marks and moves on; d with marks confirms the count, then revokes them all")
    func bulkRevoke() {
        var state = Fixtures.press(
            Fixtures.loaded(), .character(" "), .character(" "), .down, .character(" ")
        ).0
        let visible = Fixtures.loaded().visibleKeys
        #expect(state.marked == [visible[0].keyId, visible[1].keyId, visible[3].keyId])
        #expect(
            Fixtures.press(state, .up, .character(" ")).0.marked.count == 2,
            "Space on a marked key unmarks it")
        state = Fixtures.press(state, .character("d")).0
        guard case .bulkRevoke(let dialog)? = state.overlay else {
            Issue.record("no bulk dialog")
            return
        }
        #expect(dialog.keyIds.count == 3)
        let (wrong, none) = Fixtures.press(state, .character("2"), .enter)
        #expect(none.isEmpty)
        guard case .bulkRevoke(let stillOpen)? = wrong.overlay else {
            Issue.record("a wrong count closed the dialog")
            return
        }
        #expect(stillOpen.error == "Type 3, the number of marked keys")
        let (running, effects) = Fixtures.press(state, .character("3"), .enter)
        #expect(effects == [.revokeMany(keyIds: dialog.keyIds)])
        #expect(
            Fixtures.press(running, .escape).0.overlay == running.overlay, "keys wait while it runs"
        )
        var after = ConsoleUpdate.update(running, .revoked(keyId: dialog.keyIds[0])).0
        after =
            ConsoleUpdate.update(
                after,
                .revokeFailed(keyId: dialog.keyIds[1], error: .server(status: 500, message: "boom"))
            ).0
        after =
            ConsoleUpdate.update(
                after, .revokeFailed(keyId: dialog.keyIds[2], error: .notFound(message: "gone"))
            ).0
        after = ConsoleUpdate.update(after, .bulkRevokeFinished).0
        guard case .bulkRevoke(let finished)? = after.overlay else {
            Issue.record("the results pane closed")
            return
        }
        #expect(finished.phase == .finished && finished.done == 3)
        #expect(finished.failures.map(\.keyId) == [dialog.keyIds[1]])
        #expect(after.flash?.text == "Revoked 2 of 3 keys")
        #expect(after.visibleKeys.count == 10)
        let screen = ConsoleView.render(after, Fixtures.context()).lines
            .joined()
        #expect(screen.contains("\(dialog.keyIds[1]): Momento had an internal error"))
        let closed = Fixtures.press(after, .enter).0
        #expect(closed.overlay == nil && closed.marked.isEmpty)
        let (cancelled, cancelEffects) = Fixtures.press(state, .escape)
        #expect(cancelled.overlay == nil && cancelEffects.isEmpty && cancelled.marked.count == 3)
    }

    @Test("c copies the selected key id; by OSC 52 the message names the settings it needs")
    func copy() {
        let (state, effects) = Fixtures.press(Fixtures.loaded(), .down, .character("c"))
        #expect(effects == [.copyToClipboard(Fixtures.keys[0].keyId)])
        #expect(
            state.flash?.text
                == "Sent \(Fixtures.keys[0].keyId) by OSC 52 to the terminal clipboard (nothing"
                + " there? under tmux: set -g set-clipboard on; GNU screen does not pass it on)")
        var local = Fixtures.loaded()
        local.copiesByOSC52 = false
        let (buffered, _) = Fixtures.press(local, .down, .character("c"))
        #expect(buffered.flash?.text == "Sent \(Fixtures.keys[0].keyId) to the terminal clipboard")
    }

    @Test(
        "c copies only what a key id or a key is: an id or key holding ESC[201~ and a command is refused, never copied"
    )
    func copyRefusesServerBytes() {
        let hostile = Fixtures.key(
            "abc\u{1B}[201~touch /tmp/x\r", RoleID.viewer, "hostile", issuedDaysAgo: 1,
            expiresIn: nil)
        let loaded = Fixtures.loaded(keys: [hostile])
        let (state, effects) = Fixtures.press(loaded, .character("c"))
        #expect(effects.isEmpty)
        #expect(state.flash?.level == .error)
        #expect(state.flash?.text.hasPrefix("Not copied") == true)
        // A new key whose plaintext the API filled with the same.
        let created = CreatedKey(
            apiKey: Secret("eyJ\u{1B}[201~touch /tmp/x\r"), refreshToken: nil, keyInfo: hostile)
        var panel = loaded
        panel.overlay = .secret(SecretPanel(created: created, endpoint: nil))
        let (after, copied) = Fixtures.press(panel, .character("c"))
        #expect(copied.isEmpty)
        guard case .secret(let shown)? = after.overlay else {
            Issue.record("the panel closed")
            return
        }
        #expect(shown.error?.hasPrefix("Not copied") == true)
        #expect(!Secret("eyJ\u{1B}x").isKeyShaped && Secret("eyJhbGc.x-y_z=").isKeyShaped)
        #expect(!ApiKeyInfo.isKeyIdShaped("a b") && ApiKeyInfo.isKeyIdShaped("0f3c-2a9e"))
    }

    @Test("p: type to filter, Enter chooses; the endpoint is saved and shown")
    func regionPicker() {
        let state = Fixtures.press(Fixtures.loaded(), .character("p")).0
        guard case .regionPicker? = state.overlay else {
            Issue.record("no picker")
            return
        }
        var picking = state
        for character in "tokyo" { picking = Fixtures.press(picking, .character(character)).0 }
        let (chosen, effects) = Fixtures.press(picking, .enter)
        #expect(effects == [.saveEndpoint("cell-ap-northeast-1-1.prod.a.momentohq.com")])
        #expect(chosen.endpoint == "cell-ap-northeast-1-1.prod.a.momentohq.com")
        #expect(chosen.overlay == nil)
        #expect(
            chosen.flash?.text
                == "Region: Asia Pacific (Tokyo) (cell-ap-northeast-1-1.prod.a.momentohq.com)")
        let screen = ConsoleView.render(chosen, Fixtures.context())
        #expect(screen.lines[0].contains("region ap-northeast-1"))
        #expect(Fixtures.press(state, .escape).0.overlay == nil)
    }

    @Test(
        "p: ←/→ in the filter keep the highlight; a changed filter starts at the top; Home, End and the page keys move it"
    )
    func pickerCursorKeys() {
        var state = Fixtures.press(Fixtures.loaded(), .character("p")).0
        for _ in 0..<4 { state = Fixtures.press(state, .down).0 }
        let highlighted = { (state: ConsoleState) -> Int? in
            guard case .regionPicker(let picker)? = state.overlay else { return nil }
            return picker.index
        }
        #expect(highlighted(state) == 4)
        for key in [Key.left, .right] {
            #expect(highlighted(Fixtures.press(state, key).0) == 4, "\(key)")
        }
        #expect(highlighted(Fixtures.press(state, .character("u")).0) == 0)
        // End goes to the last row (a custom endpoint), Home to the first.
        let regions = Fixtures.loaded().regions.count
        let atEnd = Fixtures.press(state, .end).0
        #expect(highlighted(atEnd) == regions)
        #expect(highlighted(Fixtures.press(atEnd, .home).0) == 0)
        #expect(highlighted(Fixtures.press(state, .pageDown).0) == 9)
        #expect(highlighted(Fixtures.press(state, .pageUp).0) == 0)
        #expect(
            Fixtures.press(atEnd, .enter).0.overlay.map { overlay in
                if case .regionPicker(let picker) = overlay {
                    picker.customHost != nil
                } else {
                    false
                }
            } == true)
    }

    @Test("p: a pasted host loses the white space of a wrapped line; a typed space stays")
    func pastedHost() {
        var state = Fixtures.press(Fixtures.loaded(), .character("p")).0
        state = Fixtures.press(state, .character("z"), .character("z"), .enter).0
        let pasted = Fixtures.press(state, .paste("cell-4-us-west-2-1.prod.\n  a.momentohq.com")).0
        guard case .regionPicker(let picker)? = pasted.overlay else {
            Issue.record("no picker")
            return
        }
        #expect(picker.customHost?.text == "cell-4-us-west-2-1.prod.a.momentohq.com")
        let typed = Fixtures.press(state, .character("a"), .character(" "), .character("b")).0
        guard case .regionPicker(let other)? = typed.overlay else { return }
        #expect(other.customHost?.text == "a b")
    }

    @Test(
        "p: a custom endpoint is validated; preprod is recognised, switches the header and reloads"
    )
    func customEndpoint() {
        var account = Fixtures.loaded()
        account.backend = BackendInfo(
            kind: .production(
                endpoint: "cell-4-us-west-2-1.prod.a.momentohq.com",
                region: "US West (Oregon) us-west-2"))
        var state = Fixtures.press(account, .character("p")).0
        for _ in 0..<12 { state = Fixtures.press(state, .down).0 }
        state = Fixtures.press(state, .enter).0
        guard case .regionPicker(let picker)? = state.overlay, picker.customHost?.text == "" else {
            Issue.record("no custom entry")
            return
        }
        var bad = state
        for character in "not a host" { bad = Fixtures.press(bad, .character(character)).0 }
        let (refused, none) = Fixtures.press(bad, .enter)
        #expect(none.isEmpty)
        guard case .regionPicker(let stillOpen)? = refused.overlay else {
            Issue.record("an invalid host closed the picker")
            return
        }
        #expect(stillOpen.error == "\"not a host\" is not a host name")
        var good = state
        for character in "cache.cell-alpha-dev.preprod.a.momentohq.com" {
            good = Fixtures.press(good, .character(character)).0
        }
        let (chosen, effects) = Fixtures.press(good, .enter)
        // Preprod keys live behind the preprod key API: the list and roles load again from it.
        #expect(
            effects == [
                .saveEndpoint("cell-alpha-dev.preprod.a.momentohq.com"), .loadKeys(generation: 2),
                .loadRoles(generation: 2),
            ])
        // The first API's roles answer, late, does not merge into the new API's names.
        let late = ConsoleUpdate.update(
            chosen,
            .rolesLoaded(
                generation: 1,
                roles: [
                    Role(roleId: "r-10042", roleName: "Old API", roleType: .custom, description: "")
                ])
        ).0
        #expect(late.roleNames["r-10042"] == chosen.roleNames["r-10042"])
        let current = ConsoleUpdate.update(
            chosen,
            .rolesLoaded(
                generation: 2,
                roles: [
                    Role(roleId: "r-20001", roleName: "New API", roleType: .custom, description: "")
                ])
        ).0
        #expect(current.roleNames["r-20001"] == "New API")
        #expect(chosen.shownKeys.isEmpty && chosen.loading != nil)
        #expect(chosen.backend.kind == .preprod(endpoint: "cell-alpha-dev.preprod.a.momentohq.com"))
        #expect(chosen.flash?.text == "Region: cell-alpha-dev.preprod.a.momentohq.com (preprod)")
    }

    @Test("a failed save of the region is reported")
    func saveFailed() {
        let state = ConsoleUpdate.update(Fixtures.loaded(), .saveFailed("config is read-only")).0
        #expect(
            state.flash
                == Flash(
                    "Could not save the region: config is read-only", level: .error,
                    until: Fixtures.now.addingTimeInterval(4)))
    }
}

@Suite("update: a load's warning")
struct LoadWarningTests {
    @Test("the API's duplicate keys are flashed for the load under way, never for one replaced")
    func warningOfItsLoad() {
        let loaded = Fixtures.loaded()
        let (refreshing, _) = Fixtures.press(loaded, .character("r"))
        let generation = refreshing.generation
        let stale = ConsoleUpdate.update(
            refreshing, .loadWarning(generation: generation - 1, message: "old")
        ).0
        #expect(stale.flash?.text != "old")
        let current = ConsoleUpdate.update(
            refreshing, .loadWarning(generation: generation, message: "listed twice")
        ).0
        #expect(current.flash?.text == "listed twice")
        #expect(current.flash?.level == .error)
    }
}
