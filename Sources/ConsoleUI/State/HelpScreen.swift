/// The help, over whatever it was opened from.
public struct HelpScreen: Sendable, Hashable {
    /// One line of the help: a group's heading, or a key.
    public enum Line: Sendable, Hashable {
        case heading(KeyGroup)
        case binding(Binding)
    }

    /// The context whose keys it lists.
    public var context: KeyContext
    /// The first line shown, when the keys do not fit.
    public var scroll = 0
    /// Whether the console shows several accounts (`A` is listed only then).
    public var several = false

    /// Help for `context`, from its top.
    public init(context: KeyContext, several: Bool = false) {
        self.context = context
        self.several = several
    }

    /// The keys of the help: the context's bindings, then those that work everywhere;
    /// read-only leaves out what it forbids (`readOnly` says, for each action, whether it is
    /// read-only there: see ``ConsoleState/readOnly(for:)``), one account the keys of several.
    public func bindings(readOnly: (Action) -> Bool) -> [Binding] {
        (Keymap.bindings(context) + Keymap.global).filter {
            !Keymap.isHidden($0, readOnly: readOnly($0.action))
                && (several || $0.action != .nextAccount)
        }
    }

    /// The lines of the help: where every key of the context has a group (the list's), the
    /// keys by group under its heading; elsewhere the keys in table order.
    public func lines(readOnly: (Action) -> Bool) -> [Line] {
        let keys = bindings(readOnly: readOnly)
        guard keys.allSatisfy({ $0.group != nil }) else { return keys.map(Line.binding) }
        return KeyGroup.allCases.flatMap { group -> [Line] in
            let members = keys.filter { $0.group == group }
            return members.isEmpty ? [] : [.heading(group)] + members.map(Line.binding)
        }
    }

    /// How many lines show on a screen `height` rows high (a border, a title, a hint line).
    public static func visibleLines(count: Int, height: Int) -> Int {
        max(1, min(count + 3, height) - 3)
    }

    /// Scrolls by `lines` (`.max` to the end, `.min` to the top), staying within the help.
    public mutating func scroll(by lines: Int, readOnly: (Action) -> Bool, height: Int) {
        let count = self.lines(readOnly: readOnly).count
        let last = max(0, count - Self.visibleLines(count: count, height: height))
        scroll = min(max(0, scroll.addingReportingOverflow(lines).partialValue), last)
        if lines == .max { scroll = last }
        if lines == .min { scroll = 0 }
    }

    /// The lines a page holds on a screen `height` rows high.
    public func page(readOnly: (Action) -> Bool, height: Int) -> Int {
        Self.visibleLines(count: lines(readOnly: readOnly).count, height: height)
    }
}
