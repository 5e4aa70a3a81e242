import Foundation
import MomentoKeys
import ScreenModel

/// The create dialog's keys: Esc cancels at every step; nothing is sent before Enter on the
/// review, and then only when the expiry is still valid.
extension CreateDialog {
    /// The keymap in force: the form (by the field with focus), the review, or none while
    /// the request is on its way.
    public var keyContext: KeyContext {
        switch step {
        case .creating: .creating
        case .paste: .migratePaste
        case .override: .createText
        case .review:
            rotating != nil ? .rotateReview : migrating != nil ? .migrateReview : .createReview
        case .form:
            switch field {
            case .role: .createForm
            case .description: .createText
            case .expiry: expiryChoice == .custom ? .createCustomExpiry : .createForm
            }
        }
    }

    /// Applies an action at `now`.
    public mutating func handle(_ action: Action, now: Date) -> DialogOutcome {
        if step == .creating { return .stay }  // the answer is on its way
        if action == .cancel {
            return .close(note: rotating == nil ? "Nothing created" : "Nothing rotated")
        }
        let fields = Field.allCases
        switch (step, action) {
        case (.paste, .confirm):
            readPasted()
            return .stay
        case (.review, .confirm) where overridable(now: now),
            (.form, .confirm) where overridable(now: now):
            // An Owner may go past the policy: the reason first, then the review.
            step = .override
            error = nil
            return .stay
        case (.override, .confirm):
            let reason = overrideReason.text.trimmingCharacters(in: .whitespaces)
            guard !reason.isEmpty else {
                error = "Type why the key goes past the policy: the audit journal keeps it"
                return .stay
            }
            policyOverride = reason
            step = .review
            error = nil
            return .stay
        case (.review, .confirm):
            guard let request = request(now: now) else {
                step = .form
                field = .expiry
                error = expiryProblem(now: now)
                return .stay
            }
            step = .creating
            error = nil
            if let migrating {
                return .run([
                    .migrateKey(
                        request, endpoint: migrating.endpoint, replaces: migrating.keyId,
                        account: account?.number, policyOverride: policyOverride)
                ])
            }
            return .run([
                .createKey(request, account: account?.number, policyOverride: policyOverride)
            ])
        case (.review, .edit):
            // A change is justified anew.
            step = .form
            policyOverride = nil
        case (.form, .confirm):
            if request(now: now) == nil {
                field = .expiry
                error = expiryProblem(now: now)
            } else {
                step = .review
                error = nil
            }
            return .stay
        case (.form, .nextField):
            field = fields[(field.rawValue + 1) % fields.count]
        case (.form, .previousField):
            field = fields[(field.rawValue + fields.count - 1) % fields.count]
        case (.form, .choosePrevious), (.form, .chooseNext):
            let step = action == .chooseNext ? 1 : -1
            if field == .role { roleIndex = min(max(0, roleIndex + step), roles.count - 1) }
            if field == .expiry {
                expiryIndex = min(max(0, expiryIndex + step), expiryChoices.count - 1)
            }
        default:
            return .stay
        }
        error = nil
        return .stay
    }

    /// A key for the text field with focus: the description, or the custom expiry.
    public mutating func edit(_ key: Key) {
        if step == .paste {
            if pasted.overflows(with: key) {
                error =
                    "That paste is larger than \(pasted.limit / 1024) KiB; a v1 key is a few"
                    + " hundred characters. Nothing of it was taken."
                return
            }
            _ = pasted.handle(key)
            error = nil
            return
        }
        if step == .override {
            _ = overrideReason.handle(key)
            error = nil
            return
        }
        guard step == .form else { return }
        switch field {
        case .role: return
        case .description: _ = description.handle(key)
        case .expiry: _ = customExpiry.handle(key)
        }
        error = nil
    }

    /// Reads the pasted v1 key: its kind, endpoint and expiry stay, its text goes. A key
    /// that cannot be migrated here leaves the paste step with the reason.
    private mutating func readPasted() {
        let text = pasted.text
        pasted = LineEditor(limit: pasted.limit, charset: .hostName)
        guard !text.isEmpty else {
            error = "Paste the v1 key first (your terminal's paste; it stays masked)"
            return
        }
        let old: V1Credential
        do {
            old = try V1Credential.read(text)
        } catch {
            self.error = error.description
            return
        }
        if let accountIsPreprod, Endpoint.isPreprod(old.endpoint) != accountIsPreprod {
            error =
                "This \(old.kind.rawValue) is for \(old.endpoint), a"
                + (accountIsPreprod ? " production" : " pre-production")
                + " cell; this console manages the other account. Nothing was created."
            return
        }
        migrating = old
        description = LineEditor(old.defaultDescription, limit: Self.descriptionLimit)
        step = .form
        field = .role
        error = nil
    }
}
