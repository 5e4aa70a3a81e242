import Foundation
import MomentoKeys

/// Create, the secret panel and rotate: the keys of their dialogs and the answers to them.
extension ConsoleUpdate {
    /// Opens the create dialog (`n`) or, for `rotating`, the rotation's review (`R`).
    static func openCreate(rotating key: ApiKeyInfo?, _ state: inout ConsoleState) {
        if let key {
            state.overlay = .create(CreateDialog(rotating: key, roles: state.roleChoices))
        } else {
            state.overlay = .create(CreateDialog(roles: state.roleChoices))
        }
    }

    /// Keys in the create dialog. Esc cancels at every step; nothing is sent before Enter on
    /// the review, and then only when the expiry is still valid.
    static func createKey(_ dialog: CreateDialog, _ key: Key, _ state: inout ConsoleState)
        -> [Effect]
    {
        var dialog = dialog
        if key == .escape {
            guard dialog.step != .creating else { return [] }
            state.overlay = nil
            flash(&state, dialog.rotating == nil ? "Nothing created" : "Nothing rotated", .info)
            return []
        }
        switch dialog.step {
        case .creating:
            return []  // the answer is on its way
        case .review:
            switch key {
            case .enter:
                guard let request = dialog.request(now: state.now) else {
                    dialog.step = .form
                    dialog.field = .expiry
                    dialog.error = dialog.expiryProblem(now: state.now)
                    break
                }
                dialog.step = .creating
                dialog.error = nil
                state.overlay = .create(dialog)
                return [.createKey(request)]
            case .left, .backspace, .character("e"):
                dialog.step = .form
                dialog.error = nil
            default:
                break
            }
        case .form:
            formKey(&dialog, key, now: state.now)
        }
        state.overlay = .create(dialog)
        return []
    }

    private static func formKey(_ dialog: inout CreateDialog, _ key: Key, now: Date) {
        let fields = CreateDialog.Field.allCases
        switch key {
        case .enter:
            if dialog.request(now: now) == nil {
                dialog.field = .expiry
                dialog.error = dialog.expiryProblem(now: now)
            } else {
                dialog.step = .review
                dialog.error = nil
            }
            return
        case .tab, .down:
            dialog.field = fields[(dialog.field.rawValue + 1) % fields.count]
        case .up:
            dialog.field = fields[(dialog.field.rawValue + fields.count - 1) % fields.count]
        default:
            switch dialog.field {
            case .role:
                if key == .left { dialog.roleIndex = max(0, dialog.roleIndex - 1) }
                if key == .right {
                    dialog.roleIndex = min(dialog.roles.count - 1, dialog.roleIndex + 1)
                }
            case .description:
                _ = dialog.description.handle(key)
            case .expiry:
                if key == .left { dialog.expiryIndex = max(0, dialog.expiryIndex - 1) }
                if key == .right {
                    dialog.expiryIndex = min(dialog.expiryChoices.count - 1, dialog.expiryIndex + 1)
                }
                if dialog.expiryChoice == .custom, key != .left, key != .right {
                    _ = dialog.customExpiry.handle(key)
                }
            }
        }
        dialog.error = nil
    }

    /// A created key: the secret panel opens (whatever was on screen), the key joins the list.
    static func created(_ created: CreatedKey, _ state: inout ConsoleState) {
        var rotating: ApiKeyInfo?
        if case .create(let dialog)? = state.overlay { rotating = dialog.rotating }
        let info = created.keyInfo
        if !state.keys.contains(where: { $0.keyId == info.keyId }) { state.keys.append(info) }
        state.selectedKeyId = info.keyId
        state.overlay = .secret(
            SecretPanel(created: created, endpoint: state.endpoint, rotatedFrom: rotating))
    }

    /// A failed create: back to the review with the reason; nothing was created.
    static func createFailed(_ error: KeyServiceError, _ state: inout ConsoleState) {
        if case .forbidden = error { state.learnedCannotManage = true }
        let text = "Not created: \(error.description)"
        guard case .create(var dialog)? = state.overlay else {
            flash(&state, text, .error)
            return
        }
        dialog.step = .review
        dialog.error = text
        state.overlay = .create(dialog)
    }

