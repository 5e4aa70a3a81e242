import MomentoKeys

/// After a rotation's key is stored: revoke the old key now, or keep both for an overlap.
public struct RotateFinish: Sendable, Hashable {
    /// The key replaced.
    public var oldKey: ApiKeyInfo
    /// The id of the key that replaces it.
    public var newKeyId: String
    /// Whether the old key is the one this console authenticates with.
    public var isOwnKey: Bool
    /// With several accounts, the account of both keys.
    public var account: Int?

    /// Creates a value.
    public init(oldKey: ApiKeyInfo, newKeyId: String, isOwnKey: Bool) {
        self.oldKey = oldKey
        self.newKeyId = newKeyId
        self.isOwnKey = isOwnKey
    }

    /// The keymap in force.
    public var keyContext: KeyContext { .rotateFinish }

    /// The overlaps `k` can keep the old key for (←/→), before its rotation is due.
    public static let overlaps: [Int64] = [3600, 86400, 7 * 86400]
    /// The overlap chosen: 24 hours unless changed.
    public var overlapIndex = 1

    /// How long `k` keeps the old key.
    public var overlapSeconds: Int64 { Self.overlaps[overlapIndex] }

    /// The effect that records how the rotation ended (revoked now, or kept for an overlap).
    public func finished(overlapSeconds: Int64?) -> Effect {
        .rotationFinished(
            oldKeyId: oldKey.keyId, newKeyId: newKeyId, description: oldKey.description,
            overlapSeconds: overlapSeconds, account: account)
    }

    /// `r` revokes the old key; `k` or Esc keeps both; ←/→ choose the overlap.
    public mutating func handle(_ action: Action) -> DialogOutcome {
        switch action {
        case .choosePrevious:
            overlapIndex = max(0, overlapIndex - 1)
            return .stay
        case .chooseNext:
            overlapIndex = min(Self.overlaps.count - 1, overlapIndex + 1)
            return .stay
        case .revoke:
            return .close(
                note: "Revoking \(oldKey.keyId)…",
                [.revoke(keyId: oldKey.keyId), finished(overlapSeconds: nil)])
        case .keepBoth:
            return .keepBoth
        default:
            return .stay
        }
    }
}
