import ScreenModel
import TextKit

/// The keys of the context the help was opened from, by group where it groups them, with the
/// reason when one cannot be used now; it scrolls when they do not fit.
enum HelpPane {
    static func draw(
        _ screen: inout Screen, _ help: HelpScreen, _ state: ConsoleState, _ context: ViewContext
    ) {
        let glyphs = context.capabilities.glyphs
        let unicode = context.capabilities.unicode
        let lines = help.lines(readOnly: state.readOnly(for:))
        let box = Box.centred(width: 78, height: lines.count + 3, on: screen)
        box.draw(on: &screen, title: "Keys: \(help.context.title)", glyphs: glyphs)
        let bindings = help.bindings(readOnly: state.readOnly(for:))
        let keyWidth = min(
            14, (bindings.map { DisplayWidth.of($0.label(unicode: unicode)) }.max() ?? 0) + 2)
        let visible = HelpScreen.visibleLines(count: lines.count, height: screen.height)
        let top = min(help.scroll, max(0, lines.count - visible))
        for (line, entry) in lines.dropFirst(top).prefix(visible).enumerated() {
            guard case .binding(let binding) = entry else {
                if case .heading(let group) = entry {
                    box.put(group.title, line: line, on: &screen, style: Style(.title, bold: true))
                }
                continue
            }
            let reason = Keymap.disabledReason(
                binding, readOnly: state.readOnly(for: binding.action),
                canManage: state.canManage(for: binding.action))
            let keyStyle = reason == nil ? Style(.hintKey, bold: true) : Style(.disabled)
            box.put(
                DisplayWidth.truncate(
                    binding.label(unicode: unicode), to: keyWidth - 1, ellipsis: glyphs.ellipsis),
                line: line, on: &screen, style: keyStyle, indent: 1)
            // The reason is kept whole; what the key does gives way first, cut with the mark.
            let room = box.innerWidth - keyWidth - 1
            var text = binding.help
            if let reason {
                let why = " (disabled: \(reason))"
                text =
                    DisplayWidth.truncate(
                        text, to: max(8, room - DisplayWidth.of(why)), ellipsis: glyphs.ellipsis)
                    + why
            }
            box.put(
                DisplayWidth.truncate(text, to: room, ellipsis: glyphs.ellipsis), line: line,
                on: &screen, style: reason == nil ? .normal : Style(.disabled),
                indent: keyWidth + 1)
        }
        box.hints(
            .help, below: lines.count - top - visible, state: state,
            capabilities: context.capabilities, on: &screen)
    }
}
