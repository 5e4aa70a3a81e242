import Foundation
import MomentoKeys

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
            if let due = refreshDue(state), due <= now, state.loading == nil {
                effects = beginLoad(&state)
            }
        case .resized(let width, let height):
            state.width = width
            state.height = height
        case .pageLoaded(let generation, let keys, let more):
            guard var loading = state.loading, loading.generation == generation else { break }
            loading.received += keys
            state.loading = loading
            if !more {
                state.keys = loading.received
                state.loaded = true
                state.loading = nil
                state.lastRefresh = state.now
                state.lastAttempt = state.now
                state.staleReason = nil
            }
        case .loadFailed(let generation, let message):
            guard state.loading?.generation == generation else { break }
            // Keep the last list and say why it is stale; try again after a full interval.
            state.loading = nil
            state.lastAttempt = state.now
            state.staleReason = message
            flash(&state, "Refresh failed: \(message)", .error)
        case .rolesLoaded(let generation, let roles):
            guard generation == state.rolesGeneration else { break }
            for role in roles { state.roleNames[role.roleId] = role.roleName }
        case .revoked(let keyId):
            removeKey(keyId, &state)
            if !countBulkAnswer(&state, failure: nil) { flash(&state, "Revoked \(keyId)", .info) }
        case .revokeFailed(let keyId, .notFound):
            removeKey(keyId, &state)
            if !countBulkAnswer(&state, failure: nil) {
                flash(&state, "\(keyId) was already revoked", .info)
            }
        case .revokeFailed(let keyId, let error):
            if case .forbidden = error { state.learnedCannotManage = true }
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
            secretWritten(path: path, failure: nil, &state)
        case .secretWriteFailed(let reason):
            secretWritten(path: nil, failure: reason, &state)
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
        return Date(timeIntervalSince1970: wake)
    }

    // MARK: Keys

    private static func handle(_ key: Key, _ state: inout ConsoleState) -> [Effect] {
        if key == .controlC {
            // A new key is never lost to Ctrl-C: while it is being created, wait; while it is
            // shown, ask whether it is stored first (a second Ctrl-C then quits).
            switch state.overlay {
            case .create(let dialog)? where dialog.step == .creating:
                flash(&state, "A key is being created; it shows in a moment", .error)
                return []
            case .secret(var panel)? where panel.mode != .confirmingClose:
                panel.mode = .confirmingClose
                state.overlay = .secret(panel)
                return []
            default:
                state.quitting = true
                return [.quit]
            }
        }
        switch state.overlay {
        case .regionPicker(let picker)?: return pickRegion(picker, key, &state)
        case .create(let dialog)?: return createKey(dialog, key, &state)
        case .secret(let panel)?: return secretKey(panel, key, &state)
        case .rotateFinish(let finish)?: return rotateFinishKey(finish, key, &state)
        default: break
        }
        if case .bulkRevoke(let dialog)? = state.overlay {
            return bulkRevokeKey(dialog, key, &state)
        }
        if case .revoke(let dialog)? = state.overlay {
            return confirmRevoke(dialog, key, &state)
        }
        if let overlay = state.overlay {
            switch key {
            // Esc, Enter and q close any pane; ? also closes the help it opened.
            case .escape, .enter, .character("q"),
                .character("?") where overlay == .help:
                state.overlay = nil
            default:
                break
            }
            return []
        }
        if state.editingFilter {
            switch key {
            case .character(let character):
                state.filter.append(character)
                state.selectedIndex = 0
                return []
            case .paste(let text):
                state.filter += LineEditor(text, limit: 200).text
                state.selectedIndex = 0
                return []
            case .backspace, .delete:
                if !state.filter.isEmpty { state.filter.removeLast() }
                state.selectedIndex = 0
                return []
            case .enter:
                state.editingFilter = false
                return []
            case .escape:
                state.editingFilter = false
                state.filter = ""
                return []
            default:
                break  // arrows and paging still move while filtering
            }
        } else if key == .escape, !state.filter.isEmpty || state.expiringOnly {
            state.filter = ""
            state.expiringOnly = false
            return []
        }
        guard let binding = Keymap.binding(for: key) else { return [] }
        if let reason = Keymap.disabledReason(
            binding, readOnly: state.readOnly, canManage: state.canManage)
        {
            flash(&state, "Cannot \(binding.hint ?? binding.help): \(reason)", .error)
            return []
        }
        return perform(binding.action, &state)
    }

    private static func perform(_ action: Action, _ state: inout ConsoleState) -> [Effect] {
        let count = state.visibleKeys.count
        switch action {
        case .moveUp: state.selectedIndex -= 1
        case .moveDown: state.selectedIndex += 1
        case .pageUp: state.selectedIndex -= state.listRows
        case .pageDown: state.selectedIndex += state.listRows
        case .top: state.selectedIndex = 0
        case .bottom: state.selectedIndex = count - 1
        case .details:
            if state.selectedKey != nil { state.overlay = .details }
        case .filter:
            state.editingFilter = true
        case .toggleExpiring:
            state.expiringOnly.toggle()
            state.selectedIndex = 0
        case .cycleSort:
            state.sort = state.sort.next
            state.reversed = false
            state.selectedIndex = 0
        case .reverseSort:
            state.reversed.toggle()
            state.selectedIndex = 0
        case .refresh:
            guard state.loading == nil else {
                flash(&state, "Already refreshing", .info)
                return []
            }
            return beginLoad(&state)
        case .help:
            state.overlay = .help
        case .quit:
            state.quitting = true
            return [.quit]
        case .revoke where !state.marked.isEmpty:
            let ids = state.shownKeys.map(\.keyId).filter(state.marked.contains)
            state.overlay = .bulkRevoke(
                BulkRevokeDialog(
                    keyIds: ids, includesOwnKey: state.backend.ownKeyId.map(ids.contains) ?? false))
        case .mark:
            if let key = state.selectedKey {
                if state.marked.remove(key.keyId) == nil { state.marked.insert(key.keyId) }
                state.selectedIndex += 1
            }
        case .revoke:
            if let key = state.selectedKey {
                state.overlay = .revoke(
                    RevokeDialog(key: key, isOwnKey: key.keyId == state.backend.ownKeyId))
            }
        case .copyId:
            if let key = state.selectedKey {
                flash(&state, "Copied \(key.keyId) to the clipboard", .info)
                return [.copyToClipboard(key.keyId)]
            }
        case .regionPicker:
            var picker = RegionPicker()
            if let endpoint = state.endpoint,
                let index = state.regions.firstIndex(where: {
                    Endpoint.normalizedHost($0.endpoint) == Endpoint.normalizedHost(endpoint)
                })
            {
                picker.index = index
            }
            state.overlay = .regionPicker(picker)
        case .newKey:
            openCreate(rotating: nil, &state)
        case .rotate:
            if let key = state.selectedKey { openCreate(rotating: key, &state) }
        }
        if let key = state.visibleKeys[safe: state.selectedIndex] {
            state.selectedKeyId = key.keyId
        }
        return []
    }

    /// Handles a key in the revoke dialog, as the bulk dialog does: it updates the pane and
    /// returns the revoke only for the exact last four characters of the id, then Enter.
    private static func confirmRevoke(
        _ dialog: RevokeDialog, _ key: Key, _ state: inout ConsoleState
    ) -> [Effect] {
        var dialog = dialog
        switch key {
        case .escape:
            state.overlay = nil
            flash(&state, "Nothing revoked", .info)
            return []
        case .enter:
            guard dialog.typed == dialog.confirmation else {
                dialog.error = "Type \(dialog.confirmation), the id's last 4 characters"
                state.overlay = .revoke(dialog)
                return []
            }
            state.overlay = nil
            flash(&state, "Revoking \(dialog.key.keyId)…", .info)
            return [.revoke(keyId: dialog.key.keyId)]
        case .backspace, .delete:
            if !dialog.typed.isEmpty { dialog.typed.removeLast() }
        case .character(let character) where dialog.typed.count < 4:
            dialog.typed.append(character)
        default:
            break
        }
        dialog.error = nil
        state.overlay = .revoke(dialog)
        return []
    }

    /// Keys in the region picker: type to filter, arrows to move, Enter to choose; the last
    /// row takes a custom host name (validated; preprod recognised). Esc steps back.
    private static func pickRegion(
        _ picker: RegionPicker, _ key: Key, _ state: inout ConsoleState
    ) -> [Effect] {
        var picker = picker
        let rows = picker.rows(state.regions)
        if var host = picker.customHost {
            switch key {
            case .escape:
                picker.customHost = nil
            case .enter:
                let normalized = Endpoint.normalizedHost(host)
                guard Endpoint.isValidHostName(normalized) else {
                    picker.error = "\"\(host)\" is not a host name"
                    state.overlay = .regionPicker(picker)
                    return []
                }
                return choose(normalized, &state)
            case .backspace, .delete:
                if !host.isEmpty { host.removeLast() }
                picker.customHost = host
            case .character(let character) where host.count < 253:
                host.append(character)
                picker.customHost = host
            case .paste(let text):
                picker.customHost = String((host + text).filter { !$0.isWhitespace }.prefix(253))
            default:
                break
            }
            picker.error = nil
            state.overlay = .regionPicker(picker)
            return []
        }
        switch key {
        case .escape:
            state.overlay = nil
            guard state.needsEndpoint else { return [] }
            state.needsEndpoint = false
            flash(&state, "No region chosen: new keys get no endpoint until p picks one", .error)
            return beginLoad(&state) + [beginRoles(&state)]
        case .up:
            picker.index = max(0, picker.index - 1)
        case .down:
            picker.index = min(rows.count, picker.index + 1)
        case .enter:
            if picker.index < rows.count { return choose(rows[picker.index].endpoint, &state) }
            picker.customHost = ""
        case .backspace, .delete:
            if !picker.filter.isEmpty { picker.filter.removeLast() }
            picker.index = 0
        case .character(let character):
            picker.filter.append(character)
            picker.index = 0
        default:
            break
        }
        state.overlay = .regionPicker(picker)
        return []
    }

    /// Makes `endpoint` the one for new keys, shows it in the header, and saves it. Moving
    /// between prod and preprod changes the key API, so the keys and roles load again.
    private static func choose(_ endpoint: String, _ state: inout ConsoleState) -> [Effect] {
        state.overlay = nil
        let previous = state.endpoint
        state.endpoint = endpoint
        let table = RegionTable(regions: state.regions)
        if state.backend.kind.isMomento {
            state.backend.kind = BackendInfo.Kind(endpoint: endpoint, table: table)
        }
        let described: String
        switch table.classify(endpoint: endpoint) {
        case .region(let region): described = "\(region.name) (\(region.endpoint))"
        case .preprod(let host): described = "\(host) (preprod)"
        case .custom(let host): described = "\(host) (custom)"
        }
        flash(&state, "Region: \(described)", .info)
        var effects: [Effect] = [.saveEndpoint(endpoint)]
        // Without an endpoint the console used the prod key API.
        let sameAPI =
            Endpoint.keyManagementBaseURL(for: previous ?? "")
            == Endpoint.keyManagementBaseURL(for: endpoint)
        if state.needsEndpoint || (!sameAPI && state.backend.kind.isMomento) {
            state.needsEndpoint = false
            state.keys = []
            state.loaded = false
            state.marked = []
            effects += beginLoad(&state) + [beginRoles(&state)]
        }
        return effects
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

    /// Keys in the bulk revoke pane: the count then Enter starts it; Esc cancels before,
    /// and closes after. While it runs, keys wait.
    private static func bulkRevokeKey(
        _ dialog: BulkRevokeDialog, _ key: Key, _ state: inout ConsoleState
    ) -> [Effect] {
        var dialog = dialog
        switch (dialog.phase, key) {
        case (.confirming, .escape):
            state.overlay = nil
            flash(&state, "Nothing revoked", .info)
            return []
        case (.confirming, .enter):
            guard dialog.typed == String(dialog.keyIds.count) else {
                dialog.error = "Type \(dialog.keyIds.count), the number of marked keys"
                state.overlay = .bulkRevoke(dialog)
                return []
            }
            dialog.phase = .running
            dialog.error = nil
            state.overlay = .bulkRevoke(dialog)
            return [.revokeMany(keyIds: dialog.keyIds)]
        case (.confirming, .backspace), (.confirming, .delete):
            if !dialog.typed.isEmpty { dialog.typed.removeLast() }
        case (.confirming, .character(let character)) where character.isNumber:
            if dialog.typed.count < 6 { dialog.typed.append(character) }
        case (.finished, .escape), (.finished, .enter), (.finished, .character("q")):
            state.overlay = nil
            state.marked.subtract(dialog.keyIds)
            return []
        default:
            return []
        }
        dialog.error = nil
        state.overlay = .bulkRevoke(dialog)
        return []
    }

    private static func removeKey(_ keyId: String, _ state: inout ConsoleState) {
        state.keys.removeAll { $0.keyId == keyId }
        state.loading?.received.removeAll { $0.keyId == keyId }
        state.marked.remove(keyId)
        state.rotated[keyId] = nil
    }

    // MARK: Helpers

    static func beginLoad(_ state: inout ConsoleState) -> [Effect] {
        state.generation += 1
        state.loading = ConsoleState.Loading(generation: state.generation, received: [])
        return [.loadKeys(generation: state.generation)]
    }

    static func beginRoles(_ state: inout ConsoleState) -> Effect {
        state.rolesGeneration += 1
        return .loadRoles(generation: state.rolesGeneration)
    }

    private static func refreshDue(_ state: ConsoleState) -> Date? {
        guard state.refreshInterval > 0, let last = state.lastAttempt else { return nil }
        return last.addingTimeInterval(TimeInterval(state.refreshInterval))
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
        if let id = state.selectedKeyId, let index = visible.firstIndex(where: { $0.keyId == id }) {
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

extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
