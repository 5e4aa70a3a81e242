import Foundation
import MomentoKeys
import ScreenModel
import TextKit

/// Keys: looked up in the keymap of the current context, then routed to the reducer of what
/// is on screen: the help, a dialog, a pane, or the list.
extension ConsoleUpdate {
    static func handle(_ key: Key, _ state: inout ConsoleState) -> [Effect] {
        if case .mouse(let event) = key { return mouse(event, &state) }
        let context = state.keyContext
        guard let binding = Keymap.binding(for: key, in: context) else {
            // The list's help lists its keys: one of them, pressed there, closes the help
            // and does what it says (M starts a migration from the help).
            if context == .help, state.help?.context == .list,
                Keymap.binding(for: key, in: .list) != nil
            {
                state.help = nil
                return handle(key, &state)
            }
            if context.hasTextField { edit(key, &state) }
            return []
        }
        if var reason = Keymap.disabledReason(
            binding, readOnly: state.readOnly(for: binding.action),
            canManage: state.canManage(for: binding.action))
        {
            if !state.readOnly, state.readOnlyHere, !state.choosesAccount(binding.action),
                let account = state.selectedAccount
            {
                reason = reason.replacingOccurrences(
                    of: "read-only mode", with: "\(state.accounts[account].profile) is read-only")
            }
            flash(&state, "Cannot \(binding.hint ?? binding.help): \(reason)", .error)
            return []
        }
        return perform(binding.action, &state)
    }

    /// Does what `action` means where the keys go now.
    static func perform(_ action: Action, _ state: inout ConsoleState) -> [Effect] {
        if action == .interrupt { return interrupt(&state) }
        if action == .suspend { return suspend(&state) }
        if var help = state.help {
            switch action {
            case .close, .help: state.help = nil
            case .moveUp, .moveDown, .previousPage, .nextPage, .top, .bottom:
                let page = help.page(readOnly: state.readOnly(for:), height: state.height)
                let lines =
                    switch action {
                    case .moveUp: -1
                    case .moveDown: 1
                    case .previousPage: -page
                    case .nextPage: page
                    case .top: Int.min
                    default: Int.max
                    }
                help.scroll(by: lines, readOnly: state.readOnly(for:), height: state.height)
            default: break
            }
            if state.help != nil { state.help = help }
            return []
        }
        if action == .help {
            state.help = HelpScreen(context: state.keyContext, several: state.isSeveral)
            return []
        }
        switch state.overlay {
        case nil:
            return listAction(action, &state)
        case .details:
            switch action {
            case .close: state.overlay = nil
            case .moveUp: state.detailsScroll = max(0, state.detailsScroll - 1)
            // The pane stops at its last line; past it, the number only grows unseen.
            case .moveDown: state.detailsScroll = min(state.detailsScroll + 1, 20)
            default: break
            }
            return []
        case .journal:
            let page = max(1, state.height - 6)
            let last = max(0, state.journal.count - 1)
            switch action {
            case .close: state.overlay = nil
            case .moveUp: state.journalScroll = max(0, state.journalScroll - 1)
            case .moveDown: state.journalScroll = min(state.journalScroll + 1, last)
            case .previousPage: state.journalScroll = max(0, state.journalScroll - page)
            case .nextPage: state.journalScroll = min(state.journalScroll + page, last)
            default: break
            }
            return []
        case .sortMenu(var menu):
            switch action {
            case .moveUp: menu.move(by: -1)
            case .moveDown: menu.move(by: 1)
            case .confirm:
                if let column = menu.chosen, column != state.sort {
                    state.sort = column
                    state.reversed = false
                }
                state.overlay = nil
                return []
            case .close:
                state.overlay = nil
                return []
            default: break
            }
            state.overlay = .sortMenu(menu)
            return []
        case .accountMenu(var menu):
            switch action {
            case .moveUp: menu.move(by: -1)
            case .moveDown: menu.move(by: 1)
            case .confirm:
                let account = state.accounts[menu.index]
                guard !state.readOnly, !account.readOnly else {
                    let verb = menu.migrating ? "migrate" : "create"
                    flash(&state, "Cannot \(verb): \(account.profile) is read-only", .error)
                    return []
                }
                if menu.migrating {
                    openMigrate(account: menu.index, &state)
                } else {
                    openCreate(rotating: nil, account: menu.index, &state)
                }
                return []
            case .close:
                state.overlay = nil
                flash(&state, "Nothing created", .info)
                return []
            default: break
            }
            state.overlay = .accountMenu(menu)
            return []
        case .revoke(var dialog):
            let outcome = dialog.handle(action)
            state.overlay = .revoke(dialog)
            return apply(outcome, &state)
        case .bulkRevoke(var dialog):
            let outcome = dialog.handle(action)
            state.overlay = .bulkRevoke(dialog)
            if case .close = outcome, dialog.phase == .finished {
                state.marked.subtract(dialog.keyIds)
            }
            return apply(outcome, &state)
        case .regionPicker(var picker):
            let outcome = picker.handle(action, regions: state.regions)
            state.overlay = .regionPicker(picker)
            if case .close = outcome, state.needsEndpoint {
                state.overlay = nil
                state.needsEndpoint = false
                flash(
                    &state, "No region chosen: new keys get no endpoint until p picks one", .error)
                return beginLoad(&state) + [beginRoles(&state)]
            }
            return apply(outcome, &state)
        case .create(var dialog):
            let outcome = dialog.handle(action, now: state.now)
            state.overlay = .create(dialog)
            return apply(outcome, &state)
        case .secret(var panel):
            let outcome = panel.handle(
                action, regions: state.regions,
                roleName: state.roleName(of: panel.created.keyInfo))
            state.overlay = .secret(panel)
            if outcome == .closeSecret { return closeSecret(panel, &state) }
            if case .chooseEndpoint(let endpoint) = outcome {
                // With several accounts, the region is the file's alone: each account's own
                // comes from its profile.
                guard !state.isSeveral else { return [] }
                // Asked for: the console keeps the file's region as its own; the panel stays.
                let effects = choose(endpoint, &state)
                state.overlay = .secret(panel)
                return effects
            }
            return apply(outcome, &state)
        case .rotateFinish(var finish):
            let outcome = finish.handle(action)
            state.overlay = .rotateFinish(finish)
            if outcome == .keepBoth {
                state.overlay = nil
                state.rotated[finish.oldKey.keyId] = finish.newKeyId
                flash(
                    &state,
                    "Kept both for \(DurationText.describe(seconds: finish.overlapSeconds)):"
                        + " \(finish.oldKey.keyId) is marked rotated to \(finish.newKeyId)",
                    .info)
                state.keptRotations.append(
                    KeptRotation(
                        oldKeyId: finish.oldKey.keyId, newKeyId: finish.newKeyId,
                        deadline: state.now.addingTimeInterval(
                            TimeInterval(finish.overlapSeconds)),
                        overlapSeconds: finish.overlapSeconds))
                return [finish.finished(overlapSeconds: finish.overlapSeconds)]
            }
            return apply(outcome, &state)
        }
    }

