/// The help, over whatever it was opened from.
public struct HelpScreen: Sendable, Hashable {
    /// The context whose keys it lists.
    public var context: KeyContext
    /// The first line shown, when the keys do not fit.
    public var scroll = 0

    /// Help for `context`, from its top.
    public init(context: KeyContext) {
        self.context = context
    }

    /// The lines of the help: the context's bindings, then those that work everywhere;
    /// `--read-only` leaves out what it forbids.
    public func bindings(readOnly: Bool) -> [Binding] {
        (Keymap.bindings(context) + Keymap.global).filter {
            !Keymap.isHidden($0, readOnly: readOnly)
        }
    }

    /// How many lines show on a screen `height` rows high (a border, a title, a hint line).
    public static func visibleLines(count: Int, height: Int) -> Int {
        max(1, min(count + 3, height) - 3)
    }

    /// Scrolls by `lines`, staying within the help.
    public mutating func scroll(by lines: Int, readOnly: Bool, height: Int) {
        let count = bindings(readOnly: readOnly).count
        let last = max(0, count - Self.visibleLines(count: count, height: height))
        scroll = min(max(0, scroll + lines), last)
    }
}
