import Foundation
import MomentoKeys
import TextKit

/// The console's logic: `update(state, msg) -> (state, effects)`. No clock, no I/O.
public enum ConsoleUpdate {
    /// How long a flash message stays.
    public static let flashSeconds: TimeInterval = 4

    /// The first effects: load the keys and the roles; or, when the console's key has no
    /// endpoint, open the region picker and load once a region is chosen.
    public static func start(_ state: ConsoleState) -> (ConsoleState, [Effect]) {
        var state = state
        if state.needsEndpoint {
            state.overlay = .regionPicker(RegionPicker())
            return (state, [])
        }
        if state.isSeveral {
            let effects = beginLoads(&state, roles: true)
            return (state, effects)
        }
        let effects = beginLoad(&state) + [beginRoles(&state)]
        return (state, effects)
    }

    /// The new state after `msg`, and the work to do.
    public static func update(_ state: ConsoleState, _ msg: Msg) -> (ConsoleState, [Effect]) {
        var state = state
        var effects: [Effect] = []
        switch msg {
        case .key(let key):
            effects = handle(key, &state)
        case .tick(let now):
            state.now = now
            if let flash = state.flash, flash.until <= now { state.flash = nil }
            if state.isSeveral {
                effects = accountRefreshes(&state)
            } else if let due = refreshDue(state), due <= now, state.loading == nil {
                effects = beginLoad(&state, background: true)
            }
        case .resized(let width, let height):
            state.width = width
            state.height = height
        case .pageLoaded(_, _, _, _, _?), .loadWarning(_, _, _?), .loadFailed(_, _, _?),
            .rolesLoaded(_, _, _?):
            effects = accountLoad(msg, &state)
        case .pageLoaded(let generation, let keys, let more, let pages, nil):
            let now = state.now
            guard
                state.receive(keys, more: more, pages: pages, generation: generation, at: now)
                    == true
            else { break }
            if state.caching {
                effects.append(.cacheList(keys: state.keys, roleNames: state.roleNames, at: now))
            }
            // Marks of keys that are gone go with them.
            state.marked.formIntersection(state.keys.map(\.keyId))
            if let own = state.backend.ownKeyId, !state.keys.contains(where: { $0.keyId == own }) {
                state.ownKeyGone = true
            }
        case .loadWarning(let generation, let message, nil):
            // A load since replaced (or cancelled) has nothing more to say.
            guard state.loading?.generation == generation else { break }
            flash(&state, message, .error)
        case .loadFailed(let generation, let message, nil):
            if state.fail(message, generation: generation, at: state.now) {
                flash(&state, "Refresh failed: \(message)", .error)
            }
        case .rolesLoaded(let generation, let roles, nil):
            if state.learn(roles, generation: generation, caching: state.caching) == true,
                let completed = state.lastRefresh
            {
                effects.append(
                    .cacheList(keys: state.keys, roleNames: state.roleNames, at: completed))
            }
        case .revoked(let keyId):
            if keyId == state.backend.ownKeyId, !state.isSeveral { state.ownKeyGone = true }
            removeKey(keyId, &state)
            if !countBulkAnswer(&state, failure: nil) { flash(&state, "Revoked \(keyId)", .info) }
        case .revokeFailed(let keyId, .notFound):
            removeKey(keyId, &state)
            if !countBulkAnswer(&state, failure: nil) {
                flash(&state, "\(keyId) was already revoked", .info)
            }
        case .revokeFailed(let keyId, let error):
            if case .forbidden = error {
                if let account = state.account(of: keyId) {
                    state.accounts[account].learnedCannotManage = true
                } else {
                    state.learnedCannotManage = true
                }
            }
            let failure = BulkRevokeDialog.Failure(keyId: keyId, reason: error.description)
            if !countBulkAnswer(&state, failure: failure) {
                flash(&state, "Revoking \(keyId) failed: \(error.description)", .error)
            }
        case .saveFailed(let message):
            flash(&state, "Could not save the region: \(message)", .error)
        case .created(let created):
            Self.created(created, &state)
        case .createFailed(let error):
            createFailed(error, &state)
        case .secretWritten(let path):
            secretWritten(note: "written (0600) to \(path)", failure: nil, &state)
        case .profileAppended(let path, let name):
            secretWritten(note: "profile \(name) added to \(path)", failure: nil, &state)
        case .secretWriteFailed(let reason):
            secretWritten(note: nil, failure: reason, &state)
        case .journalLoaded(let lines):
            state.journal = lines
        case .rotationNotSaved(let oldKeyId, let reason):
            flash(
                &state,
                "Not saved: \(reason). Revoke \(oldKeyId) yourself when the overlap ends",
                .error)
        case .secretStored(let store, let summary, let succeeded):
            secretStored(store: store, summary: summary, succeeded: succeeded, &state)
        case .bulkRevokeFinished:
            if case .bulkRevoke(var dialog)? = state.overlay {
                dialog.phase = .finished
                state.overlay = .bulkRevoke(dialog)
                let revoked = dialog.keyIds.count - dialog.failures.count
                flash(
                    &state, "Revoked \(revoked) of \(dialog.keyIds.count) keys",
                    dialog.failures.isEmpty ? .info : .error)
            }
        }
        // The help lists the keys of what it was opened over; when that changes under it (a
        // key arrives, a bulk revoke ends), the help closes.
        if let help = state.help, help.context != state.paneContext { state.help = nil }
        clampSelection(&state)
        return (state, effects)
    }

