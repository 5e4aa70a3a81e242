/// One entry of the keymap: keys, what they do, and what may stop them.
public struct Binding: Sendable, Hashable {
    /// The keys that trigger it.
    public let keys: [Key]
    /// How the keys are written in the hint bar and the help overlay (Unicode form).
    public let label: String
    /// The ASCII form of `label`.
    public let asciiLabel: String
    /// What it does.
    public let action: Action
    /// One line for the help overlay.
    public let help: String
    /// A short word for the hint bar, or `nil` to leave it out of the bar.
    public let hint: String?
    /// Whether it changes or destroys keys (never allowed with `--read-only`).
    public let destructive: Bool
    /// Whether it needs a key that may manage keys (Owner or Operator).
    public let needsManager: Bool
}
