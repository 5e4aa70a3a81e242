import Foundation
import MomentoKeys
import TextKit

/// The list's actions, the filter's, and choosing a region.
extension ConsoleUpdate {
    static func listAction(_ action: Action, _ state: inout ConsoleState) -> [Effect] {
        let count = state.visibleKeys.count
        switch action {
        case .moveUp: state.selectedIndex -= 1
        case .moveDown: state.selectedIndex += 1
        case .previousPage: state.selectedIndex -= state.listRows
        case .nextPage: state.selectedIndex += state.listRows
        case .top: state.selectedIndex = 0
        case .bottom: state.selectedIndex = count - 1
        case .mark:
            guard let key = state.selectedKey else { return [] }
            if state.marked.remove(key.keyId) == nil { state.marked.insert(key.keyId) }
            state.selectedIndex += 1
        default:
            // Everything else keeps the selection on its key (the update follows its id).
            return otherListAction(action, &state)
        }
        // A move: the selection is the key at the new place.
        if let key = state.visibleKeys[safe: min(max(state.selectedIndex, 0), count - 1)] {
            state.selectedKeyId = key.keyId
        }
        return []
    }

    private static func otherListAction(_ action: Action, _ state: inout ConsoleState)
        -> [Effect]
    {
        switch action {
        case .details:
            if state.selectedKey != nil {
                state.overlay = .details
                state.detailsScroll = 0
            }
        case .filter:
            state.editingFilter = true
        case .applyFilter:
            state.editingFilter = false
        case .clearFilter:
            // While typing, Esc drops the filter; in the list, it drops the e toggle too.
            if !state.editingFilter {
                state.expiringOnly = false
                state.findingsOnly = false
            }
            state.editingFilter = false
            state.filterEditor = LineEditor(limit: ConsoleState.filterLimit)
        case .toggleExpiring:
            state.expiringOnly.toggle()
        case .toggleFindings where !state.hasPolicy && !state.findingsOnly:
            flash(
                &state, "No key policy sets a rule, so no key has findings: see docs/policy.md",
                .info)
        case .toggleFindings:
            state.findingsOnly.toggle()
        case .cycleSort:
            state.sort = state.sort.next(among: ListLayout.sortColumns(width: state.width))
            state.reversed = false
        case .sortMenu:
            state.overlay = .sortMenu(
                SortMenu(columns: ListLayout.sortColumns(width: state.width), current: state.sort))
        case .reverseSort:
            state.reversed.toggle()
        case .refresh where state.isSeveral:
            let effects = beginLoads(&state)
            if effects.isEmpty { flash(&state, "Already refreshing", .info) }
            return effects
        case .refresh:
            guard state.loading == nil else {
                flash(&state, "Already refreshing", .info)
                return []
            }
            return beginLoad(&state)
        case .quit:
            state.quitting = true
            return []
        case .revoke where !state.marked.isEmpty:
            openBulkRevoke(&state)
        case .clearMarks:
            let count = state.marked.count
            state.marked = []
            flash(&state, count == 1 ? "Cleared 1 mark" : "Cleared \(count) marks", .info)
        case .revoke:
            guard let key = state.selectedKey else { break }
            let account = state.account(of: key.keyId)
            if let refusal = state.rankRefusal(key.roleId, verb: "revoke", account: account) {
                flash(&state, "Cannot revoke: \(refusal)", .error)
                break
            }
            let ownKeyId = account.map { state.accounts[$0].ownKeyId } ?? state.backend.ownKeyId
            state.overlay = .revoke(RevokeDialog(key: key, isOwnKey: key.keyId == ownKeyId))
        case .copyId:
            if let key = state.selectedKey {
                // Only what a key id is: anything else could run in the shell it is pasted in.
                guard ApiKeyInfo.isKeyIdShaped(key.keyId) else {
                    flash(
                        &state,
                        "Not copied: this key id holds characters no key id has (the API sent"
                            + " them)", .error)
                    break
                }
                flash(
                    &state,
                    state.copiesByOSC52
                        ? "Sent \(key.keyId) by OSC 52 to the terminal clipboard (nothing there? under"
                            + " tmux: set -g set-clipboard on; GNU screen does not pass it on)"
                        : "Sent \(key.keyId) to the terminal clipboard", .info)
                return [.copyToClipboard(key.keyId)]
            }
        case .regionPicker where state.isSeveral, .finishRotations where state.isSeveral:
            flash(
                &state,
                "Works on one account: start keyconsole with --profile NAME for it", .error)
        case .nextAccount:
            nextAccount(&state)
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
        case .newKey where state.isSeveral, .migrate where state.isSeveral:
            // Which account first: the selected key's (else the first writable one), unless
            // another is chosen.
            let writable = state.selectedAccount.flatMap { state.accounts[$0].readOnly ? nil : $0 }
            state.overlay = .accountMenu(
                AccountMenu(
                    profiles: state.accounts.map(\.profile),
                    current: writable ?? state.accounts.firstIndex { !$0.readOnly } ?? 0,
                    migrating: action == .migrate))
        case .newKey:
            openCreate(rotating: nil, &state)
        case .migrate:
            openMigrate(&state)
        case .rotate:
            guard let key = state.selectedKey else { break }
            if let refusal = state.rankRefusal(
                key.roleId, verb: "rotate", account: state.account(of: key.keyId))
            {
                flash(&state, "Cannot rotate: \(refusal)", .error)
                break
            }
            openCreate(rotating: key, &state)
        case .journal:
            state.overlay = .journal
            state.journalScroll = 0
            return [.loadJournal]
        case .finishRotations:
            // The old keys of the due rotations, confirmed by their count as a bulk revoke;
            // only those whose new key is listed and valid for the overlap, on a fresh list.
            guard state.cachedAt == nil, state.staleReason == nil else {
                flash(
                    &state, "The list is not fresh: refresh (r) before finishing rotations",
                    .error)
                break
            }
            let current = state
            var broken: [String] = []
            var due: Set<String> = []
            for rotation in state.dueRotations {
                if let problem = rotation.handoverProblem(keys: current.keys, now: current.now) {
                    broken.append(
                        problem.sentence(oldKeyId: rotation.oldKeyId, newKeyId: rotation.newKeyId))
                } else {
                    due.insert(rotation.oldKeyId)
                }
            }
            let keys = state.keys.filter { due.contains($0.keyId) }
            if let first = broken.first {
                flash(
                    &state,
                    first + (broken.count > 1 ? " (and \(broken.count - 1) more)" : ""), .error)
            }
            guard !keys.isEmpty else {
                if broken.isEmpty { flash(&state, "No rotation is due", .info) }
                break
            }
            if let refusal = keys.compactMap({ current.rankRefusal($0.roleId, verb: "revoke") })
                .first
            {
                flash(&state, "Cannot finish: \(refusal)", .error)
                break
            }
            state.overlay = .bulkRevoke(bulkRevoke(keys, hidden: 0, state))
        default:
            break
        }
        return []
    }

