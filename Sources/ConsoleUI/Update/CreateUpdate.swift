import Foundation
import MomentoKeys

/// Create, the secret panel and rotate: opening them, and the answers to their requests.
extension ConsoleUpdate {
    /// Opens the create dialog (`n`) or, for `rotating`, the rotation's review (`R`).
    /// With several accounts, the key's account, or the selected key's for a new key.
    static func openCreate(
        rotating key: ApiKeyInfo?, account chosen: Int? = nil, _ state: inout ConsoleState
    ) {
        let account = key.map { state.account(of: $0.keyId) } ?? chosen ?? state.selectedAccount
        let roles = state.roleChoices(account: account)
        var dialog =
            key.map { CreateDialog(rotating: $0, roles: roles) } ?? CreateDialog(roles: roles)
        if let account { dialog.account = (account, state.accounts[account].profile) }
        dialog.apply(state.policy(account: account), now: state.now)
        dialog.mayOverride = state.ownerHere(account: account)
        state.overlay = .create(dialog)
    }

    /// Opens the migration (`M`): the v1 key is pasted first. A Momento account (not one
    /// behind `--api-url`) takes only v1 keys of its own kind of cell, preprod or not.
    /// With several accounts, into `account` (chosen first), by its own rules.
    static func openMigrate(account: Int? = nil, _ state: inout ConsoleState) {
        var preprod: Bool?
        switch state.backend.kind {
        case .sandbox: preprod = nil
        case .production: preprod = state.backend.apiHost == nil ? false : nil
        case .preprod: preprod = state.backend.apiHost == nil ? true : nil
        }
        if let account { preprod = state.accounts[account].isPreprod }
        var dialog = CreateDialog(
            migratingWith: state.roleChoices(account: account), accountIsPreprod: preprod)
        if let account { dialog.account = (account, state.accounts[account].profile) }
        dialog.apply(state.policy(account: account), now: state.now)
        dialog.mayOverride = state.ownerHere(account: account)
        state.overlay = .create(dialog)
    }

    /// A created key: the secret panel opens (whatever was on screen), the key joins the list.
    static func created(_ created: CreatedKey, _ state: inout ConsoleState) {
        var rotating: ApiKeyInfo?
        var migrated: V1Credential?
        if case .create(let dialog)? = state.overlay {
            rotating = dialog.rotating
            migrated = dialog.migrating
        }
        let info = created.keyInfo
        if case .create(let dialog)? = state.overlay, let account = dialog.account?.number,
            state.accounts.indices.contains(account)
        {
            if !state.accounts[account].keys.contains(where: { $0.keyId == info.keyId }) {
                state.accounts[account].keys.append(info)
            }
        } else if !state.keys.contains(where: { $0.keyId == info.keyId }) {
            state.keys.append(info)
        }
        state.selectedKeyId = info.keyId
        // A migration's key is used with the v1 key's endpoint, whatever region is chosen here.
        // With several accounts, the endpoint of the key's own account, or none (never
        // another account's).
        var endpoint = state.endpoint
        if case .create(let dialog)? = state.overlay, let account = dialog.account?.number,
            state.accounts.indices.contains(account)
        {
            endpoint = state.accounts[account].endpoint
        }
        var panel = SecretPanel(
            created: created, endpoint: migrated?.endpoint ?? endpoint,
            rotatedFrom: rotating, storeNames: state.storeNames)
        panel.migratedFrom = migrated
        panel.storeProblem = state.storeProblem
        if case .sandbox = state.backend.kind { panel.fromSandbox = true }
        panel.copiesByOSC52 = state.copiesByOSC52
        state.overlay = .secret(panel)
    }

    /// A failed create: back to the review with the reason; nothing was created.
    static func createFailed(_ error: KeyServiceError, _ state: inout ConsoleState) {
        if case .forbidden = error {
            if case .create(let dialog)? = state.overlay, let account = dialog.account?.number,
                state.accounts.indices.contains(account)
            {
                state.accounts[account].learnedCannotManage = true
            } else {
                state.learnedCannotManage = true
            }
        }
        let text = "Not created: \(error.description)"
        guard case .create(var dialog)? = state.overlay else {
            flash(&state, text, .error)
            return
        }
        dialog.step = .review
        dialog.error = text
        state.overlay = .create(dialog)
    }

    /// The answer to a write: noted in the panel, or the form stays with the reason.
    static func secretWritten(note: String?, failure: String?, _ state: inout ConsoleState) {
        guard case .secret(var panel)? = state.overlay else { return }
        if let note {
            panel.note(note)
            panel.mode = .showing
            panel.error = nil
        } else {
            panel.error = failure
        }
        state.overlay = .secret(panel)
    }

    /// The answer of a store: noted in the panel (then closing asks nothing), or its reason.
    static func secretStored(
        store: String, summary: String, succeeded: Bool, _ state: inout ConsoleState
    ) {
        guard case .secret(var panel)? = state.overlay else { return }
        panel.storing = nil
        if succeeded {
            panel.note(summary)
            panel.storedInStore = true
            panel.error = nil
        } else {
            panel.error = summary
        }
        state.overlay = .secret(panel)
    }

    /// Closes the panel: the plaintext leaves the state, the terminal is repainted from
    /// nothing, and a rotation asks what to do with the old key.
    static func closeSecret(_ panel: SecretPanel, _ state: inout ConsoleState)
        -> [Effect]
    {
        let newId = panel.created.keyInfo.keyId
        if let old = panel.rotatedFrom {
            let account = state.account(of: old.keyId)
            let ownKeyId = account.map { state.accounts[$0].ownKeyId } ?? state.backend.ownKeyId
            var finish = RotateFinish(oldKey: old, newKeyId: newId, isOwnKey: old.keyId == ownKeyId)
            finish.account = account
            state.overlay = .rotateFinish(finish)
        } else {
            state.overlay = nil
            if let old = panel.migratedFrom {
                flash(
                    &state,
                    "Created \(newId) for \(old.endpoint): fromApiKeyV2(key, endpoint) in code;"
                        + " the v1 key works on",
                    .info)
            } else {
                flash(&state, "Created \(newId) and forgot its plaintext", .info)
            }
        }
        return [.clearScreen]
    }
}
