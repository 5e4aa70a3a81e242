import Foundation

/// One entry of the audit journal, as the console shows it.
public struct JournalLine: Sendable, Hashable {
    public var time: Date
    public var user: String
    public var action: String
    public var outcome: String
    public var keyId: String?
    /// The key a rotation replaced.
    public var replaces: String?
    /// The rest: role, description, store, endpoint, reason.
    public var detail: String
    /// The profile of the account it was done on, when it was one of the credentials file's.
    public var profile: String?

    /// Creates a value.
    public init(
        time: Date, user: String, action: String, outcome: String, keyId: String?,
        replaces: String?, detail: String, profile: String? = nil
    ) {
        self.profile = profile
        self.time = time
        self.user = user
        self.action = action
        self.outcome = outcome
        self.keyId = keyId
        self.replaces = replaces
        self.detail = detail
    }

    /// Whether the entry is about `keyId` (or a rotation that replaced it).
    public func concerns(_ keyId: String) -> Bool {
        self.keyId == keyId || replaces == keyId
    }
}
