import MomentoKeys
import ScreenModel
import TextKit

/// The regions table with its filter, and the custom endpoint entry.
enum RegionPickerPane {
    static func draw(
        _ screen: inout Screen, _ picker: RegionPicker, _ state: ConsoleState,
        _ context: ViewContext
    ) {
        let glyphs = context.capabilities.glyphs
        let rows = picker.rows(state.regions)
        let box = Box.centred(width: 78, height: min(rows.count, 12) + 6, on: screen)
        box.draw(on: &screen, title: "Region", glyphs: glyphs)
        if let host = picker.customHost {
            box.put(
                box.innerWidth >= 62
                    ? "Custom endpoint (cell host, e.g. cell-x.prod.a.momentohq.com):"
                    : "Custom endpoint (a cell host):", line: 0,
                on: &screen)
            let (text, cursor) = host.window(width: box.innerWidth - 2)
            box.put("> " + text, line: 1, on: &screen, style: Style(.hintKey, bold: true))
            box.cursor(host, line: 1, indent: 2 + cursor, on: &screen, glyph: glyphs.cursor)
            if let error = picker.error {
                box.put(error, line: 2, on: &screen, style: Style(.error, bold: true))
            } else if Endpoint.isPreprod(host.text) {
                box.put(
                    "pre-production: keys are managed on the preprod key API", line: 2, on: &screen,
                    style: Style(.info))
            }
            box.hints(
                picker.keyContext, state: state, capabilities: context.capabilities, on: &screen)
            return
        }
        let label = "type to filter: "
        let (filter, cursor) = picker.filter.window(width: box.innerWidth - label.count)
        box.put(label + filter, line: 0, on: &screen, style: Style(.muted))
        box.cursor(
            picker.filter, line: 0, indent: label.count + cursor, on: &screen,
            glyph: glyphs.cursor)
        let visible = box.innerHeight - 3
        let top = max(0, min(picker.index - visible + 1, rows.count + 1 - visible))
        let current = state.endpoint.map(Endpoint.normalizedHost)
        for line in 0..<visible {
            let index = top + line
            guard index <= rows.count else { break }
            let selected = index == picker.index
            let text: String
            if index == rows.count {
                text = "Custom endpoint\(glyphs.ellipsis)"
            } else {
                let region = rows[index]
                let mark = Endpoint.normalizedHost(region.endpoint) == current ? glyphs.mark : " "
                text =
                    "\(mark) " + DisplayWidth.pad(region.name, to: 24) + " "
                    + DisplayWidth.pad(region.code, to: 15) + " " + region.cell
            }
            box.put(
                (selected ? glyphs.selection : " ") + " " + text, line: line + 1, on: &screen,
                style: selected ? Style(.selected, bold: true, reverse: true) : .normal)
        }
        box.hints(picker.keyContext, state: state, capabilities: context.capabilities, on: &screen)
    }
}
