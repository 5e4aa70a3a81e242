import ConsoleUI
import Foundation
import MomentoKeys
import Testing

/// Rotations kept for an overlap: the header says how many are due, and F revokes their old
/// keys through the bulk revoke's confirmation.
@Suite("update: due rotations")
struct RotationDueTests {
    @Test(
        "a kept rotation past its deadline is due in the header; F offers its old key; revoked, it is gone"
    )
    func dueRotation() throws {
        var state = Fixtures.loaded()
        let old = try #require(state.keys.first)
        let later = try #require(state.keys.last)
        // The new keys are listed and never expire: each can take its old key's place.
        let lasting = try #require(state.keys.first { $0.expiresAtEpochSeconds == nil })
        state.keptRotations = [
            KeptRotation(
                oldKeyId: old.keyId, newKeyId: lasting.keyId,
                deadline: Fixtures.now.addingTimeInterval(-60), overlapSeconds: 3600),
            KeptRotation(
                oldKeyId: later.keyId, newKeyId: lasting.keyId,
                deadline: Fixtures.now.addingTimeInterval(3600), overlapSeconds: 3600),
        ]
        #expect(state.dueRotations.map(\.oldKeyId) == [old.keyId])
        let header = ConsoleView.render(state, Fixtures.context()).lines[1]
        #expect(header.contains("(1 rotation due: F)"), "\(header)")
        let (asking, _) = Fixtures.press(state, .character("F"))
        guard case .bulkRevoke(let dialog)? = asking.overlay else {
            Issue.record("F opened no confirmation")
            return
        }
        #expect(dialog.keyIds == [old.keyId])
        var typed = Fixtures.press(asking, .character("1"), .enter)
        #expect(typed.1 == [.revokeMany(keyIds: [old.keyId])])
        typed.0 = ConsoleUpdate.update(typed.0, .revoked(keyId: old.keyId)).0
        #expect(typed.0.keptRotations.map(\.oldKeyId) == [later.keyId])
        #expect(typed.0.dueRotations.isEmpty)
        // Nothing due: F says so.
        var none = Fixtures.loaded()
        none.keptRotations = []
        let (after, effects) = Fixtures.press(none, .character("F"))
        #expect(after.overlay == nil && effects.isEmpty)
        #expect(
            ConsoleView.render(after, Fixtures.context()).lines.contains {
                $0.contains("No rotation is due")
            })
    }
}

/// Finishing never takes the last working key: F keeps an old key whose replacement is gone,
/// expired or lapsing before the overlap would, and says why, naming both keys.
@Suite("update: a rotation never takes the last working key")
struct RotationHandoverTests {
    @Test(
        "the new key revoked, expired or expiring within the overlap: F keeps the old key, naming both"
    )
    func brokenRotationKept() throws {
        var state = Fixtures.loaded()
        let old = try #require(state.keys.first)
        let soon = try #require(
            state.keys.first {
                $0.keyId != old.keyId
                    && ($0.expiresAtEpochSeconds ?? .max)
                        > Int64(Fixtures.now.timeIntervalSince1970)
                    && ($0.expiresAtEpochSeconds ?? .max)
                        < Int64(Fixtures.now.timeIntervalSince1970) + 30 * 86400
            })
        let expired = try #require(state.keys.first { $0.isExpired(at: Fixtures.now) })
        for (newKeyId, reason) in [
            ("revoked-new-key", "no longer listed"), (soon.keyId, "overlap"),
            (expired.keyId, "has expired"),
        ] {
            state.keptRotations = [
                KeptRotation(
                    oldKeyId: old.keyId, newKeyId: newKeyId,
                    deadline: Fixtures.now.addingTimeInterval(-60), overlapSeconds: 30 * 86400)
            ]
            let (after, effects) = Fixtures.press(state, .character("F"))
            #expect(after.overlay == nil, "\(reason): no confirmation")
            #expect(effects.isEmpty, "\(reason): nothing revoked")
            let text = try #require(after.flash?.text)
            #expect(text.contains("Kept \(old.keyId)"), "\(text)")
            #expect(text.contains(newKeyId) && text.contains(reason), "\(text)")
            #expect(after.flash?.level == .error)
        }
        // From the cache, nothing is finished: a replacement may have gone since.
        state.keptRotations = [
            KeptRotation(
                oldKeyId: old.keyId, newKeyId: old.keyId,
                deadline: Fixtures.now.addingTimeInterval(-60), overlapSeconds: 60)
        ]
        state.cachedAt = Fixtures.now.addingTimeInterval(-600)
        let (cached, none) = Fixtures.press(state, .character("F"))
        #expect(none.isEmpty && cached.overlay == nil)
        #expect(cached.flash?.text.contains("refresh") == true)
        state.cachedAt = nil
        state.staleReason = "HTTP 503"
        let (stale, nothing) = Fixtures.press(state, .character("F"))
        #expect(nothing.isEmpty && stale.overlay == nil)
        #expect(stale.flash?.text.contains("not fresh") == true)
    }

    @Test("revoking a kept rotation's new key names the rotation and says the old key is kept")
    func revokingTheReplacement() throws {
        var state = Fixtures.loaded(width: 100, height: 30)
        let new = try #require(state.selectedKey)
        state.keptRotations = [
            KeptRotation(
                oldKeyId: "old-key-0001", newKeyId: new.keyId,
                deadline: Fixtures.now.addingTimeInterval(3600), overlapSeconds: 86400)
        ]
        let (asking, _) = Fixtures.press(state, .character("d"))
        let text = ConsoleView.render(asking, Fixtures.context()).lines
            .joined(separator: "\n")
        #expect(text.contains("Rotation replaces old-key-…"), "\(text)")
        #expect(text.contains("that old key is then kept, not revoked"), "\(text)")
        // Marked with another key: the bulk confirmation says it too.
        var marked = state
        marked.marked = Set(state.keys.prefix(2).map(\.keyId)).union([new.keyId])
        let (bulk, _) = Fixtures.press(marked, .character("d"))
        let bulkText = ConsoleView.render(bulk, Fixtures.context()).lines
            .joined(separator: "\n")
        #expect(bulkText.contains("kept rotation"), "\(bulkText)")
    }
}

