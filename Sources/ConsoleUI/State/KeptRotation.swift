import Foundation

/// A rotation kept for an overlap: the old key is due to be revoked at `deadline`.
public struct KeptRotation: Sendable, Hashable {
    public var oldKeyId: String
    public var newKeyId: String
    public var deadline: Date

    /// Creates a value.
    public init(oldKeyId: String, newKeyId: String, deadline: Date) {
        self.oldKeyId = oldKeyId
        self.newKeyId = newKeyId
        self.deadline = deadline
    }
}
