import MomentoKeys

/// The revoke confirmation: the key, what has been typed, and how it is going.
public struct RevokeDialog: Sendable, Hashable {
    /// The key to revoke.
    public var key: ApiKeyInfo
    /// Whether it is the key this console authenticates with.
    public var isOwnKey: Bool
    /// What the user typed (the last four characters of the id confirm).
    public var typed = ""
    /// Why the last Enter did nothing.
    public var error: String?

    /// The characters that confirm.
    public var confirmation: String { String(key.keyId.suffix(4)) }
}
