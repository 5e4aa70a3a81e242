import ConsoleUI
import Foundation
import MomentoKeys
import ScreenModel
import Testing

@Suite("update: create, the secret panel and rotate")
struct CreateUpdateTests {
    private static let endpoint = "cell-4-us-west-2-1.prod.a.momentohq.com"

    private static func typing(_ text: String) -> [Key] { text.map(Key.character) }

    private static func press(_ state: ConsoleState, _ keys: [Key]) -> (ConsoleState, [Effect]) {
        var state = state
        var effects: [Effect] = []
        for key in keys {
            let (next, more) = ConsoleUpdate.update(state, .key(key))
            state = next
            effects += more
        }
        return (state, effects)
    }

    private static func dialog(_ state: ConsoleState) -> CreateDialog? {
        if case .create(let dialog)? = state.overlay { return dialog }
        return nil
    }

    private static func panel(_ state: ConsoleState) -> SecretPanel? {
        if case .secret(let panel)? = state.overlay { return panel }
        return nil
    }

    private static func created(_ info: ApiKeyInfo) -> CreatedKey {
        CreatedKey(
            apiKey: Secret("eyJhbGciOiJIUzUxMiJ9.eyJ0IjoiZyJ9.c2VjcmV0LXBsYWludGV4dC1rZXk"),
            refreshToken: Secret("eyJhbGciOiJIUzUxMiJ9.eyJ0IjoiZ3IifQ.cmVmcmVzaA"), keyInfo: info)
    }

    private static var account: ConsoleState {
        var state = Fixtures.loaded()
        state.endpoint = endpoint
        return state
    }