/// The audit journal in the console: `a` shows it, newest first; a key's details show its
/// history.
@Suite("update: the audit journal")
struct JournalUpdateTests {
    @Test("a opens the journal (and reads it anew); the details show the key's history")
    func journal() throws {
        var state = Fixtures.loaded(width: 100, height: 30)
        let key = try #require(state.selectedKey)
        state.journal = [
            JournalLine(
                time: Fixtures.now.addingTimeInterval(-120), user: "ops", action: "create",
                outcome: "done", keyId: key.keyId, replaces: nil, detail: "Operator, \"ci\""),
            JournalLine(
                time: Fixtures.now.addingTimeInterval(-60), user: "ops", action: "store",
                outcome: "failed", keyId: key.keyId, replaces: nil,
                detail: "store vault, exit 1\u{1B}[31m"),
            JournalLine(
                time: Fixtures.now, user: "root", action: "region", outcome: "done", keyId: nil,
                replaces: nil, detail: "cell-1-eu-west-1-1.prod.a.momentohq.com"),
        ]
        let (open, effects) = Fixtures.press(state, .character("a"))
        #expect(open.overlay == .journal)
        #expect(effects == [.loadJournal])
        let lines = ConsoleView.render(open, Fixtures.context()).lines
        let region = try #require(lines.firstIndex { $0.contains("region done") })
        let create = try #require(lines.firstIndex { $0.contains("create done") })
        #expect(region < create, "newest first")
        #expect(lines.contains { $0.contains("store failed") && $0.contains("exit 1\u{FFFD}[31m") })
        #expect(!lines.contains { $0.contains("\u{1B}") }, "inert")
        let (closed, _) = Fixtures.press(open, .escape)
        #expect(closed.overlay == nil)
        let (details, _) = Fixtures.press(closed, .enter)
        let shown = ConsoleView.render(details, Fixtures.context()).lines
        #expect(shown.contains { $0.contains("History") && $0.contains("create done (ops)") })
        #expect(shown.contains { $0.contains("store failed (ops)") })
        #expect(!shown.contains { $0.contains("region done") }, "only the key's own entries")
    }
}

/// The end of a rotation: ←/→ choose how long both keys are kept.
@Suite("update: the rotation's overlap")
struct RotationOverlapTests {
    @Test("→ then k keeps both for 7 days: recorded with that deadline; ← twice gives 1 hour")
    func overlapChoice() throws {
        var state = Fixtures.loaded()
        let old = try #require(state.keys.first)
        state.overlay = .rotateFinish(RotateFinish(oldKey: old, newKeyId: "new-7", isOwnKey: false))
        let (kept, effects) = Fixtures.press(state, .right, .right, .character("k"))
        #expect(
            effects == [
                .rotationFinished(
                    oldKeyId: old.keyId, newKeyId: "new-7", description: old.description,
                    overlapSeconds: 7 * 86400)
            ])
        #expect(kept.keptRotations.first?.deadline == Fixtures.now.addingTimeInterval(7 * 86400))
        let (_, short) = Fixtures.press(state, .left, .left, .character("k"))
        #expect(
            short == [
                .rotationFinished(
                    oldKeyId: old.keyId, newKeyId: "new-7", description: old.description,
                    overlapSeconds: 3600)
            ])
    }

    @Test("an overlap that could not be saved says so, naming the old key to revoke by hand")
    func overlapNotSaved() {
        let (state, effects) = ConsoleUpdate.update(
            Fixtures.loaded(), .rotationNotSaved(oldKeyId: "old-1", reason: "disk full"))
        #expect(effects.isEmpty)
        #expect(state.flash?.level == .error)
        #expect(
            state.flash?.text == "Not saved: disk full. Revoke old-1 yourself when the overlap ends"
        )
    }
}
