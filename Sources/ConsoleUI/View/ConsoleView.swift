import Foundation
import MomentoKeys

/// The console's look: `view(state, context) -> Screen`. Pure.
public enum ConsoleView {
    /// The whole screen for this state.
    public static func render(_ state: ConsoleState, _ context: ViewContext) -> Screen {
        var screen = Screen(width: state.width, height: state.height)
        guard state.width >= ViewContext.minimumWidth, state.height >= ViewContext.minimumHeight
        else {
            tooSmall(&screen, state)
            if !context.capabilities.unicode { screen.restrictToASCII() }
            return screen
        }
        let glyphs = context.capabilities.glyphs
        header(&screen, state, context, glyphs)
        list(&screen, state, context, glyphs)
        footer(&screen, state, context, glyphs)
        if state.overlay != nil || state.help != nil {
            // Panes sit on a blank list area, header and hints still in view.
            screen.clear(row: 2, column: 0, width: state.width, height: state.height - 4)
        }
        switch state.overlay {
        case .details?: DetailsPane.draw(&screen, state, context)
        case .revoke(let dialog)?: RevokePane.draw(&screen, dialog, state, context)
        case .bulkRevoke(let dialog)?: BulkRevokePane.draw(&screen, dialog, state, context)
        case .regionPicker(let picker)?: RegionPickerPane.draw(&screen, picker, state, context)
        case .create(let dialog)?: CreatePane.draw(&screen, dialog, state, context)
        case .secret(let panel)?: SecretPane.draw(&screen, panel, state, context)
        case .rotateFinish(let finish)?: RotateFinishPane.draw(&screen, finish, state, context)
        case nil: break
        }
        if let help = state.help { HelpPane.draw(&screen, help, state, context) }
        if !context.capabilities.unicode { screen.restrictToASCII() }
        return screen
    }

    private static func tooSmall(_ screen: inout Screen, _ state: ConsoleState) {
        let lines = [
            "Terminal too small",
            "need \(ViewContext.minimumWidth)x\(ViewContext.minimumHeight), have \(state.width)x\(state.height)",
        ]
        for (offset, line) in lines.enumerated() {
            let row = state.height / 2 - 1 + offset
            let text = DisplayWidth.truncate(line, to: state.width, ellipsis: "")
            screen.put(
                text, row: row, column: max(0, (state.width - DisplayWidth.of(text)) / 2),
                style: Style(.warning, bold: offset == 0))
        }
    }

    // MARK: Header

    private static func header(
        _ screen: inout Screen, _ state: ConsoleState, _ context: ViewContext, _ glyphs: Glyphs
    ) {
        let width = state.width
        screen.paint(row: 0, style: Style(.header))
        var x = screen.put(
            " keyconsole ", row: 0, column: 0, style: Style(.title, bold: true, reverse: true))
        let (badge, detail): (String, String)
        switch state.backend.kind {
        case .sandbox(let path):
            (badge, detail) = ("SANDBOX", path)
        case .production(let endpoint, let region):
            (badge, detail) = (
                "PROD",
                [region, endpoint].compactMap { $0 }.joined(separator: " \(glyphs.separator) ")
            )
        case .preprod(let endpoint):
            (badge, detail) = ("PREPROD", endpoint)
        }
        x += 1
        x += screen.put(badge, row: 0, column: x, style: Style(.accent, bold: true))
        var own = ""
        if let id = state.backend.ownKeyId {
            let expires =
                state.shownKeys.first { $0.keyId == id }?.expiresAt ?? state.backend.ownKeyExpiresAt
            let left = expires.map {
                Int64($0.timeIntervalSince1970 - state.now.timeIntervalSince1970.rounded(.down))
            }
            own = "you: \(short(id, glyphs)) \(Countdown.text(secondsLeft: left)) "
        } else if let endpoint = state.endpoint {
            let region = RegionTable(regions: state.regions).classify(endpoint: endpoint)
            switch region {
            case .region(let region): own = "region \(region.code) "
            case .preprod(let host), .custom(let host): own = "endpoint \(host) "
            }
        }
        let room = width - x - 1 - DisplayWidth.of(own)
        if room > 4 {
            screen.put(
                " "
                    + DisplayWidth.truncate(
                        TextSanitizer.inert(detail), to: room - 1, ellipsis: glyphs.ellipsis),
                row: 0, column: x, style: Style(.header))
            if !own.isEmpty {
                screen.put(
                    own, row: 0, column: width - DisplayWidth.of(own),
                    style: Style(.header, bold: true))
            }
        } else {
            screen.put(
                " "
                    + DisplayWidth.truncate(
                        detail, to: max(0, width - x - 1), ellipsis: glyphs.ellipsis), row: 0,
                column: x, style: Style(.header))
        }

        // Second line: counts, then the refresh state on the right.
        let shown = state.shownKeys
        let now = state.now
        var expired = 0
        var day = 0
        var week = 0
        var never = 0
        for key in shown {
            switch Countdown.urgency(secondsLeft: Countdown.secondsLeft(key, now: now)) {
            case .expired: expired += 1
            case .underDay: day += 1
            case .underWeek: week += 1
            case .never: never += 1
            case .later: break
            }
        }
        let sep = " \(glyphs.separator) "
        var counts = "\(shown.count) keys"
        let visible = state.visibleKeys.count
        if !state.filter.isEmpty || state.expiringOnly {
            counts = "\(visible) of \(shown.count) keys"
        }
        if !state.marked.isEmpty { counts += " (\(state.marked.count) marked)" }
        let parts = [counts, "\(expired) expired", "\(day) <24h", "\(week) <7d", "\(never) never"]
        var right: (String, Style)
        if let loading = state.loading {
            right = ("loading\(glyphs.ellipsis) \(loading.received.count) ", Style(.info))
        } else if let reason = state.staleReason {
            right = ("STALE: \(TextSanitizer.inert(reason)) ", Style(.warning, bold: true))
        } else if let refreshed = state.lastRefresh {
            right = ("refreshed \(DateText.time(refreshed, context.timeZone)) ", Style(.muted))
        } else {
            right = ("", Style(.muted))
        }
        var column = 1
        for (index, part) in parts.enumerated() {
            let text = (index == 0 ? "" : sep) + part
            let style: Style =
                switch index {
                case 1 where expired > 0, 2 where day > 0: Style(.urgent, bold: true)
                case 3 where week > 0: Style(.warning)
                case 0: Style(.normal, bold: true)
                default: Style(.muted)
                }
            guard column + DisplayWidth.of(text) <= width else { break }
            column += screen.put(text, row: 1, column: column, style: style)
        }
        let rightWidth = DisplayWidth.of(right.0)
        if rightWidth > 0 && column + 1 + rightWidth <= width {
            screen.put(right.0, row: 1, column: width - rightWidth, style: right.1)
        } else if state.loading != nil || state.staleReason != nil {
            // No room beside the counts: the refresh state matters more than the last counts.
            screen.put(
                DisplayWidth.pad(" " + right.0, to: width, ellipsis: glyphs.ellipsis), row: 1,
                column: 0, style: right.1)
        }
    }

