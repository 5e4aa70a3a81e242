/// Every binding of the keymap, with the reason when one cannot be used now.
enum HelpPane {
    static func draw(_ screen: inout Screen, _ state: ConsoleState, _ context: ViewContext) {
        let glyphs = context.capabilities.glyphs
        let bindings = Keymap.bindings.filter { !Keymap.isHidden($0, readOnly: state.readOnly) }
        let box = Box.centred(width: 78, height: bindings.count + 3, on: screen)
        box.draw(on: &screen, title: "Keys", glyphs: glyphs)
        let keyWidth = 8
        let visible = box.innerHeight - 1
        for (line, binding) in bindings.prefix(visible).enumerated() {
            let label = context.capabilities.unicode ? binding.label : binding.asciiLabel
            let reason = Keymap.disabledReason(
                binding, readOnly: state.readOnly, canManage: state.canManage)
            let keyStyle = reason == nil ? Style(.hintKey, bold: true) : Style(.disabled)
            box.put(label, line: line, on: &screen, style: keyStyle)
            var text = binding.help
            if let reason { text += " (disabled: \(reason))" }
            box.put(
                text, line: line, on: &screen, style: reason == nil ? .normal : Style(.disabled),
                indent: keyWidth)
        }
        let more =
            bindings.count > visible
            ? "\(bindings.count - visible) more; enlarge the terminal  " : ""
        box.put(more + "Esc close", line: box.innerHeight - 1, on: &screen, style: Style(.hint))
    }
}
