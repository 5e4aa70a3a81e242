/// What a dialog's reducer asks of the console after an action.
public enum DialogOutcome: Sendable, Hashable {
    /// The dialog stays, changed or not.
    case stay
    /// The dialog stays; the runner does this work.
    case run([Effect])
    /// The dialog closes, with a note for the flash line and work for the runner.
    case close(note: String?, [Effect])
    /// The region picker chose this endpoint.
    case chooseEndpoint(String)
    /// The secret panel closes: the plaintext leaves the state.
    case closeSecret
    /// A rotation keeps both keys for an overlap.
    case keepBoth

    /// The dialog closes, saying `note` (when given) and asking nothing more.
    static func close(note: String? = nil) -> DialogOutcome { .close(note: note, []) }
}
