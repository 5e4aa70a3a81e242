import ConsoleUI
import Foundation
import MomentoKeys
import ScreenModel
import Testing

@Suite("Dialogs as text")
struct DialogSnapshotTests {
    private func press(_ state: ConsoleState, _ keys: [Key]) -> ConsoleState {
        Self.press(state, keys)
    }

    private static func press(_ state: ConsoleState, _ keys: [Key]) -> ConsoleState {
        keys.reduce(state) { ConsoleUpdate.update($0, .key($1)).0 }
    }

    private static let created = CreatedKey(
        apiKey: Secret(
            "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJqdGkiOiI5ZjhlN2Q2YzViNGEzOTI4MTcwNmY1ZTRkM2MyYjFhMCIsInQiOiJnIn0.c2lnbmF0dXJlLW9mLXRoZS1zbmFwc2hvdC1rZXk"
        ),
        refreshToken: Secret("eyJhbGciOiJIUzUxMiJ9.eyJ0IjoiZ3IifQ.cmVmcmVzaC10b2tlbg"),
        keyInfo: Fixtures.key(
            "9f8e7d6c5b4a39281706f5e4d3c2b1a0", RoleID.operator, "CI deploy", issuedDaysAgo: 0,
            expiresIn: 30 * 86400))

    /// Each dialog at one size: create form and review, the secret panel masked,
    /// revealed, writing and closing, the rotation's review and question, and a Viewer list.
    private static func screens(width: Int, height: Int) -> [(String, ConsoleState)] {
        var base = Fixtures.loaded(width: width, height: height)
        base.endpoint = "cell-4-us-west-2-1.prod.a.momentohq.com"
        let form = press(base, [.character("n"), .tab] + "CI deploy ✓".map(Key.character))
        let review = press(form, [.enter])
        let custom = press(
            base,
            [.character("n"), .tab, .tab, .right, .right, .right] + "2020-01-01".map(Key.character))
        let secret = ConsoleUpdate.update(press(review, [.enter]), .created(created)).0
        let revealed = press(secret, [.character("v")])
        let writing = press(
            secret, [.character("w")] + "~/ci.profile".map(Key.character) + [.tab, .right, .right])
        let closing = press(secret, [.escape])
        var rotating = base
        rotating.selectedKeyId = Fixtures.keys[1].keyId
        rotating = ConsoleUpdate.update(rotating, .tick(Fixtures.now)).0
        let rotateReview = press(rotating, [.character("R")])
        let rotated = press(
            ConsoleUpdate.update(press(rotateReview, [.enter]), .created(created)).0,
            [.escape, .character("y")])
        let viewer = Fixtures.loaded(
            width: width, height: height, ownKeyId: Fixtures.keys[3].keyId)
        let written = ConsoleUpdate.update(
            secret,
            .secretWritten(
                path: "/home/admin/projects/payments-service/deploy/secrets/momento-ci-deploy.env")
        ).0
        // A migration: the pasted key masked, its form and review, the panel with its endpoint.
        let pasted = press(base, [.character("M"), .paste(MigrateUpdateTests.v1Key())])
        let migrateForm = press(pasted, [.enter])
        let migrateReview = press(migrateForm, [.enter])
        let migrated = ConsoleUpdate.update(press(migrateReview, [.enter]), .created(created)).0
        return [
            ("migrate-paste", pasted), ("migrate-form", migrateForm),
            ("migrate-review", migrateReview), ("migrate-secret", migrated),
            ("viewer-list", viewer), ("create-form", form), ("create-custom-past", custom),
            ("create-review", review),
            ("secret-masked", secret), ("secret-revealed", revealed),
            ("secret-write", writing), ("secret-close", closing), ("secret-written", written),
            ("rotate-review", rotateReview), ("rotate-finish", rotated),
            ("bulk-revoke", bulkRevoke(base)), ("details-rotated", detailsRotated(base)),
        ] + listScreens(width: width, height: height)
    }

    /// Three marked keys, two of them hidden by the filter, then `d`.
    static func bulkRevoke(_ base: ConsoleState) -> ConsoleState {
        let marked = press(base, [.character(" "), .character(" "), .character("/")])
        return press(
            marked, "Grafana".map(Key.character) + [.enter, .character(" "), .character("d")])
    }

    /// The details of a key kept after a rotation: the replacing key's id in full.
    static func detailsRotated(_ base: ConsoleState) -> ConsoleState {
        var state = base
        state.rotated[Fixtures.keys[0].keyId] = created.keyInfo.keyId
        state.keptRotations.append(
            KeptRotation(
                oldKeyId: Fixtures.keys[0].keyId, newKeyId: created.keyInfo.keyId,
                deadline: Fixtures.now.addingTimeInterval(86400), recordedAt: Fixtures.now))
        state.selectedKeyId = Fixtures.keys[0].keyId
        state = ConsoleUpdate.update(state, .tick(Fixtures.now)).0
        return press(state, [.enter])
    }

