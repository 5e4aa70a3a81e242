import Foundation

/// Whether a rotation's new key can take the old key's place: the one check made before an
/// old key is revoked at the end of its overlap (`rotate --finish`, the console's `F`) and by
/// `check`, on a fresh list, so that finishing never takes the last working key.
public enum RotationHandover: Sendable, Hashable {
    /// The new key is not listed: revoked, or never there.
    case replacementMissing
    /// The new key has expired.
    case replacementExpired
    /// The new key expires in `secondsLeft`, less than the rotation's overlap.
    case replacementExpiresSoon(secondsLeft: Int64, overlapSeconds: Int64)

    /// Why `newKeyId` cannot take the old key's place at `now`, or `nil` when it can: it is
    /// listed in `keys` and valid for at least `overlapSeconds` more.
    public static func problem(
        newKeyId: String, overlapSeconds: Int64, keys: [ApiKeyInfo], now: Date
    ) -> RotationHandover? {
        guard let new = keys.first(where: { $0.keyId == newKeyId }) else {
            return .replacementMissing
        }
        guard let expires = new.expiresAtEpochSeconds else { return nil }
        let left = expires - Int64(now.timeIntervalSince1970.rounded(.down))
        if left <= 0 { return .replacementExpired }
        if left < overlapSeconds {
            return .replacementExpiresSoon(secondsLeft: left, overlapSeconds: overlapSeconds)
        }
        return nil
    }
}
