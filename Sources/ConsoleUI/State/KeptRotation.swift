import Foundation
import MomentoKeys

/// A rotation kept for an overlap: the old key is due to be revoked at `deadline`.
public struct KeptRotation: Sendable, Hashable {
    public var oldKeyId: String
    public var newKeyId: String
    public var deadline: Date
    /// How long both keys were kept.
    public var overlapSeconds: Int64

    /// Creates a value.
    public init(oldKeyId: String, newKeyId: String, deadline: Date, overlapSeconds: Int64) {
        self.oldKeyId = oldKeyId
        self.newKeyId = newKeyId
        self.deadline = deadline
        self.overlapSeconds = overlapSeconds
    }

    /// What revoking the new key does to the rotation, in one line (a revoke's confirmation).
    public var revokingNote: String {
        "\(TextSanitizer.inert(newKeyId)) replaces \(TextSanitizer.inert(oldKeyId)) in a kept"
            + " rotation: the old key will then be kept, not revoked when the overlap ends"
    }

    /// Why the new key cannot take the old one's place in `keys` at `now`, if it cannot.
    public func handoverProblem(keys: [ApiKeyInfo], now: Date) -> RotationHandover? {
        RotationHandover.problem(
            newKeyId: newKeyId, overlapSeconds: overlapSeconds, keys: keys, now: now)
    }
}

extension RotationHandover {
    /// One line naming both keys: why the old key is kept.
    public func sentence(oldKeyId: String, newKeyId: String) -> String {
        let old = TextSanitizer.inert(oldKeyId)
        let new = TextSanitizer.inert(newKeyId)
        let why =
            switch self {
            case .replacementMissing: "its replacement \(new) is no longer listed (revoked?)"
            case .replacementExpired: "its replacement \(new) has expired"
            case .replacementExpiresSoon(let left, let overlap):
                "its replacement \(new) expires in \(DurationText.describe(seconds: left)),"
                    + " less than the \(DurationText.describe(seconds: overlap)) overlap"
            }
        return "Kept \(old): \(why); revoking it would leave no working key"
    }
}
