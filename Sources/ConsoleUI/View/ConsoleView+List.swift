import Foundation
import MomentoKeys
import ScreenModel
import TextKit

extension ConsoleView {
    static func list(
        _ screen: inout Screen, _ state: ConsoleState, _ context: ViewContext, _ glyphs: Glyphs
    ) {
        let layout = ListLayout.of(state)
        var x = 2
        let zone = DateText.placeName(context.timeZone, at: state.now)
        for column in layout.columns(zone: zone) {
            var title = column.title
            if column.sort == state.sort {
                title +=
                    state.sort.ascending(reversed: state.reversed)
                    ? glyphs.ascending : glyphs.descending
            }
            screen.put(
                DisplayWidth.pad(title, to: column.width), row: ListLayout.titleRow(state),
                column: x,
                style: Style(.columnHeader, bold: true, underline: true))
            x += column.width + 1
        }
        screen.paint(
            row: ListLayout.titleRow(state),
            style: Style(.columnHeader, bold: true, underline: true))

        let visible = state.visibleKeys
        let top = ListLayout.firstRow(state)
        let rows = state.listRows
        if visible.isEmpty {
            let message: String
            let loading =
                state.isSeveral
                ? state.accounts.contains { !$0.loaded && $0.loading != nil }
                : state.loading != nil
            if state.shownKeys.isEmpty && loading {
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

    static func drawRow(
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
        if let width = layout.account {
            let profile = state.account(of: key.keyId).map { state.accounts[$0].profile } ?? ""
            screen.put(
                DisplayWidth.pad(
                    TextSanitizer.inert(profile), to: width, ellipsis: glyphs.ellipsis),
                row: row, column: x, style: Style(.accent))
            x += width + 1
        }
        screen.put(
            DisplayWidth.pad(
                RoleBadge.text(key, state: state), to: layout.role, ellipsis: glyphs.ellipsis
            ), row: row, column: x, style: RoleBadge.style(key.roleId))
        x += layout.role + 1
        if let width = layout.id {
            let id = width > 9 ? TextSanitizer.inert(key.keyId) : short(key.keyId, glyphs)
            screen.put(
                DisplayWidth.pad(id, to: width, ellipsis: glyphs.ellipsis), row: row, column: x,
                style: Style(.muted))
            x += width + 1
        }
        var description = key.description.isEmpty ? "" : TextSanitizer.inert(key.description)
        var descriptionX = x
        if state.hasPolicy, layout.description >= 4 {
            // A column of its own before the description: a key with a finding has the mark,
            // the others a blank, so no description can pose as it.
            if state.findings[key.keyId] != nil {
                screen.put(glyphs.finding, row: row, column: x, style: Style(.warning, bold: true))
            }
            descriptionX += 2
            description = DisplayWidth.truncate(
                description, to: layout.description - 2, ellipsis: glyphs.ellipsis)
        }
        if let newId = state.rotated[key.keyId] {
            // A rotated key kept for an overlap says which key replaces it: ↻ and its id's start.
            let note =
                glyphs.rotated + String(TextSanitizer.inert(newId).prefix(8)) + " "
            descriptionX += screen.put(
                note, row: row, column: descriptionX, style: Style(.warning, bold: true),
                limit: max(0, layout.description - (descriptionX - x)))
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
}
