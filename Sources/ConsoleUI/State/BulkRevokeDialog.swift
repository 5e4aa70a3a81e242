/// Revoking the marked keys: one confirmation stating the count, then progress and results.
public struct BulkRevokeDialog: Sendable, Hashable {
    /// The phases of a bulk revoke.
    public enum Phase: Sendable, Hashable {
        /// Waiting for the count to be typed.
        case confirming
        /// Revoking.
        case running
        /// Finished.
        case finished
    }

    /// A key that could not be revoked, and why.
    public struct Failure: Sendable, Hashable {
        public var keyId: String
        public var reason: String
    }

    /// The ids to revoke, in list order.
    public var keyIds: [String]
    /// Whether the console's own key is among them.
    public var includesOwnKey: Bool
    /// What the user typed (the count confirms).
    public var typed = ""
    /// Why the last Enter did nothing.
    public var error: String?
    public var phase = Phase.confirming
    /// Keys answered so far, revoked or not.
    public var done = 0
    /// The keys that failed.
    public var failures: [Failure] = []
}
