import Foundation
import MomentoKeys
import ScreenModel
import TextKit

/// The new key, shown once: masked until `v`, with the endpoint to use it with.
enum SecretPane {
    /// A row of the panel's top part, with how much it matters when room is short.
    private struct Row {
        var label: String
        var value: String
        var style: Style
        /// Lower first: the key and its endpoint are kept longest.
        var priority: Int
        /// Where the value starts.
        var indent: Int? = nil
        /// A revealed secret's line: drawn across the whole screen with no border on its row,
        /// so a mouse selection copies the secret and nothing else.
        var fullWidth = false

        /// A row for each line of a value, the label on the first.
        static func lines(
            _ label: String, _ lines: [String], style: Style, priority: Int, indent: Int? = nil,
            fullWidth: Bool = false
        ) -> [Row] {
            lines.enumerated().map { index, line in
                Row(
                    label: index == 0 ? label : "", value: line, style: style, priority: priority,
                    indent: indent, fullWidth: fullWidth)
            }
        }

        /// A revealed secret: its label on a row of the box, then the secret in lines as wide
        /// as the screen.
        static func secret(
            _ label: String, _ value: String, style: Style, priority: Int, screenWidth: Int
        )
            -> [Row]
        {
            [Row(label: label + ":", value: "", style: .normal, priority: priority)]
                + lines(
                    "", DisplayWidth.wrap(value, width: max(1, screenWidth)), style: style,
                    priority: priority, fullWidth: true)
        }
    }

    static func draw(
        _ screen: inout Screen, _ panel: SecretPanel, _ state: ConsoleState,
        _ context: ViewContext
    ) {
        let glyphs = context.capabilities.glyphs
        let info = panel.created.keyInfo
        // Revealed, the key and its refresh token take several lines each: the panel grows.
        let box = Box.centred(width: 78, height: panel.revealed ? 20 : 16, on: screen)
        box.draw(on: &screen, title: "New key: store it now", glyphs: glyphs)
        let wide = box.innerWidth >= 50
        let label = wide ? 12 : 10
        // The bottom part: what the mode needs, ending with the hint line.
        var bottom: [(String, Style)]
        switch panel.mode {
        case .showing:
            bottom = [
                (
                    wide ? "This is the only time the key is shown." : "Shown only this once.",
                    Style(.warning, bold: true)
                )
            ]
            if let store = panel.storing {
                bottom.append((TextSanitizer.inert("Storing in \(store)…"), Style(.accent)))
            }
            if let error = panel.error {
                for line in DisplayWidth.wrap(TextSanitizer.inert(error), width: box.innerWidth)
                    .prefix(3)
                {
                    bottom.append((line, Style(.error, bold: true)))
                }
            }
        case .choosingStore(let index):
            bottom = [
                (
                    wide ? "Send the key to which store? (on its standard input)" : "Which store?",
                    Style(.warning)
                )
            ]
            let room = max(1, box.innerHeight - 8)
            let first = max(0, min(index - room + 1, panel.storeNames.count - room))
            for (offset, name) in panel.storeNames.dropFirst(first).prefix(room).enumerated() {
                let chosen = first + offset == index
                bottom.append(
                    (
                        (chosen ? glyphs.selection : " ") + " " + TextSanitizer.inert(name),
                        chosen ? Style(.accent, bold: true) : .normal
                    ))
            }
        case .writing(let form):
            bottom = []
            let rows = 1 + form.fields.count + (panel.error == nil ? 0 : 2)
            let top = max(0, box.innerHeight - 1 - rows)
            write(&screen, form, panel, context, box, line: top, label: label)
            drawTop(
                &screen, panel, info, roleName: state.roleName(of: info), context, box,
                label: label, lines: top)
            box.hints(
                panel.keyContext, state: state, capabilities: context.capabilities, on: &screen)
            return
        case .pickingEndpoint(let picker, _):
            // The picker covers the panel, key included, until an endpoint is chosen.
            RegionPickerPane.draw(&screen, picker, state, context)
            return
        case .confirmingCopy:
            bottom = DisplayWidth.wrap(
                "c sends the key by OSC 52 to your terminal. A terminal or a multiplexer on the way"
                    + " (tmux, screen) may drop it without a word, or keep it in its buffers"
                    + " after this panel closes. w writes it to a file, s sends it to a store.",
                width: box.innerWidth, words: true
            ).map { ($0, Style(.warning, bold: true)) }
        case .askingRegion(let chosen, _):
            let region = RegionTable(regions: state.regions).describe(endpoint: chosen)
            bottom = DisplayWidth.wrap(
                "The file gets \(region). Make it the console's region for later starts"
                    + " too? (default: no, this file only)", width: box.innerWidth, words: true
            ).map { ($0, Style(.warning, bold: true)) }
        case .confirmingClose:
            bottom = [
                (
                    wide
                        ? "Is the key stored? It cannot be shown again."
                        : "Stored? It cannot be shown again.", Style(.warning, bold: true)
                )
            ]
            if panel.stored.isEmpty {
                bottom.append(
                    (
                        wide
                            ? "You have neither copied nor written it."
                            : "Neither copied nor written yet.", Style(.urgent, bold: true)
                    ))
            }
        }
        // Revealed on a narrow screen, the key needs every line: the warning gives way.
        if panel.revealed && !wide && panel.mode == .showing && panel.error == nil { bottom = [] }
        let top = max(0, box.innerHeight - 1 - (bottom.isEmpty ? 0 : bottom.count + 1))
        drawTop(
            &screen, panel, info, roleName: state.roleName(of: info), context, box,
            label: label, lines: top)
        for (index, (text, style)) in bottom.enumerated() {
            box.put(text, line: top + 1 + index, on: &screen, style: style)
        }
        box.hints(panel.keyContext, state: state, capabilities: context.capabilities, on: &screen)
    }