    /// The list's header in the states it must tell apart: another key API with a profile
    /// and read-only, the console's own key revoked, a stale list (while it retries), the
    /// first load under way; and the list under a long error.
    static func listScreens(width: Int, height: Int) -> [(String, ConsoleState)] {
        let own = Fixtures.keys[1].keyId
        var elsewhere = Fixtures.loaded(
            width: width, height: height, readOnly: true, ownKeyId: own)
        elsewhere.backend.kind = .production(
            endpoint: "cell-4-us-west-2-1.prod.a.momentohq.com",
            region: "US West (Oregon) us-west-2")
        elsewhere.backend.apiHost = "127.0.0.1:9000"
        elsewhere.backend.profile = "viewer"
        let revoked = ConsoleUpdate.update(
            Fixtures.loaded(width: width, height: height, ownKeyId: own), .revoked(keyId: own)
        ).0
        var stale = press(Fixtures.loaded(width: width, height: height), [.character("r")])
        stale =
            ConsoleUpdate.update(
                stale,
                .loadFailed(
                    generation: stale.generation,
                    message:
                        "Rate limited: Momento allows about 5 key operations per second; try again in a few seconds"
                )
            ).0
        let retrying = ConsoleUpdate.update(stale, .tick(Fixtures.now.addingTimeInterval(61))).0
        var (first, _) = ConsoleUpdate.start(
            ConsoleState(backend: Fixtures.loaded().backend, now: Fixtures.now))
        first = ConsoleUpdate.update(first, .resized(width: width, height: height)).0
        first =
            ConsoleUpdate.update(
                first,
                .pageLoaded(
                    generation: first.generation, keys: Array(Fixtures.keys.prefix(5)), more: true)
            ).0
        return [
            ("header-api-host", elsewhere), ("header-own-key-revoked", revoked),
            ("header-stale", stale), ("header-stale-retrying", retrying),
            ("header-first-load", first),
        ]
    }

    @Test("every dialog at 80x24 and 40x12", arguments: [(80, 24), (40, 12)])
    func dialogs(size: (Int, Int)) throws {
        for (name, state) in Self.screens(width: size.0, height: size.1) {
            let screen = ConsoleView.render(
                state, Fixtures.context())
            try Snapshot.assert(screen, named: "\(name)-\(size.0)x\(size.1)")
        }
    }