    @Test(
        "n: roles from the API, Operator and 30 days first; the review then Enter sends one create")
    func createWithPreset() {
        var (state, effects) = Self.press(Self.account, [.character("n")])
        let opened = Self.dialog(state)
        #expect(opened?.role.roleId == RoleID.operator)
        #expect(
            opened?.roles.map(\.name) == [
                "Owner", "Operator", "Viewer", "Cache Readers", "Deploy Bots",
            ])
        #expect(
            opened?.expiry(now: Fixtures.now)
                == .success(.at(Fixtures.now.addingTimeInterval(30 * 86400))))
        // Role: one to the left (Owner); description; expiry: one to the right (90 days).
        (state, effects) = Self.press(
            state, [.left, .tab] + Self.typing("CI deploy") + [.tab, .right, .enter])
        #expect(effects.isEmpty)
        #expect(Self.dialog(state)?.step == .review)
        (state, effects) = Self.press(state, [.enter])
        #expect(
            effects == [
                .createKey(
                    CreateKeyRequest(
                        roleId: RoleID.owner, description: "CI deploy",
                        expiry: .at(Fixtures.now.addingTimeInterval(90 * 86400))))
            ])
        #expect(Self.dialog(state)?.step == .creating)
        // While the request is out, Esc and Enter change nothing: no second create.
        let (waiting, more) = Self.press(state, [.escape, .enter])
        #expect(more.isEmpty && Self.dialog(waiting)?.step == .creating)
    }

    @Test("Esc cancels at every step and nothing is sent")
    func escapeCancels() {
        for keys: [Key] in [
            [.character("n"), .escape],
            [.character("n"), .tab, .character("x"), .escape],
            [.character("n"), .enter, .escape],
        ] {
            let (state, effects) = Self.press(Self.account, keys)
            #expect(state.overlay == nil)
            #expect(effects.isEmpty)
            #expect(state.flash?.text == "Nothing created")
        }
    }

    @Test(
        "custom expiries: 45d, 12h, a date, a date and time; past or unreadable text is explained and nothing is sent",
        arguments: [
            ("45d", Optional(Fixtures.now.addingTimeInterval(45 * 86400))),
            ("12h", Fixtures.now.addingTimeInterval(12 * 3600)),
            ("2027-03-01", Date(timeIntervalSince1970: 1_803_859_200)),
            ("2027-03-01T12:00Z", Date(timeIntervalSince1970: 1_803_902_400)),
            ("2026-01-01", nil), ("soon", nil), ("", nil), ("2027-03-01T25:00Z", nil),
            ("9223372036854775807s", nil), ("418000w", nil),
        ])
    func customExpiry(text: String, expected: Date?) {
        // Expiry field, then right three times: 90 days, 1 year, custom.
        let keys: [Key] = [.character("n"), .tab, .tab, .right, .right, .right]
        var (state, _) = Self.press(Self.account, keys + Self.typing(text))
        #expect(Self.dialog(state)?.expiryChoice == .custom)
        let effects: [Effect]
        (state, effects) = Self.press(state, [.enter, .enter])
        if let expected {
            #expect(
                effects == [
                    .createKey(
                        CreateKeyRequest(
                            roleId: RoleID.operator, description: "", expiry: .at(expected)))
                ])
        } else {
            #expect(effects.isEmpty)
            #expect(Self.dialog(state)?.step == .form)
            #expect(Self.dialog(state)?.error != nil)
        }
    }

    @Test("the form takes the time from the state's last tick, the one source of time")
    func formTimeFromState() {
        // Expiry field, custom, "45d": the date shown is 45 days after the state's now.
        let keys: [Key] = [.character("n"), .tab, .tab, .right, .right, .right]
        var (state, _) = Self.press(Self.account, keys + Self.typing("45d"))
        let later = Fixtures.now.addingTimeInterval(10 * 86400)
        state = ConsoleUpdate.update(state, .tick(later)).0
        let shown = ConsoleView.render(state, Fixtures.context()).lines.joined(separator: "\n")
        // 10 days plus 45 days after Fixtures.now, as the form writes it (minute, UTC).
        let expected = String(
            later.addingTimeInterval(45 * 86400).formatted(.iso8601).prefix(16)
        ).replacingOccurrences(of: "T", with: " ")
        #expect(shown.contains(expected), "\(shown)")
    }

    @Test("never expiring is offered last and flagged not recommended in the review")
    func never() {
        let (state, effects) = Self.press(
            Self.account,
            [.character("n"), .tab, .tab] + Array(repeating: .right, count: 6) + [.enter])
        #expect(Self.dialog(state)?.expiryChoice == .never)
        #expect(effects.isEmpty)
        let screen = ConsoleView.render(state, Fixtures.context())
        #expect(screen.lines.joined().contains("never (not recommended)"))
    }

    @Test("created: the panel masks the key, v reveals, c copies, w writes; closing needs y")
    func secretPanel() {
        var (state, _) = Self.press(Self.account, [.character("n"), .enter, .enter])
        let info = Fixtures.key(
            "9f8e7d6c5b4a39281706f5e4d3c2b1a0", RoleID.operator, "", issuedDaysAgo: 0,
            expiresIn: 30 * 86400)
        let created = Self.created(info)
        state = ConsoleUpdate.update(state, .created(created)).0
        #expect(state.keys.contains { $0.keyId == info.keyId })
        #expect(state.selectedKeyId == info.keyId)
        let context = Fixtures.context()
        let plaintext = created.apiKey.exposedValue
        var text = ConsoleView.render(state, context).lines.joined(separator: "\n")
        #expect(!text.contains(plaintext.suffix(20)))
        #expect(text.contains(created.apiKey.masked(visible: 6)))
        #expect(text.contains(Self.endpoint))
        state = Self.press(state, [.character("v")]).0
        text = ConsoleView.render(state, context).lines.joined()
        #expect(text.contains(plaintext))
        var effects: [Effect]
        // By OSC 52, c says first what the way may do with the key; Enter sends anyway.
        (state, effects) = Self.press(state, [.character("v"), .character("c")])
        #expect(effects.isEmpty && state.keyContext == .secretCopy)
        text = ConsoleView.render(state, context).lines.joined(separator: " ")
        #expect(text.contains("may drop it without a word"), "\(text)")
        (state, effects) = Self.press(state, [.enter])
        #expect(effects == [.copySecret(created.apiKey)])
        (state, effects) = Self.press(
            state, [.character("w")] + Self.typing("~/ci.env") + [.tab, .right, .enter])
        #expect(
            effects == [
                .writeSecret(
                    SecretFileRequest(
                        path: "~/ci.env", format: .env, key: created.apiKey,
                        endpoint: Self.endpoint, profileName: "default"))
            ])
        state = ConsoleUpdate.update(state, .secretWriteFailed("/h/ci.env already exists")).0
        #expect(Self.panel(state)?.error == "/h/ci.env already exists")
        state = ConsoleUpdate.update(state, .secretWritten(path: "/h/ci.env")).0
        #expect(
            Self.panel(state)?.stored == [
                "sent by OSC 52 (nothing there? tmux: set -g set-clipboard on)",
                "written (0600) to /h/ci.env",
            ])
        // Esc asks first; n goes back; y closes, clears the screen, and the plaintext is gone.
        (state, effects) = Self.press(state, [.escape, .character("n")])
        #expect(Self.panel(state)?.mode == .showing)
        (state, effects) = Self.press(state, [.escape, .character("x"), .character("y")])
        #expect(effects == [.clearScreen])
        #expect(state.overlay == nil)
        #expect(!String(describing: state).contains(plaintext))
        #expect(state.flash?.text.contains(plaintext) == false)
    }

    @Test(
        "the key files refuse what cannot work: no path, a bad profile name; no endpoint offers the region picker"
    )
    func writeChecks() {
        var state = Fixtures.loaded()  // no endpoint chosen
        state =
            ConsoleUpdate.update(
                state,
                .created(
                    Self.created(
                        Fixtures.key("k1", RoleID.viewer, "", issuedDaysAgo: 0, expiresIn: 60)))
            ).0
        var effects: [Effect]
        (state, effects) = Self.press(state, [.character("w"), .enter])
        #expect(effects.isEmpty && Self.panel(state)?.error == "Type the path of a new file")
        (state, effects) = Self.press(state, Self.typing("k.env") + [.tab, .right, .enter])
        // No endpoint: the region picker opens over the panel; Esc goes back to the form.
        guard case .pickingEndpoint? = Self.panel(state)?.mode else {
            Issue.record("no picker: \(String(describing: Self.panel(state)?.mode))")
            return
        }
        #expect(effects.isEmpty && state.keyContext == .picker)
        (state, effects) = Self.press(state, [.escape])
        #expect(Self.panel(state)?.error?.contains("No endpoint chosen") == true)
        // Enter again, a region chosen: it is the file's; whether it is the console's region
        // too is asked, and Enter (the default) says no: nothing saved, nothing journaled.
        (state, effects) = Self.press(state, [.enter, .enter])
        let first = state.regions[0].endpoint
        #expect(state.keyContext == .secretRegion)
        let before = state.endpoint
        var asked = state
        (state, effects) = Self.press(state, [.enter])
        #expect(effects.isEmpty && state.endpoint == before)
        #expect(Self.panel(state)?.endpoint == first && state.keyContext == .secretWriteFormat)
        // y makes it the console's region: saved (and journaled by the runner).
        (asked, effects) = Self.press(asked, [.character("y")])
        #expect(effects == [.saveEndpoint(first)] && asked.endpoint == first)
        #expect(asked.keyContext == .secretWriteFormat)
        (state, effects) = Self.press(state, [.enter])
        guard case .writeSecret(let request)? = effects.first else {
            Issue.record("no write: \(effects)")
            return
        }
        #expect(request.endpoint == first && request.format == .env)
    }

    @Test(
        "c by OSC 52: w or s from the warning write or store instead, Esc sends nothing; in a local tmux c copies at once"
    )
    func copyWarning() {
        let info = Fixtures.key(
            "9f8e7d6c5b4a39281706f5e4d3c2b1a0", RoleID.operator, "", issuedDaysAgo: 0,
            expiresIn: 30 * 86400)
        let created = Self.created(info)
        var base = Self.press(Self.account, [.character("n"), .enter, .enter]).0
        base = ConsoleUpdate.update(base, .created(created)).0
        let (back, none) = Self.press(base, [.character("c"), .escape])
        #expect(none.isEmpty && back.keyContext == .secret)
        let (writing, _) = Self.press(base, [.character("c"), .character("w")])
        #expect(writing.keyContext == .secretWriteText)
        var local = Self.press(Self.account, [.character("n"), .enter, .enter]).0
        local.copiesByOSC52 = false
        local = ConsoleUpdate.update(local, .created(created)).0
        let (_, copied) = Self.press(local, [.character("c")])
        #expect(copied == [.copySecret(created.apiKey)])
    }

    @Test("a failed create returns to the review with the reason; a 403 disables changes")
    func createFails() {
        var state = Self.press(Self.account, [.character("n"), .enter, .enter]).0
        state = ConsoleUpdate.update(state, .createFailed(.rateLimited(retryAfterSeconds: nil))).0
        #expect(Self.dialog(state)?.step == .review)
        #expect(Self.dialog(state)?.error?.hasPrefix("Not created: ") == true)
        state = ConsoleUpdate.update(state, .createFailed(.forbidden(message: "no"))).0
        #expect(!state.canManage)
    }

    @Test("R: same role, description and validity; 30 days for a key that never expires")
    func rotate() {
        // The fixture's Nightly ETL job was issued 30 days ago and expires in 42 minutes.
        var state = Self.account
        state.selectedKeyId = Fixtures.keys[1].keyId
        state = ConsoleUpdate.update(state, .tick(Fixtures.now)).0
        var (after, effects) = Self.press(state, [.character("R"), .enter])
        let old = Fixtures.keys[1]
        let validity = old.expiresAtEpochSeconds! - old.issuedAtEpochSeconds
        #expect(
            effects == [
                .createKey(
                    CreateKeyRequest(
                        roleId: old.roleId, description: old.description,
                        expiry: .at(Fixtures.now.addingTimeInterval(TimeInterval(validity)))))
            ])
        let never = Fixtures.keys[9]  // Break-glass admin
        state.selectedKeyId = never.keyId
        state = ConsoleUpdate.update(state, .tick(Fixtures.now)).0
        (after, effects) = Self.press(state, [.character("R"), .enter])
        #expect(
            effects == [
                .createKey(
                    CreateKeyRequest(
                        roleId: RoleID.owner, description: "Break-glass admin",
                        expiry: .at(Fixtures.now.addingTimeInterval(30 * 86400))))
            ])
        _ = after
    }

    @Test("after the rotated key is stored: k keeps both and marks the old one; r revokes it")
    func rotateFinish() {
        var state = Self.account
        let old = Fixtures.keys[1]
        state.selectedKeyId = old.keyId
        state = ConsoleUpdate.update(state, .tick(Fixtures.now)).0
        state = Self.press(state, [.character("R"), .enter]).0
        let info = Fixtures.key(
            "new0000000000000000000000000beef", old.roleId, old.description, issuedDaysAgo: 0,
            expiresIn: 30 * 86400)
        state = ConsoleUpdate.update(state, .created(Self.created(info))).0
        #expect(Self.panel(state)?.rotatedFrom == old)
        state = Self.press(state, [.escape, .character("y")]).0
        guard case .rotateFinish(let finish)? = state.overlay else {
            Issue.record("no rotate question")
            return
        }
        #expect(finish.oldKey == old && finish.newKeyId == info.keyId)
        let (kept, recorded) = Self.press(state, [.character("k")])
        // Kept for the overlap (24 h), recorded so that it survives a restart and comes due.
        #expect(recorded == [finish.finished(overlapSeconds: 86400)])
        #expect(kept.rotated == [old.keyId: info.keyId])
        let wide = ConsoleUpdate.update(kept, .resized(width: 120, height: 40)).0
        let row = ConsoleView.render(wide, Fixtures.context()).lines.first {
            $0.contains("↻new00000")
        }
        #expect(row?.contains("Nightly ETL") == true)
        let (revoking, effects) = Self.press(state, [.character("r")])
        #expect(effects == [.revoke(keyId: old.keyId), finish.finished(overlapSeconds: nil)])
        #expect(revoking.rotated.isEmpty)
    }

    @Test("a key with no endpoint opens the picker first; the keys load once one is chosen")
    func pickerFirst() {
        var initial = ConsoleState(
            backend: BackendInfo(kind: .production(endpoint: "no endpoint yet", region: nil)),
            now: Fixtures.now)
        initial.needsEndpoint = true
        var (state, effects) = ConsoleUpdate.start(initial)
        #expect(effects.isEmpty)
        guard case .regionPicker? = state.overlay else {
            Issue.record("no picker")
            return
        }
        (state, effects) = Self.press(state, Self.typing("oregon") + [.enter])
        #expect(
            effects == [
                .saveEndpoint(Self.endpoint), .loadKeys(generation: 1), .loadRoles(generation: 1),
            ])
        #expect(state.endpoint == Self.endpoint)
        #expect(!state.needsEndpoint)
        // Esc instead: the keys load anyway from the prod key API, and the flash says why.
        (state, effects) = Self.press(ConsoleUpdate.start(initial).0, [.escape])
        #expect(effects == [.loadKeys(generation: 1), .loadRoles(generation: 1)])
        #expect(state.flash?.level == .error)
    }
}

@Suite("update: a new key is never lost to Ctrl-C")
struct CreateInterruptTests {
    @Test("Ctrl-C while creating waits; while the key shows, it asks first; then it quits")
    func controlC() {
        var state = Fixtures.loaded()
        state = Fixtures.press(state, .character("n"), .enter, .enter).0
        var (after, effects) = Fixtures.press(state, .controlC)
        #expect(effects.isEmpty && !after.quitting)
        let info = Fixtures.key("k1", RoleID.viewer, "", issuedDaysAgo: 0, expiresIn: 60)
        after =
            ConsoleUpdate.update(
                after,
                .created(CreatedKey(apiKey: Secret("plain"), refreshToken: nil, keyInfo: info))
            ).0
        (after, effects) = Fixtures.press(after, .controlC)
        #expect(effects.isEmpty && !after.quitting)
        guard case .secret(let panel)? = after.overlay else {
            Issue.record("the panel closed")
            return
        }
        #expect(panel.mode == .confirmingClose)
        (after, effects) = Fixtures.press(after, .controlC)
        #expect(effects.isEmpty && after.quitting)
    }
}
