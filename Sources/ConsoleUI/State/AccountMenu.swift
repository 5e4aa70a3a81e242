/// With several accounts, `n` and `M` first ask in which account the key is created: the
/// accounts, the selected key's highlighted.
public struct AccountMenu: Sendable, Hashable {
    /// The accounts' profiles, in the console's order.
    public var profiles: [String]
    /// The highlighted row.
    public var index: Int
    /// Whether the key is a v1 key's migration (`M`) rather than a new one (`n`).
    public var migrating: Bool

    /// A menu of `profiles`, on `current`, for a new key or a migration.
    public init(profiles: [String], current: Int, migrating: Bool = false) {
        self.profiles = profiles
        self.migrating = migrating
        index = profiles.indices.contains(current) ? current : 0
    }

    /// Moves the highlight by `step`, staying on the menu.
    public mutating func move(by step: Int) {
        index = min(max(0, index + step), profiles.count - 1)
    }

    /// The keymap in force.
    public var keyContext: KeyContext { .accountMenu }
}