    @Test("F1 inside each dialog lists that dialog's keys, over the dialog")
    func helpInEachDialog() throws {
        let base = Fixtures.loaded(width: 80, height: 24)
        let marked = press(base, [.character(" "), .character(" ")])
        var dialogs = Self.screens(width: 80, height: 24).filter {
            !$0.0.hasPrefix("header-")
                && !["viewer-list", "bulk-revoke", "details-rotated", "secret-written"].contains(
                    $0.0)
        }
        dialogs += [
            ("revoke", press(base, [.character("d")])),
            ("bulk-revoke", press(marked, [.character("d")])),
            ("picker", press(base, [.character("p")])),
            (
                "picker-custom",
                press(base, [.character("p")] + Array(repeating: .down, count: 60) + [.enter])
            ),
            ("details", press(base, [.enter])),
        ]
        for (name, state) in dialogs {
            let help = press(state, [.f1])
            #expect(help.help?.context == state.keyContext, "\(name)")
            let screen = ConsoleView.render(help, Fixtures.context())
            #expect(
                screen.lines.contains { $0.contains("Keys: \(state.keyContext.title)") }, "\(name)")
            for binding in Keymap.bindings(state.keyContext) {
                #expect(
                    screen.lines.contains { $0.contains(binding.help) },
                    "\(name): \(binding.help) not listed")
            }
            try Snapshot.assert(screen, named: "help-\(name)-80x24")
        }
    }

    @Test("a custom expiry of whole days previews that number of days")
    func customDaysPreview() {
        let base = Fixtures.loaded(width: 80, height: 24)
        let state = press(
            base, [.character("n"), .tab, .tab, .right, .right, .right] + "45d".map(Key.character))
        let screen = ConsoleView.render(state, Fixtures.context())
        #expect(screen.lines.contains { $0.contains("(in 45 days)") }, "\(screen.lines)")
    }

    @Test("a dialog's error wraps whole at 80 and 40 columns", arguments: [(80, 24), (40, 12)])
    func errorWraps(size: (Int, Int)) {
        let base = Fixtures.loaded(width: size.0, height: size.1)
        let state = press(
            base,
            [.character("n"), .tab, .tab, .right, .right, .right] + "2027-02-30".map(Key.character))
        let screen = ConsoleView.render(state, Fixtures.context())
        let words = screen.lines.joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(
            words.contains("(2027-03-01)") && words.contains("duration (45d, 12h)"),
            "\(screen.lines.joined(separator: "\n"))")
    }

    @Test(
        "the revealed key is drawn in whole-width lines with no border on them",
        arguments: [(80, 24), (40, 12), (100, 30)])
    func revealedKeyLines(size: (Int, Int)) throws {
        let state = try #require(
            Self.screens(width: size.0, height: size.1).first { $0.0 == "secret-revealed" }?.1)
        guard case .secret(let panel)? = state.overlay else {
            Issue.record("no secret panel")
            return
        }
        let lines = ConsoleView.render(state, Fixtures.context()).lines
        let label = try #require(lines.firstIndex { $0.contains("API key:") })
        let keyLines = lines[(label + 1)...].prefix { !$0.contains("│") }
        #expect(keyLines.count >= 1)
        #expect(
            keyLines.map { $0.trimmingCharacters(in: .whitespaces) }.joined()
                == panel.created.apiKey.exposedValue)
        #expect(keyLines.dropLast().allSatisfy { $0.count == size.0 })
    }

    @Test("a kept rotation's details say when its overlap ends")
    func keptRotationEnds() {
        let lines = ConsoleView.render(
            Self.detailsRotated(Fixtures.loaded(width: 80, height: 24)), Fixtures.context()
        ).lines
        #expect(
            lines.contains { $0.contains("overlap ends 2026-11-23 12:00:00 UTC (in 24h 00m)") },
            "\(lines.joined(separator: "\n"))")
    }

    @Test("the audit view shows the kept rotations first, with when each is due")
    func journalShowsPending() {
        var state = Self.detailsRotated(Fixtures.loaded(width: 100, height: 24))
        state.overlay = .journal
        let text = ConsoleView.render(state, Fixtures.context()).lines.joined(separator: "\n")
        #expect(
            text.contains(
                "Kept rotation a1b2c3d4 → 9f8e7d6c due 2026-11-23T12:00:00Z (in 24h 00m)"),
            "\(text)")
    }

    @Test("a pane's hint line shows once, in the pane, not again on the screen's last line")
    func hintOnce() {
        let lines = ConsoleView.render(
            Self.detailsRotated(Fixtures.loaded(width: 80, height: 24)), Fixtures.context()
        ).lines
        #expect(
            lines.filter { $0.contains("Esc close") }.count == 1, "\(lines.joined(separator: "\n"))"
        )
    }

    @Test("panes are drawn over the list, dimmed around them; details leave the selected row")
    func panesOverTheList() {
        let details = ConsoleView.render(
            Self.detailsRotated(Fixtures.loaded(width: 80, height: 24)), Fixtures.context())
        #expect(details.lines[4].hasPrefix(" ▶OWNER"), "\(details.lines.joined(separator: "\n"))")
        let revoke = ConsoleView.render(
            press(Fixtures.loaded(width: 80, height: 24), [.character("d")]), Fixtures.context())
        #expect(
            revoke.lines[3].contains("Old load test"), "\(revoke.lines.joined(separator: "\n"))")
        #expect(revoke[3, 5].style.role == .disabled)
    }

    @Test("an overlap longer than the old key has left says so before it is chosen")
    func overlapOutlastsKey() {
        let base = Fixtures.loaded(width: 80, height: 24)
        // Payments service: 80 days left, longer than every overlap.
        let long = Fixtures.keys.first { $0.description == "Payments service" }!
        let short = Fixtures.keys.first { $0.description == "Nightly ETL job" }!
        for (key, warned) in [(long, false), (short, true)] {
            var state = base
            state.overlay = .rotateFinish(
                RotateFinish(oldKey: key, newKeyId: "9f8e7d6c", isOwnKey: false))
            state = press(state, [.left])  // the 1-hour overlap
            let text = ConsoleView.render(state, Fixtures.context()).lines.joined()
            #expect(text.contains("◀ 1 hour ▶"), "\(text)")
            #expect(text.contains("The old key expires sooner, at 12:42:00 (in 42m 00s)") == warned)
        }
    }

    @Test("one marked key is \"1 marked key\", in the singular")
    func oneMarkedKey() {
        let base = Fixtures.loaded(width: 80, height: 24)
        let state = press(base, [.character(" "), .character("d")])
        let screen = ConsoleView.render(state, Fixtures.context())
        #expect(screen.lines.contains { $0.contains("Revoke 1 marked key ") }, "\(screen.lines)")
        #expect(!screen.lines.contains { $0.contains("1 marked keys") })
    }

    @Test("ASCII: the dialogs draw with ASCII only")
    func ascii() {
        for (_, state) in Self.screens(width: 80, height: 24) {
            let screen = ConsoleView.render(
                state, Fixtures.context(unicode: false))
            #expect(screen.lines.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
        }
    }
}
