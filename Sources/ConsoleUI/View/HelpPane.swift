import ScreenModel
import TextKit

/// The keys of the context the help was opened from, with the reason when one cannot be used
/// now; it scrolls when they do not fit.
enum HelpPane {
    static func draw(
        _ screen: inout Screen, _ help: HelpScreen, _ state: ConsoleState, _ context: ViewContext
    ) {
        let glyphs = context.capabilities.glyphs
        let unicode = context.capabilities.unicode
        let bindings = help.bindings(readOnly: state.readOnly)
        let box = Box.centred(width: 78, height: bindings.count + 3, on: screen)
        box.draw(on: &screen, title: "Keys: \(help.context.title)", glyphs: glyphs)
        let keyWidth = min(
            14, (bindings.map { DisplayWidth.of($0.label(unicode: unicode)) }.max() ?? 0) + 2)
        let visible = HelpScreen.visibleLines(count: bindings.count, height: screen.height)
        let top = min(help.scroll, max(0, bindings.count - visible))
        for (line, binding) in bindings.dropFirst(top).prefix(visible).enumerated() {
            let reason = Keymap.disabledReason(
                binding, readOnly: state.readOnly, canManage: state.canManage)
            let keyStyle = reason == nil ? Style(.hintKey, bold: true) : Style(.disabled)
            box.put(binding.label(unicode: unicode), line: line, on: &screen, style: keyStyle)
            // The reason is kept whole; what the key does gives way first.
            var text = binding.help
            if let reason {
                let why = " (disabled: \(reason))"
                text =
                    DisplayWidth.truncate(
                        text, to: max(8, box.innerWidth - keyWidth - DisplayWidth.of(why)),
                        ellipsis: glyphs.ellipsis) + why
            }
            box.put(
                text, line: line, on: &screen, style: reason == nil ? .normal : Style(.disabled),
                indent: keyWidth)
        }
        box.hints(
            .help, below: bindings.count - top - visible, state: state,
            capabilities: context.capabilities, on: &screen)
    }
}