    /// The key id, role, key, endpoint, refresh token and what was done with the key, in
    /// `lines` lines: when they do not fit, the least needed rows go first.
    private static func drawTop(
        _ screen: inout Screen, _ panel: SecretPanel, _ info: ApiKeyInfo, roleName: String,
        _ context: ViewContext, _ box: Box, label: Int, lines: Int
    ) {
        let glyphs = context.capabilities.glyphs
        let room = max(8, box.innerWidth - label)
        let wideRoom = room >= 27
        let secretStyle = Style(.accent, bold: true)
        let expires = info.expiresAt.map { DateText.full($0, context.timeZone) } ?? "never"
        // The id and the role wrap rather than being cut.
        var rows = Row.lines(
            "Key id", DisplayWidth.wrap(TextSanitizer.inert(info.keyId), width: room),
            style: .normal, priority: 2)
        rows += Row.lines(
            "Role",
            DisplayWidth.wrap(
                TextSanitizer.inert("\(roleName), expires \(expires)"), width: room, words: true),
            style: .normal, priority: 5)
        let key = panel.created.apiKey
        if panel.revealed {
            rows += Row.secret(
                "API key", key.exposedValue, style: secretStyle, priority: 0,
                screenWidth: screen.width)
        } else {
            rows.append(
                Row(
                    label: "API key",
                    value: key.masked(visible: 6, ellipsis: glyphs.ellipsis, hidden: glyphs.hidden),
                    style: secretStyle, priority: 0
                ))
        }
        // The endpoint wraps at its dots when it is longer than the room.
        let endpoint =
            panel.endpoint.map(TextSanitizer.inert)
            ?? (wideRoom ? "none chosen (p in the list)" : "none (p in the list)")
        let endpointLines = DisplayWidth.wrapHost(endpoint, width: room)
        rows += Row.lines(
            "Endpoint", endpointLines, style: panel.endpoint == nil ? Style(.warning) : .normal,
            priority: 1)
        if let refresh = panel.created.refreshToken {
            // A secret is never cut: revealed, it wraps (and goes whole when room is short).
            rows +=
                panel.revealed
                ? Row.secret(
                    "Refresh", refresh.exposedValue, style: secretStyle, priority: 4,
                    screenWidth: screen.width)
                : Row.lines(
                    "Refresh",
                    [refresh.masked(visible: 6, ellipsis: glyphs.ellipsis, hidden: glyphs.hidden)],
                    style: secretStyle, priority: 4)
        }
        if let old = panel.migratedFrom {
            // The first rows to go when room is short.
            rows += Row.lines(
                "Replaces",
                DisplayWidth.wrap(
                    TextSanitizer.inert(
                        "\(old.label), which works on;"
                            + " in code: fromApiKeyV2(key, endpoint)"), width: room, words: true),
                style: Style(.muted), priority: 6)
        }
        // What was done with the key, a note a line; a written file's path shortens from the
        // left, so its name stays.
        let notes =
            panel.stored.isEmpty
            ? DisplayWidth.wrap(
                "not yet: c copies it, w writes it to a file", width: room, words: true)
            : panel.stored.flatMap { note in
                // A path is shortened in its middle; a store's words wrap.
                note.contains("/")
                    ? [shortenPath(in: note, to: room, ellipsis: glyphs.ellipsis)]
                    : DisplayWidth.wrap(TextSanitizer.inert(note), width: room, words: true)
            }
        rows += Row.lines(
            "Stored", notes,
            style: panel.stored.isEmpty ? Style(.warning, bold: true) : Style(.info), priority: 3)
        var keyLinesCut = false
        while rows.count > lines {
            // Drop the least needed rows (all lines of one at once); a revealed key loses its
            // last lines last of all.
            if let drop = rows.filter({ $0.priority > 0 }).map(\.priority).max() {
                rows.removeAll { $0.priority == drop }
            } else if let last = rows.lastIndex(where: { $0.priority == 0 }), rows.count > 1 {
                rows.remove(at: last)
                keyLinesCut = true
            } else {
                break
            }
        }
        for (line, row) in rows.prefix(lines).enumerated() {
            var value = row.value
            if keyLinesCut, row.priority == 0,
                line == rows.lastIndex(where: { $0.priority == 0 })
            {
                value = String(value.dropLast(1)) + glyphs.ellipsis
            }
            if row.fullWidth {
                let y = box.row + 1 + line
                screen.clear(row: y, column: 0, width: screen.width, height: 1)
                screen.put(value, row: y, column: 0, style: row.style)
                continue
            }
            box.put(row.label, line: line, on: &screen, style: Style(.muted))
            box.put(value, line: line, on: &screen, style: row.style, indent: row.indent ?? label)
        }
    }

