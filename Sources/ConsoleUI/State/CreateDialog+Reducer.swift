import Foundation

/// The create dialog's keys: Esc cancels at every step; nothing is sent before Enter on the
/// review, and then only when the expiry is still valid.
extension CreateDialog {
    /// The keymap in force: the form (by the field with focus), the review, or none while
    /// the request is on its way.
    public var keyContext: KeyContext {
        switch step {
        case .creating: .creating
        case .review: rotating == nil ? .createReview : .rotateReview
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
        case (.review, .confirm):
            guard let request = request(now: now) else {
                step = .form
                field = .expiry
                error = expiryProblem(now: now)
                return .stay
            }
            step = .creating
            error = nil
            return .run([.createKey(request)])
        case (.review, .edit):
            step = .form
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
        guard step == .form else { return }
        switch field {
        case .role: return
        case .description: _ = description.handle(key)
        case .expiry: _ = customExpiry.handle(key)
        }
        error = nil
    }
}
