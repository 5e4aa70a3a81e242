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

    /// How long `k` keeps the old key before its rotation is due: 24 hours.
    public static let overlapSeconds: Int64 = 86400

    /// The effect that records how the rotation ended (revoked now, or kept for an overlap).
    public func finished(overlapSeconds: Int64?) -> Effect {
        .rotationFinished(
            oldKeyId: oldKey.keyId, newKeyId: newKeyId, description: oldKey.description,
            overlapSeconds: overlapSeconds)
    }

    /// `r` revokes the old key; `k` or Esc keeps both.
    public func handle(_ action: Action) -> DialogOutcome {
        switch action {
        case .revoke:
            .close(
                note: "Revoking \(oldKey.keyId)…",
                [.revoke(keyId: oldKey.keyId), finished(overlapSeconds: nil)])
        case .keepBoth:
            .keepBoth
        default:
            .stay
        }
    }
}