    private static func write(
        _ screen: inout Screen, _ form: SecretFileForm, _ panel: SecretPanel,
        _ context: ViewContext, _ box: Box, line: Int, label: Int
    ) {
        let glyphs = context.capabilities.glyphs
        var line = line
        box.put(
            box.innerWidth >= 72
                ? "Write to a new file (0600), or a profile into Momento's credentials:"
                : "Write to a file (0600):", line: line, on: &screen, style: Style(.info))
        line += 1
        for field in form.fields {
            let focused = form.field == field
            let name: String
            let value: String
            var column: Int?
            var editor: LineEditor?
            switch field {
            case .path:
                name = "Path"
                let window = form.path.window(width: box.innerWidth - label - 2)
                (value, column, editor) = ("> " + window.text, window.cursorColumn + 2, form.path)
            case .format:
                name = "Format"
                value = glyphs.choiceLeft + " " + form.format.title + " " + glyphs.choiceRight
            case .profile:
                name = "Profile"
                let window = form.profile.window(width: box.innerWidth - label - 2)
                (value, column, editor) = (
                    "> " + window.text, window.cursorColumn + 2, form.profile
                )
            }
            box.put(
                (focused ? glyphs.selection : " ") + " " + name, line: line, on: &screen,
                style: focused ? Style(.hintKey, bold: true) : Style(.muted))
            box.put(value, line: line, on: &screen, indent: label)
            if focused, let column, let editor {
                box.cursor(
                    editor, line: line, indent: label + column, on: &screen, glyph: glyphs.cursor)
            }
            line += 1
        }
        if let error = panel.error {
            box.putWrapped(
                TextSanitizer.inert(error), line: line, on: &screen,
                style: Style(.error, bold: true), maxLines: 2, ellipsis: glyphs.ellipsis)
        }
    }

    /// `written (0600) to /a/long/path/key.env` fitted to `width` by cutting the path's start.
    static func shortenPath(in note: String, to width: Int, ellipsis: String) -> String {
        guard DisplayWidth.of(note) > width, let range = note.range(of: " to ") else {
            return note
        }
        let head = String(note[..<range.upperBound])
        let path = String(note[range.upperBound...])
        let room = width - DisplayWidth.of(head)
        guard room > DisplayWidth.of(ellipsis) else {
            return DisplayWidth.truncate(note, to: width, ellipsis: ellipsis)
        }
        return head + DisplayWidth.truncateLeading(path, to: room, ellipsis: ellipsis)
    }
}