    /// When the screen next needs redrawing or work is due, if nothing else happens first:
    /// the next second while a visible countdown (or the details pane) shows seconds, otherwise
    /// the next minute;
    /// sooner for a flash to clear or a refresh to start.
    public static func nextWake(_ state: ConsoleState) -> Date {
        let now = state.now.timeIntervalSince1970
        var wake = (now / 60).rounded(.down) * 60 + 60
        let rows = state.visibleKeys.dropFirst(state.scrollOffset).prefix(state.listRows)
        let ownLeft = state.backend.ownKeyExpiresAt.map { Int64($0.timeIntervalSince1970 - now) }
        // The details pane gives the exact time left, seconds included, whatever its size.
        let detailsTick =
            state.overlay == .details && state.selectedKey?.expiresAtEpochSeconds != nil
        if detailsTick
            || rows.contains(where: {
                Countdown.showsSeconds(secondsLeft: Countdown.secondsLeft($0, now: state.now))
            })
            || Countdown.showsSeconds(secondsLeft: ownLeft)
        {
            wake = now.rounded(.down) + 1
        }
        if let flash = state.flash { wake = min(wake, flash.until.timeIntervalSince1970) }
        if let due = refreshDue(state), state.loading == nil {
            wake = min(wake, max(due.timeIntervalSince1970, now))
        }
        if let due = nextAccountRefresh(state) {
            wake = min(wake, max(due.timeIntervalSince1970, now))
        }
        return Date(timeIntervalSince1970: wake)
    }

    /// Counts one answer of a running bulk revoke; false when no bulk revoke is running.
    private static func countBulkAnswer(
        _ state: inout ConsoleState, failure: BulkRevokeDialog.Failure?
    ) -> Bool {
        guard case .bulkRevoke(var dialog)? = state.overlay, dialog.phase == .running else {
            return false
        }
        dialog.done += 1
        if let failure { dialog.failures.append(failure) }
        state.overlay = .bulkRevoke(dialog)
        return true
    }

    private static func removeKey(_ keyId: String, _ state: inout ConsoleState) {
        if let account = state.account(of: keyId) {
            // The merged list follows from the account's.
            state.accounts[account].keys.removeAll { $0.keyId == keyId }
            state.accounts[account].loading?.received.removeAll { $0.keyId == keyId }
        } else if !state.isSeveral {
            state.keys.removeAll { $0.keyId == keyId }
            state.loading?.received.removeAll { $0.keyId == keyId }
        }
        state.marked.remove(keyId)
        state.rotated[keyId] = nil
        state.keptRotations.removeAll { $0.oldKeyId == keyId }
    }

    // MARK: Helpers

    static func beginLoad(_ state: inout ConsoleState, background: Bool = false) -> [Effect] {
        let generation = state.beginLoad(at: state.now)
        return [.loadKeys(generation: generation, background: background)]
    }

    static func beginRoles(_ state: inout ConsoleState) -> Effect {
        .loadRoles(generation: state.beginRoles())
    }

    /// When the one account's next automatic refresh starts (``KeyListLoad/refreshDue``).
    private static func refreshDue(_ state: ConsoleState) -> Date? {
        state.isSeveral ? nil : state.refreshDue(interval: state.refreshInterval)
    }

    static func flash(_ state: inout ConsoleState, _ text: String, _ level: Flash.Level) {
        state.flash = Flash(text, level: level, until: state.now.addingTimeInterval(flashSeconds))
    }

    /// Keeps the selection on the same key when the list changes, within bounds otherwise,
    /// and scrolls so it is on screen.
    private static func clampSelection(_ state: inout ConsoleState) {
        let visible = state.visibleKeys
        // Moves update selectedKeyId as they go, so following the id keeps the selection on
        // the same key across refreshes and stops it at either end of the list.
        if let id = state.selectedKeyId, let index = state.visiblePosition(of: id) {
            state.selectedIndex = index
        }
        state.selectedIndex =
            visible.isEmpty ? 0 : min(max(state.selectedIndex, 0), visible.count - 1)
        state.selectedKeyId = visible[safe: state.selectedIndex]?.keyId
        let rows = state.listRows
        if state.selectedIndex < state.scrollOffset { state.scrollOffset = state.selectedIndex }
        if state.selectedIndex >= state.scrollOffset + rows {
            state.scrollOffset = state.selectedIndex - rows + 1
        }
        state.scrollOffset = max(0, min(state.scrollOffset, max(0, visible.count - rows)))
    }
}

extension RandomAccessCollection where Index == Int {
    /// The element at `index`, or `nil` past either end.
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
