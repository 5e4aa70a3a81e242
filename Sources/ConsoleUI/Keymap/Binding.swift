import ScreenModel

/// One entry of a keymap: keys, what they do, how the hints show them, what may stop them.
public struct Binding: Sendable, Hashable {
    /// The keys that trigger it.
    public var keys: [Key]
    /// How the keys are written in the help (Unicode form).
    public var label: String
    /// The ASCII form of `label`.
    public var asciiLabel: String
    /// What it does.
    public var action: Action
    /// One line for the help.
    public var help: String
    /// A short word for the hint line, or `nil` to leave it out of the line.
    public var hint: String?
    /// How the hint line writes the keys when it differs from `label` (`◀▶` for a pair).
    public var hintLabel: String?
    /// The ASCII form of `hintLabel`.
    public var asciiHintLabel: String?
    /// Which hints give way first when the line is short: the highest number, from the
    /// right; 0 never gives way.
    public var priority: Int
    /// Whether it changes or destroys keys (never allowed with `--read-only`).
    public var destructive: Bool
    /// Whether it needs a key that may manage keys (Owner or Operator).
    public var needsManager: Bool
    /// The help's heading it is listed under, when its context groups its keys.
    public var group: KeyGroup?

    /// The label for the help, in Unicode or ASCII.
    public func label(unicode: Bool) -> String { unicode ? label : asciiLabel }

    /// The label for the hint line, in Unicode or ASCII.
    public func hintLabel(unicode: Bool) -> String {
        (unicode ? hintLabel : asciiHintLabel) ?? label(unicode: unicode)
    }
}