    // MARK: List

    private static func list(
        _ screen: inout Screen, _ state: ConsoleState, _ context: ViewContext, _ glyphs: Glyphs
    ) {
        let layout = ListLayout(width: state.width)
        var x = 2
        for column in layout.columns {
            var title = column.title
            if column.sort == state.sort {
                let ascending = (state.sort == .issued) == state.reversed
                title += ascending ? glyphs.ascending : glyphs.descending
            }
            screen.put(
                DisplayWidth.pad(title, to: column.width), row: 2, column: x,
                style: Style(.columnHeader, bold: true, underline: true))
            x += column.width + 1
        }
        screen.paint(row: 2, style: Style(.columnHeader, bold: true, underline: true))

        let visible = state.visibleKeys
        let top = 3
        let rows = max(1, state.height - 5)
        if visible.isEmpty {
            let message: String
            if state.shownKeys.isEmpty && state.loading != nil {
                message = "Loading keys\(glyphs.ellipsis)"
            } else if state.shownKeys.isEmpty {
                message = state.staleReason == nil ? "No keys on this account." : "No keys loaded."
            } else {
                message = "No key matches. Esc clears the filter."
            }
            screen.put(
                DisplayWidth.truncate(message, to: state.width - 4, ellipsis: glyphs.ellipsis),
                row: top + 1, column: 2, style: Style(.muted))
            return
        }
        let offset = min(state.scrollOffset, max(0, visible.count - rows))
        for (line, key) in visible.dropFirst(offset).prefix(rows).enumerated() {
            let row = top + line
            let selected = offset + line == state.selectedIndex
            drawRow(
                &screen, key, row: row, layout: layout, selected: selected, state: state,
                context: context, glyphs: glyphs)
        }
    }