    /// Keys in the secret panel.
    static func secretKey(_ panel: SecretPanel, _ key: Key, _ state: inout ConsoleState)
        -> [Effect]
    {
        var panel = panel
        var effects: [Effect] = []
        switch panel.mode {
        case .showing:
            switch key {
            case .character("v"):
                panel.revealed.toggle()
            case .character("c"):
                effects = [.copySecret(panel.created.apiKey)]
                note("copied to the clipboard", &panel)
            case .character("w"):
                panel.mode = .writing(SecretFileForm())
            case .escape, .enter, .character("q"):
                panel.mode = .confirmingClose
            default:
                return []
            }
            panel.error = nil
        case .writing(let form):
            effects = writeKey(form, key, &panel)
        case .confirmingClose:
            switch key {
            case .character("y"), .character("Y"):
                return closeSecret(panel, &state)
            case .character("n"), .character("N"), .escape:
                panel.mode = .showing
            default:
                return []
            }
        }
        state.overlay = .secret(panel)
        return effects
    }

    private static func writeKey(
        _ form: SecretFileForm, _ key: Key, _ panel: inout SecretPanel
    ) -> [Effect] {
        var form = form
        let fields = form.fields
        let position = fields.firstIndex(of: form.field) ?? 0
        switch key {
        case .escape:
            panel.mode = .showing
            panel.error = nil
            return []
        case .tab, .down:
            form.field = fields[(position + 1) % fields.count]
        case .up:
            form.field = fields[(position + fields.count - 1) % fields.count]
        case .enter:
            let path = form.path.text.trimmingCharacters(in: .whitespaces)
            let profile = form.profile.text.trimmingCharacters(in: .whitespaces)
            if path.isEmpty {
                panel.error = "Type the path of a new file"
            } else if form.format.needsEndpoint && panel.endpoint == nil {
                panel.error = "No endpoint is chosen (p in the list): write the key alone"
            } else if form.format == .momentoProfile
                && !SecretFileFormat.isValidProfileName(profile)
            {
                panel.error = "The profile name cannot be empty or hold [ ] or control characters"
            } else {
                panel.error = nil
                panel.mode = .writing(form)
                return [
                    .writeSecret(
                        SecretFileRequest(
                            path: path, format: form.format, key: panel.created.apiKey,
                            endpoint: panel.endpoint, profileName: profile))
                ]
            }
            panel.mode = .writing(form)
            return []
        default:
            switch form.field {
            case .path: _ = form.path.handle(key)
            case .profile: _ = form.profile.handle(key)
            case .format:
                let formats = SecretFileFormat.allCases
                let index = formats.firstIndex(of: form.format) ?? 0
                if key == .left { form.format = formats[max(0, index - 1)] }
                if key == .right { form.format = formats[min(formats.count - 1, index + 1)] }
            }
        }
        panel.error = nil
        panel.mode = .writing(form)
        return []
    }

    /// The answer to a write: noted in the panel, or the form stays with the reason.
    static func secretWritten(path: String?, failure: String?, _ state: inout ConsoleState) {
        guard case .secret(var panel)? = state.overlay else { return }
        if let path {
            note("written (0600) to \(path)", &panel)
            panel.mode = .showing
            panel.error = nil
        } else {
            panel.error = failure
        }
        state.overlay = .secret(panel)
    }

    private static func note(_ text: String, _ panel: inout SecretPanel) {
        if !panel.stored.contains(text) { panel.stored.append(text) }
    }

    /// Closes the panel: the plaintext leaves the state, the terminal is repainted from
    /// nothing, and a rotation asks what to do with the old key.
    private static func closeSecret(_ panel: SecretPanel, _ state: inout ConsoleState)
        -> [Effect]
    {
        let newId = panel.created.keyInfo.keyId
        if let old = panel.rotatedFrom {
            state.overlay = .rotateFinish(
                RotateFinish(
                    oldKey: old, newKeyId: newId, isOwnKey: old.keyId == state.backend.ownKeyId))
        } else {
            state.overlay = nil
            flash(&state, "Created \(newId) and forgot its plaintext", .info)
        }
        return [.clearScreen]
    }

    /// Keys after a rotation: `r` revokes the old key, `k` or Esc keeps both.
    static func rotateFinishKey(
        _ finish: RotateFinish, _ key: Key, _ state: inout ConsoleState
    ) -> [Effect] {
        switch key {
        case .character("r"):
            state.overlay = nil
            flash(&state, "Revoking \(finish.oldKey.keyId)…", .info)
            return [.revoke(keyId: finish.oldKey.keyId)]
        case .character("k"), .escape:
            state.overlay = nil
            state.rotated[finish.oldKey.keyId] = finish.newKeyId
            flash(
                &state, "Kept both: \(finish.oldKey.keyId) is marked rotated to \(finish.newKeyId)",
                .info)
        default:
            break
        }
        return []
    }
}
