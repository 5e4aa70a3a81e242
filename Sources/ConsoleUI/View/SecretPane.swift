import Foundation
import MomentoKeys

/// The new key, shown once: masked until `v`, with the endpoint to use it with.
enum SecretPane {
    static func draw(
        _ screen: inout Screen, _ panel: SecretPanel, _ state: ConsoleState,
        _ context: ViewContext
    ) {
        let glyphs = context.capabilities.glyphs
        let info = panel.created.keyInfo
        let box = Box.centred(width: 78, height: 16, on: screen)
        box.draw(on: &screen, title: "New key: store it now", glyphs: glyphs)
        let label = box.innerWidth >= 50 ? 12 : 9
        var line = 0
        func field(_ name: String, _ value: String, _ style: Style = .normal) {
            box.put(name, line: line, on: &screen, style: Style(.muted))
            box.put(value, line: line, on: &screen, style: style, indent: label)
            line += 1
        }
        field("Key id", TextSanitizer.inert(info.keyId))
        let expires = info.expiresAt.map { DateText.full($0, context.timeZone) } ?? "never"
        field("Role", TextSanitizer.inert("\(state.roleName(info.roleId)), expires \(expires)"))
        let room = max(8, box.innerWidth - label)
        // The panel's own lines: key id, role, endpoint, refresh, stored, then what the mode
        // needs, and the hint line.
        let reserved = panel.mode == .showing ? 7 : 11
        let keyLines = max(1, box.innerHeight - reserved)
        secret("API key", panel.created.apiKey, revealed: panel.revealed, lines: keyLines)
        field(
            "Endpoint", panel.endpoint.map(TextSanitizer.inert) ?? "none chosen (p in the list)",
            panel.endpoint == nil ? Style(.warning) : .normal)
        if let refresh = panel.created.refreshToken {
            secret("Refresh", refresh, revealed: panel.revealed, lines: 1)
        }
        field(
            "Stored",
            panel.stored.isEmpty
                ? "not yet: c copies it, w writes it to a file"
                : panel.stored.joined(separator: "; "),
            panel.stored.isEmpty ? Style(.warning, bold: true) : Style(.info))

        func secret(_ name: String, _ value: Secret, revealed: Bool, lines: Int) {
            guard revealed else {
                field(name, value.masked(visible: 6), Style(.accent, bold: true))
                return
            }
            let chunks = DetailsPane.wrap(value.exposedValue, width: room)
            for (index, chunk) in chunks.prefix(lines).enumerated() {
                box.put(index == 0 ? name : "", line: line, on: &screen, style: Style(.muted))
                let cut = index == lines - 1 && chunks.count > lines
                box.put(
                    cut ? String(chunk.dropLast(glyphs.ellipsis.count)) + glyphs.ellipsis : chunk,
                    line: line, on: &screen, style: Style(.accent, bold: true), indent: label)
                line += 1
            }
        }

        line += 1
        switch panel.mode {
        case .showing:
            box.put(
                "This is the only time the key is shown.", line: line, on: &screen,
                style: Style(.warning, bold: true))
            if let error = panel.error {
                box.put(error, line: line + 1, on: &screen, style: Style(.error, bold: true))
            }
            box.put(
                box.innerWidth >= 50
                    ? "v \(panel.revealed ? "hide" : "reveal")  c copy  w write to a file  Esc close"
                    : "v \(panel.revealed ? "hide" : "show")  c copy  w write  Esc",
                line: box.innerHeight - 1, on: &screen, style: Style(.hint))
        case .writing(let form):
            write(&screen, form, panel, context, box, line: line, label: label)
        case .confirmingClose:
            box.put(
                "Is the key stored? It cannot be shown again.", line: line, on: &screen,
                style: Style(.warning, bold: true))
            if panel.stored.isEmpty {
                box.put(
                    "You have neither copied nor written it.", line: line + 1, on: &screen,
                    style: Style(.urgent, bold: true))
            }
            box.put(
                "y yes, close  n back", line: box.innerHeight - 1, on: &screen,
                style: Style(.hint))
        }
    }

    private static func write(
        _ screen: inout Screen, _ form: SecretFileForm, _ panel: SecretPanel,
        _ context: ViewContext, _ box: Box, line: Int, label: Int
    ) {
        let glyphs = context.capabilities.glyphs
        let cursor = context.capabilities.unicode ? "▏" : "_"
        let (left, right) = context.capabilities.unicode ? ("◀ ", " ▶") : ("< ", " >")
        var line = line
        box.put(
            "Write to a new file (mode 0600, never overwritten):", line: line, on: &screen,
            style: Style(.info))
        line += 1
        for field in form.fields {
            let focused = form.field == field
            let name: String
            let value: String
            var column: Int?
            switch field {
            case .path:
                name = "Path"
                let window = form.path.window(width: box.innerWidth - label - 2)
                (value, column) = ("> " + window.text, window.cursorColumn + 2)
            case .format:
                name = "Format"
                value = left + form.format.title + right
            case .profile:
                name = "Profile"
                let window = form.profile.window(width: box.innerWidth - label - 2)
                (value, column) = ("> " + window.text, window.cursorColumn + 2)
            }
            box.put(
                (focused ? glyphs.selection : " ") + " " + name, line: line, on: &screen,
                style: focused ? Style(.hintKey, bold: true) : Style(.muted))
            box.put(value, line: line, on: &screen, indent: label)
            if focused, let column {
                box.put(
                    cursor, line: line, on: &screen, style: Style(.hintKey), indent: label + column)
            }
            line += 1
        }
        if let error = panel.error {
            box.put(error, line: line, on: &screen, style: Style(.error, bold: true))
        }
        box.put(
            box.innerWidth >= 50
                ? "Tab next field  \(left.trimmingCharacters(in: .whitespaces))\(right.trimmingCharacters(in: .whitespaces)) format  Enter write  Esc back"
                : "Tab field  Enter write  Esc back",
            line: box.innerHeight - 1, on: &screen, style: Style(.hint))
    }
}
