import MomentoKeys
import ScreenModel

/// The revoke confirmation: the key, what has been typed, and how it is going.
public struct RevokeDialog: Sendable, Hashable {
    /// The key to revoke.
    public var key: ApiKeyInfo
    /// Whether it is the key this console authenticates with.
    public var isOwnKey: Bool
    /// What the user typed (the last four characters of the id confirm).
    public var typed = LineEditor(limit: 4)
    /// Why the last Enter did nothing.
    public var error: String?

    /// A confirmation for `key`, nothing typed.
    public init(key: ApiKeyInfo, isOwnKey: Bool) {
        self.key = key
        self.isOwnKey = isOwnKey
    }

    /// The characters that confirm.
    public var confirmation: String { String(key.keyId.suffix(4)) }

    /// The keymap in force.
    public var keyContext: KeyContext { .revoke }

    /// Esc cancels; Enter revokes, only once the exact last four characters are typed.
    public mutating func handle(_ action: Action) -> DialogOutcome {
        switch action {
        case .cancel:
            return .close(note: "Nothing revoked")
        case .confirm:
            guard typed.text == confirmation else {
                error = "Type \(confirmation), the id's last 4 characters"
                return .stay
            }
            return .close(note: "Revoking \(key.keyId)…", [.revoke(keyId: key.keyId)])
        default:
            return .stay
        }
    }

    /// A key for the confirmation field.
    public mutating func edit(_ key: Key) {
        _ = typed.handle(key)
        error = nil
    }
}
