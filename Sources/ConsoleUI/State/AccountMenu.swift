/// With several accounts, `n` first asks in which account the key is created: the accounts,
/// the selected key's highlighted.
public struct AccountMenu: Sendable, Hashable {
    /// The accounts' profiles, in the console's order.
    public var profiles: [String]
    /// The highlighted row.
    public var index: Int

    /// A menu of `profiles`, on `current`.
    public init(profiles: [String], current: Int) {
        self.profiles = profiles
        index = profiles.indices.contains(current) ? current : 0
    }

    /// Moves the highlight by `step`, staying on the menu.
    public mutating func move(by step: Int) {
        index = min(max(0, index + step), profiles.count - 1)
    }

    /// The keymap in force.
    public var keyContext: KeyContext { .accountMenu }
}