    /// The confirmation of a bulk revoke: every marked key, those in view first; refused
    /// when one ranks above this console's key.
    private static func openBulkRevoke(_ state: inout ConsoleState) {
        let visible = state.visibleKeys.filter { state.marked.contains($0.keyId) }
        let shownIds = Set(visible.map(\.keyId))
        let hidden = state.shownKeys.filter {
            state.marked.contains($0.keyId) && !shownIds.contains($0.keyId)
        }
        var keys = visible + hidden
        if state.isSeveral {
            // Grouped by account, in the accounts' order (a stable sort keeps the list's).
            let order = keys.map { state.account(of: $0.keyId) ?? Int.max }
            keys = zip(keys, order).enumerated().sorted {
                ($0.element.1, $0.offset) < ($1.element.1, $1.offset)
            }.map(\.element.0)
        }
        func refusal(_ key: ApiKeyInfo) -> String? {
            state.rankRefusal(key.roleId, verb: "revoke", account: state.account(of: key.keyId))
        }
        // Read-only per account: marks on a read-only account's keys are not revoked.
        if let kept = keys.first(where: {
            state.account(of: $0.keyId).map { state.accounts[$0].readOnly } ?? false
        }), let account = state.account(of: kept.keyId) {
            flash(
                &state,
                "Cannot revoke the marked keys: \(state.accounts[account].profile) is read-only"
                    + " (\(kept.keyId))", .error)
            return
        }
        if let above = keys.first(where: { refusal($0) != nil }), let refusal = refusal(above) {
            flash(&state, "Cannot revoke the marked keys: \(refusal) (\(above.keyId))", .error)
            return
        }
        state.overlay = .bulkRevoke(bulkRevoke(keys, hidden: hidden.count, state))
    }

    /// The confirmation of revoking `keys`, `hidden` of them out of view: whether the
    /// console's own key is among them, and with several accounts each account's count.
    private static func bulkRevoke(
        _ keys: [ApiKeyInfo], hidden: Int, _ state: ConsoleState
    ) -> BulkRevokeDialog {
        var counts = [Int](repeating: 0, count: state.accounts.count)
        for key in keys {
            if let account = state.account(of: key.keyId) { counts[account] += 1 }
        }
        let byAccount = counts.enumerated().filter { $0.element > 0 }.map {
            BulkRevokeDialog.AccountCount(
                profile: state.accounts[$0.offset].profile, count: $0.element)
        }
        return BulkRevokeDialog(
            keys: keys, hiddenCount: hidden,
            includesOwnKey: keys.contains { state.isOwnKey($0.keyId) }, byAccount: byAccount)
    }

    /// Makes `endpoint` the one for new keys, shows it in the header, and saves it. Moving
    /// between prod and preprod changes the key API, so the keys and roles load again.
    static func choose(_ endpoint: String, _ state: inout ConsoleState) -> [Effect] {
        guard !state.isSeveral else { return [] }  // each account's region is its profile's
        state.overlay = nil
        let previous = state.endpoint
        state.endpoint = endpoint
        state.regionFromCredentials = false
        let table = RegionTable(regions: state.regions)
        if state.backend.kind.isMomento {
            state.backend.kind = BackendInfo.Kind(endpoint: endpoint, table: table)
        }
        let described = table.describe(endpoint: endpoint)
        if let source = state.backend.endpointSource {
            // Saved for later starts, where the credentials' endpoint wins all the same.
            flash(
                &state,
                "Region: \(described); saved, but \(TextSanitizer.inert(source)) overrides it at"
                    + " the next start", .info)
        } else {
            flash(&state, "Region: \(described)", .info)
        }
        var effects: [Effect] = [.saveEndpoint(endpoint)]
        // Without an endpoint the console used the prod key API.
        let sameAPI =
            Endpoint.keyManagementBaseURL(for: previous ?? "")
            == Endpoint.keyManagementBaseURL(for: endpoint)
        if state.needsEndpoint || (!sameAPI && state.backend.kind.isMomento) {
            state.needsEndpoint = false
            state.keys = []
            state.loaded = false
            state.cachedAt = nil
            state.marked = []
            effects += beginLoad(&state) + [beginRoles(&state)]
        }
        return effects
    }
}
