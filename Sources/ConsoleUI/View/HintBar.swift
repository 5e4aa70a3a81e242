import ScreenModel
import TextKit

/// A hint line drawn from a keymap: the bindings with a hint, in table order, and the help
/// key always last; when they do not fit, the highest priority number gives way first, from
/// the right.
struct HintBar {
    struct Item: Hashable {
        var label: String
        var hint: String
        var enabled: Bool
        var priority: Int
        var width: Int { DisplayWidth.of(label) + 1 + DisplayWidth.of(hint) }
    }

    var items: [Item]

    /// The hints of `bindings` that fit in `width` columns. `--read-only` leaves out what it
    /// forbids; a binding the key's role cannot use shows dimmed.
    init(_ bindings: [Binding], state: ConsoleState, unicode: Bool, width: Int) {
        // The help key ends the line, once, whatever the table's order.
        let help = bindings.first { $0.action == .help && $0.hint != nil }
        let ordered = bindings.filter { $0.action != .help } + (help.map { [$0] } ?? [])
        var items = ordered.compactMap { binding -> Item? in
            let readOnly = state.readOnly(for: binding.action)
            guard let hint = binding.hint, !Keymap.isHidden(binding, readOnly: readOnly),
                !state.onlyOneAccount(binding.action)
            else { return nil }
            let enabled =
                Keymap.disabledReason(
                    binding, readOnly: readOnly, canManage: state.canManage(for: binding.action))
                == nil
            return Item(
                label: binding.hintLabel(unicode: unicode), hint: hint, enabled: enabled,
                priority: binding.priority)
        }
        func used(_ items: [Item]) -> Int {
            items.reduce(0) { $0 + $1.width } + 2 * max(0, items.count - 1)
        }
        for priority in Set(items.map(\.priority)).filter({ $0 > 0 }).sorted(by: >) {
            while used(items) > width,
                let drop = items.lastIndex(where: { $0.priority == priority })
            {
                items.remove(at: drop)
            }
        }
        while used(items) > width, !items.isEmpty { items.removeLast() }
        self.items = items
    }

    /// Draws the line at `row` from `column`.
    func draw(on screen: inout Screen, row: Int, column: Int) {
        var x = column
        for (index, item) in items.enumerated() {
            if index > 0 { x += 2 }
            x += screen.put(
                item.label, row: row, column: x,
                style: item.enabled ? Style(.hintKey, bold: true) : Style(.disabled))
            x += screen.put(
                " " + item.hint, row: row, column: x,
                style: item.enabled ? Style(.hint) : Style(.disabled))
        }
    }
}

extension Box {
    /// The hint line with, at its right end, how many lines are below what the box shows
    /// (`3 more ↓`) when some are; the hints give way to the note, not over it.
    func hints(
        _ context: KeyContext, below: Int, state: ConsoleState, capabilities: Capabilities,
        on screen: inout Screen
    ) {
        let more = below > 0 ? "\(below) more \(capabilities.glyphs.down)" : ""
        if below > 0 {
            put(
                more, line: innerHeight - 1, on: &screen, style: Style(.muted),
                indent: innerWidth - DisplayWidth.of(more))
        }
        hints(
            context, state: state, capabilities: capabilities, on: &screen,
            width: innerWidth - (more.isEmpty ? 0 : DisplayWidth.of(more) + 2))
    }

    /// The hint line of the keys in `context`, on the box's last inner line.
    func hints(
        _ context: KeyContext, state: ConsoleState, capabilities: Capabilities,
        on screen: inout Screen, width: Int? = nil
    ) {
        let bar = HintBar(
            Keymap.bindings(context), state: state, unicode: capabilities.unicode,
            width: width ?? innerWidth)
        bar.draw(on: &screen, row: row + innerHeight, column: column + 2)
    }
}