    /// What a dialog's reducer asked for, done to the console.
    private static func apply(_ outcome: DialogOutcome, _ state: inout ConsoleState) -> [Effect] {
        switch outcome {
        case .stay, .closeSecret, .keepBoth:
            return []
        case .run(let effects):
            return effects
        case .close(let note, let effects):
            state.overlay = nil
            if let note { flash(&state, note, .info) }
            return effects
        case .chooseEndpoint(let endpoint):
            return choose(endpoint, &state)
        }
    }

    /// A key the keymap does not bind, for the text field with focus.
    private static func edit(_ key: Key, _ state: inout ConsoleState) {
        switch state.overlay {
        case nil:
            if state.filterEditor.handle(key) { state.selectedIndex = 0 }
        case .revoke(var dialog):
            dialog.edit(key)
            state.overlay = .revoke(dialog)
        case .bulkRevoke(var dialog):
            dialog.edit(key)
            state.overlay = .bulkRevoke(dialog)
        case .regionPicker(var picker):
            picker.edit(key)
            state.overlay = .regionPicker(picker)
        case .create(var dialog):
            dialog.edit(key)
            state.overlay = .create(dialog)
        case .secret(var panel):
            panel.edit(key)
            state.overlay = .secret(panel)
        case .details, .rotateFinish, .journal, .sortMenu, .accountMenu:
            break
        }
    }

    /// Ctrl-Z (or SIGTSTP): a revealed key is masked before the terminal goes back to the
    /// shell, where the screen may stay in view.
    static func suspend(_ state: inout ConsoleState) -> [Effect] {
        if case .secret(var panel)? = state.overlay, panel.revealed {
            panel.revealed = false
            state.overlay = .secret(panel)
        }
        return [.suspend]
    }

    /// Ctrl-C. A new key is never lost to it: while it is being created, wait; while it is
    /// shown, ask whether it is stored first (a second Ctrl-C then quits).
    private static func interrupt(_ state: inout ConsoleState) -> [Effect] {
        switch state.overlay {
        case .create(let dialog)? where dialog.step == .creating:
            flash(&state, "A key is being created; it shows in a moment", .error)
            return []
        case .secret(var panel)? where panel.mode != .confirmingClose:
            panel.mode = .confirmingClose
            state.overlay = .secret(panel)
            state.help = nil
            return []
        default:
            state.quitting = true
            return []
        }
    }
}
