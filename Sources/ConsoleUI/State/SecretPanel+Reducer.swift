import Foundation
import MomentoKeys
import ScreenModel

/// The secret panel's keys: reveal, copy, write to a file, and a close that asks first.
extension SecretPanel {
    /// The keymap in force.
    public var keyContext: KeyContext {
        switch mode {
        case .showing: revealed ? .secretRevealed : .secret
        case .writing(let form): form.field == .format ? .secretWriteFormat : .secretWriteText
        case .confirmingClose: .secretClose
        case .pickingEndpoint(let picker, _): picker.keyContext
        case .choosingStore: .secretStore
        case .askingRegion: .secretRegion
        case .confirmingCopy: .secretCopy
        }
    }

    /// Applies an action; `.closeSecret` once the user confirms the key is stored, and
    /// `.chooseEndpoint` when the region picker of the write form chose one (the form is
    /// back, with it).
    public mutating func handle(
        _ action: Action, regions: [Region] = RegionTable.bundled.regions, roleName: String = ""
    ) -> DialogOutcome {
        switch mode {
        case .choosingStore(let index):
            switch action {
            case .moveUp: mode = .choosingStore(max(0, index - 1))
            case .moveDown: mode = .choosingStore(min(storeNames.count - 1, index + 1))
            case .cancel: mode = .showing
            case .confirm:
                let name = storeNames[index]
                mode = .showing
                storing = name
                error = nil
                return .run([
                    .storeSecret(
                        SecretStoreRequest(
                            store: name, key: created.apiKey, keyInfo: created.keyInfo,
                            roleName: roleName, endpoint: endpoint))
                ])
            default: break
            }
            return .stay
        case .pickingEndpoint(var picker, let form):
            switch picker.handle(action, regions: regions) {
            case .close:
                mode = .writing(form)
                error = "No endpoint chosen: the key alone (raw) needs none"
            case .chooseEndpoint(let chosen):
                // For this file; whether the console keeps it as its region is asked.
                endpoint = chosen
                mode = .askingRegion(chosen, form)
                error = nil
            default:
                mode = .pickingEndpoint(picker, form)
            }
            return .stay
        case .showing:
            var effects: [Effect] = []
            switch action {
            case .reveal:
                revealed.toggle()
            case .copySecret:
                // Only what a key is: anything else could run in the shell it is pasted in.
                guard created.apiKey.isKeyShaped else {
                    error = "Not copied: the key holds characters no key has (the API sent them)"
                    return .stay
                }
                // By OSC 52 the key may be dropped or kept on the way: said first.
                if copiesByOSC52 {
                    mode = .confirmingCopy
                    error = nil
                    return .stay
                }
                effects = [.copySecret(created.apiKey)]
                note("sent to the terminal clipboard")
            case .writeFile:
                mode = .writing(SecretFileForm())
            case .storeSecret:
                guard storing == nil else { return .stay }
                guard !storeNames.isEmpty else {
                    error =
                        storeProblem.map { "No secret stores: \($0)" }
                        ?? "No secret stores: add [stores.NAME] with a command to the config file"
                    return .stay
                }
                mode = .choosingStore(0)
            case .close where storing != nil:
                error = "Storing in \(storing ?? "")… wait for its answer before closing"
                return .stay
            case .close:
                // A store took it: nothing to ask.
                if storedInStore && storing == nil { return .closeSecret }
                mode = .confirmingClose
            default:
                return .stay
            }
            error = nil
            return .run(effects)
        case .writing(var form):
            switch action {
            case .cancel:
                mode = .showing
                error = nil
            case .confirm:
                return write(form)
            default:
                form.handle(action)
                mode = .writing(form)
                error = nil
            }
            return .stay
        case .confirmingClose:
            switch action {
            case .confirm: return .closeSecret
            case .cancel: mode = .showing
            default: break
            }
            return .stay
        case .confirmingCopy:
            switch action {
            case .confirm:
                mode = .showing
                note("sent by OSC 52 (nothing there? tmux: set -g set-clipboard on)")
                return .run([.copySecret(created.apiKey)])
            case .writeFile: mode = .writing(SecretFileForm())
            case .storeSecret:
                mode = .showing
                return handle(.storeSecret)
            case .cancel: mode = .showing
            default: break
            }
            return .stay
        case .askingRegion(let chosen, let form):
            switch action {
            case .confirm:
                mode = .writing(form)
                return .chooseEndpoint(chosen)
            case .cancel: mode = .writing(form)
            default: break
            }
            return .stay
        }
    }

    /// A key for the write form's text field with focus (or the picker's).
    public mutating func edit(_ key: Key) {
        if case .pickingEndpoint(var picker, let form) = mode {
            picker.edit(key)
            mode = .pickingEndpoint(picker, form)
            return
        }
        guard case .writing(var form) = mode else { return }
        form.edit(key)
        mode = .writing(form)
        error = nil
    }

    /// Records what was done with the key, once.
    public mutating func note(_ text: String) {
        if !stored.contains(text) { stored.append(text) }
    }

    /// Enter in the write form: the request, or why there is none.
    private mutating func write(_ form: SecretFileForm) -> DialogOutcome {
        let path = form.path.text.trimmingCharacters(in: .whitespaces)
        let profile = form.profile.text.trimmingCharacters(in: .whitespaces)
        if path.isEmpty {
            error = "Type the path of a new file"
        } else if fromSandbox && form.format == .momentoProfile {
            // Momento's tools would take the sandbox's key for a real one.
            error =
                "This is a sandbox key: as a Momento CLI profile it would point Momento's"
                + " tools at the sandbox. Write the key file or the env file instead"
        } else if form.format.needsEndpoint && endpoint == nil {
            // The file needs the endpoint: pick it here, then Enter writes.
            mode = .pickingEndpoint(RegionPicker(), form)
            error = nil
        } else if form.format == .momentoProfile && !SecretFileFormat.isValidProfileName(profile) {
            error = "A profile name takes letters, digits, . _ and - only"
        } else {
            error = nil
            return .run([
                .writeSecret(
                    SecretFileRequest(
                        path: path, format: form.format, key: created.apiKey, endpoint: endpoint,
                        profileName: profile))
            ])
        }
        return .stay
    }
}

extension SecretFileForm {
    /// Moves between fields and walks the formats.
    mutating func handle(_ action: Action) {
        let fields = self.fields
        let position = fields.firstIndex(of: field) ?? 0
        let formats = SecretFileFormat.allCases
        let index = formats.firstIndex(of: format) ?? 0
        switch action {
        case .nextField: field = fields[(position + 1) % fields.count]
        case .previousField: field = fields[(position + fields.count - 1) % fields.count]
        case .choosePrevious: format = formats[max(0, index - 1)]
        case .chooseNext: format = formats[min(formats.count - 1, index + 1)]
        default: break
        }
    }

    /// A key for the path or the profile name.
    mutating func edit(_ key: Key) {
        switch field {
        case .path: _ = path.handle(key)
        case .profile: _ = profile.handle(key)
        case .format: break
        }
    }
}