    private static func drawRow(
        _ screen: inout Screen, _ key: ApiKeyInfo, row: Int, layout: ListLayout, selected: Bool,
        state: ConsoleState, context: ViewContext, glyphs: Glyphs
    ) {
        let left = Countdown.secondsLeft(key, now: state.now)
        let urgency = Countdown.urgency(secondsLeft: left)
        if state.marked.contains(key.keyId) {
            screen.put(glyphs.mark, row: row, column: 0, style: Style(.accent, bold: true))
        }
        if selected {
            screen.put(glyphs.selection, row: row, column: 1, style: Style(.selected, bold: true))
        }
        var x = 2
        screen.put(
            DisplayWidth.pad(
                RoleBadge.text(key.roleId, state: state), to: layout.role, ellipsis: glyphs.ellipsis
            ), row: row, column: x, style: RoleBadge.style(key.roleId))
        x += layout.role + 1
        if let width = layout.id {
            screen.put(
                DisplayWidth.pad(short(key.keyId, glyphs), to: width), row: row, column: x,
                style: Style(.muted))
            x += width + 1
        }
        var description = key.description.isEmpty ? "" : TextSanitizer.inert(key.description)
        var descriptionX = x
        if let newId = state.rotated[key.keyId] {
            // A rotated key kept for an overlap says which key replaces it: ↻ and its id's start.
            let note =
                glyphs.rotated + String(TextSanitizer.inert(newId).prefix(8)) + " "
            descriptionX += screen.put(
                note, row: row, column: x, style: Style(.warning, bold: true),
                limit: layout.description)
            description = DisplayWidth.truncate(
                description, to: max(0, layout.description - (descriptionX - x)),
                ellipsis: glyphs.ellipsis)
        }
        screen.put(
            DisplayWidth.pad(
                description, to: max(0, layout.description - (descriptionX - x)),
                ellipsis: glyphs.ellipsis),
            row: row, column: descriptionX)
        x += layout.description + 1
        if let width = layout.issued {
            screen.put(
                DateText.day(key.issuedAt, context.timeZone), row: row, column: x,
                style: Style(.muted), limit: width)
            x += width + 1
        }
        if let width = layout.expires {
            let text = key.expiresAt.map { DateText.minute($0, context.timeZone) } ?? "-"
            screen.put(text, row: row, column: x, style: Style(.muted), limit: width)
            x += width + 1
        }
        let glyph: String
        let style: Style
        switch urgency {
        case .expired: (glyph, style) = (glyphs.expired, Style(.urgent, bold: true))
        case .underDay: (glyph, style) = (glyphs.underDay, Style(.urgent, bold: true))
        case .underWeek: (glyph, style) = (glyphs.underWeek, Style(.warning, bold: true))
        case .later: (glyph, style) = (" ", Style(.normal))
        case .never: (glyph, style) = (" ", Style(.muted))
        }
        screen.put(
            glyph + " " + Countdown.text(secondsLeft: left), row: row, column: x, style: style,
            limit: layout.left)
        if selected {
            screen.paint(row: row, column: 2, style: Style(.selected, bold: true, reverse: true))
        }
    }

    // MARK: Footer

    private static func footer(
        _ screen: inout Screen, _ state: ConsoleState, _ context: ViewContext, _ glyphs: Glyphs
    ) {
        let flashRow = state.height - 2
        let hintRow = state.height - 1
        if state.editingFilter {
            let x = screen.put("/", row: flashRow, column: 1, style: Style(.hintKey, bold: true))
            let (text, cursor) = state.filterEditor.window(width: state.width - 4)
            screen.put(text, row: flashRow, column: 1 + x)
            screen.putCursor(
                state.filterEditor, row: flashRow, column: 1 + x + cursor, glyph: glyphs.cursor)
        } else if let flash = state.flash {
            screen.put(
                " "
                    + DisplayWidth.truncate(
                        TextSanitizer.inert(flash.text), to: state.width - 2,
                        ellipsis: glyphs.ellipsis), row: flashRow, column: 0,
                style: Style(flash.level == .error ? .error : .info, bold: flash.level == .error))
        } else if !state.filter.isEmpty {
            screen.put(
                " filter: \(state.filter)  (/ edit, Esc clear)", row: flashRow, column: 0,
                style: Style(.muted), limit: state.width)
        } else if !state.canManage && !state.readOnly {
            let role = state.ownRoleId.map(state.roleName) ?? "this key's role"
            let disabled = Keymap.bindings(.list).filter {
                $0.hint != nil
                    && Keymap.disabledReason($0, readOnly: false, canManage: false) != nil
            }.map { $0.label(unicode: context.capabilities.unicode) }
            screen.put(
                " View only: \(role) cannot create, revoke or rotate keys"
                    + " (\(disabled.joined(separator: " ")) disabled)",
                row: flashRow, column: 0, style: Style(.warning), limit: state.width)
        }
        // The keys of the context in force; a dialog and the help have their own hint line,
        // so under them the line has only the keys that work everywhere.
        let bindings: [Binding]
        switch (state.overlay, state.help) {
        case (nil, nil), (.details?, nil): bindings = Keymap.bindings(state.keyContext)
        case (_, nil): bindings = Keymap.global
        default: bindings = []
        }
        HintBar(
            bindings, state: state, unicode: context.capabilities.unicode,
            width: state.width - 1
        ).draw(on: &screen, row: hintRow, column: 1)
    }

    /// A key id shortened to 8 characters and an ellipsis.
    static func short(_ id: String, _ glyphs: Glyphs) -> String {
        let clean = TextSanitizer.inert(id)
        return clean.count > 8 ? String(clean.prefix(8)) + glyphs.ellipsis : clean
    }
}
