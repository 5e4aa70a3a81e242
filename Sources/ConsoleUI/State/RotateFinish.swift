import MomentoKeys

/// After a rotation's key is stored: revoke the old key now, or keep both for an overlap.
public struct RotateFinish: Sendable, Hashable {
    /// The key replaced.
    public var oldKey: ApiKeyInfo
    /// The id of the key that replaces it.
    public var newKeyId: String
    /// Whether the old key is the one this console authenticates with.
    public var isOwnKey: Bool

    /// Creates a value.
    public init(oldKey: ApiKeyInfo, newKeyId: String, isOwnKey: Bool) {
        self.oldKey = oldKey
        self.newKeyId = newKeyId
        self.isOwnKey = isOwnKey
    }

    /// The keymap in force.
    public var keyContext: KeyContext { .rotateFinish }

    /// `r` revokes the old key; `k` or Esc keeps both.
    public func handle(_ action: Action) -> DialogOutcome {
        switch action {
        case .revoke:
            .close(note: "Revoking \(oldKey.keyId)…", [.revoke(keyId: oldKey.keyId)])
        case .keepBoth:
            .keepBoth
        default:
            .stay
        }
    }
}
