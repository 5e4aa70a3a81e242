import Foundation
import MomentoKeys
import ScreenModel
import TextKit

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
        if state.overlay != nil || state.help != nil {
            // Panes sit on a blank list area, header, message and hints still in view.
            screen.clear(row: 2, column: 0, width: state.width, height: state.height - 4)
        }
        footer(&screen, state, context, glyphs)
        switch state.overlay {
        case .details?: DetailsPane.draw(&screen, state, context)
        case .journal?: JournalPane.draw(&screen, state, context)
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
        // A key API other than Momento's is named by its host: it is not production.
        let shownBadge = state.backend.apiHost.map { TextSanitizer.inert($0) } ?? badge
        x += screen.put(
            DisplayWidth.truncate(shownBadge, to: max(0, width - x - 1), ellipsis: glyphs.ellipsis),
            row: 0, column: x, style: Style(.accent, bold: true))
        // The right side, most needed first: the console's own key (or the region), the
        // profile.
        var segments: [(String, Style)] = []
        if let id = state.backend.ownKeyId {
            if state.ownKeyGone {
                segments.append(("you: \(short(id, glyphs)) REVOKED", Style(.urgent, bold: true)))
            } else {
                let expires =
                    state.index.key(withId: id)?.expiresAt
                    ?? state.backend.ownKeyExpiresAt
                let left = expires.map {
                    Int64($0.timeIntervalSince1970 - state.now.timeIntervalSince1970.rounded(.down))
                }
                segments.append(
                    (
                        "you: \(short(id, glyphs)) \(Countdown.text(secondsLeft: left))",
                        Style(.header, bold: true)
                    ))
            }
        } else if let endpoint = state.endpoint {
            let region = RegionTable(regions: state.regions).classify(endpoint: endpoint)
            switch region {
            case .region(let region):
                segments.append(("region \(region.code)", Style(.header, bold: true)))
            case .preprod(let host), .custom(let host):
                segments.append(
                    ("endpoint \(TextSanitizer.inert(host))", Style(.header, bold: true)))
            }
        }
        if let profile = state.backend.profile {
            segments.append(("profile \(TextSanitizer.inert(profile))", Style(.header)))
        }
        func rightWidth() -> Int { segments.reduce(0) { $0 + DisplayWidth.of($1.0) + 2 } }
        while !segments.isEmpty, x + 2 + rightWidth() > width { segments.removeLast() }
        let room = width - x - 1 - rightWidth()
        // The region stays: in full, or shorter forms of it, before anything is cut.
        let candidates = [detail] + shorterDetails(state.backend.kind)
        let fitting =
            candidates.first { DisplayWidth.of(TextSanitizer.inert($0)) <= room - 1 } ?? detail
        if room > 4 {
            // The sandbox's path shortens from the left, so its file name stays.
            let clean = TextSanitizer.inert(fitting)
            let shown =
                if case .sandbox = state.backend.kind {
                    DisplayWidth.truncateLeading(clean, to: room - 1, ellipsis: glyphs.ellipsis)
                } else {
                    DisplayWidth.truncate(clean, to: room - 1, ellipsis: glyphs.ellipsis)
                }
            screen.put(" " + shown, row: 0, column: x, style: Style(.header))
        }
        var column = width - rightWidth()
        for (text, style) in segments {
            column += screen.put(text, row: 0, column: column + 1, style: style) + 2
        }

        // Second line: counts, then the refresh state on the right.
        let shown = state.shownKeys
        // Counted in the expiry order, by the urgency thresholds of `Countdown.urgency`.
        let now = Int64(state.now.timeIntervalSince1970.rounded(.down))
        let expired = state.index.expiringBefore(now + 1)
        let withinDay = state.index.expiringBefore(now + 86400)
        let day = withinDay - expired
        let week = state.index.expiringBefore(now + 7 * 86400) - withinDay
        let never = state.index.neverExpiring
        let sep = " \(glyphs.separator) "
        // During the first load the counts are of the pages so far.
        let partial = !state.loaded && state.loading != nil
        var counts = partial ? "\(shown.count) keys so far" : "\(shown.count) keys"
        if !state.filter.isEmpty || state.expiringOnly {
            counts = "\(state.visibleKeys.count) of " + counts
        }
        if state.expiringOnly,
            let toggle = Keymap.binding(doing: .toggleExpiring, in: .list)
        {
            counts += " (\(toggle.label(unicode: context.capabilities.unicode)): <7d)"
        }
        if !state.marked.isEmpty { counts += " (\(state.marked.count) marked)" }
        let due = state.dueRotations.count
        if due > 0, let finish = Keymap.binding(doing: .finishRotations, in: .list) {
            counts +=
                " (\(due) rotation\(due == 1 ? "" : "s") due:"
                + " \(finish.label(unicode: context.capabilities.unicode)))"
        }
        let parts = [counts, "\(expired) expired", "\(day) <24h", "\(week) <7d", "\(never) never"]
        var right: (String, Style)
        if let reason = state.staleReason {
            // Stale: the reason and the time of the last good list, also while retrying.
            let since =
                if let last = state.lastRefresh {
                    "STALE since \(DateText.time(last, context.timeZone))"
                } else if let cachedAt = state.cachedAt {
                    "STALE, cached \(DurationText.ago(state.now.timeIntervalSince(cachedAt)))"
                } else {
                    "STALE, never loaded"
                }
            right = ("\(since): \(TextSanitizer.inert(reason)) ", Style(.warning, bold: true))
        } else if let cachedAt = state.cachedAt {
            // The list of an earlier run: its age stays in view until the refresh ends.
            right = (
                "cached \(DurationText.ago(state.now.timeIntervalSince(cachedAt))) ",
                Style(.warning, bold: true)
            )
        } else if let loading = state.loading {
            right = ("loading\(glyphs.ellipsis) \(loading.received.count) ", Style(.info))
        } else if let refreshed = state.lastRefresh {
            right = ("refreshed \(DateText.time(refreshed, context.timeZone)) ", Style(.muted))
        } else {
            right = ("", Style(.muted))
        }
        // A stale or cached list says so whatever room the counts need.
        let stale = state.staleReason != nil || state.cachedAt != nil
        // Stale, the reason keeps at least 24 columns (its start and the time); the counts
        // take the rest, the first always.
        let reserved = stale ? min(DisplayWidth.of(right.0), 24) + 1 : 0
        column = 1
        for (index, part) in parts.enumerated() {
            let text = (index == 0 ? "" : sep) + part
            let style: Style =
                switch index {
                case 1 where expired > 0, 2 where day > 0: Style(.urgent, bold: true)
                case 3 where week > 0: Style(.warning)
                case 0: Style(partial ? .info : .normal, bold: true)
                default: Style(.muted)
                }
            let limit = index == 0 ? width - 1 : width - reserved - 1
            guard column + DisplayWidth.of(text) <= limit else { break }
            column += screen.put(text, row: 1, column: column, style: style)
        }
        if stale {
            let room = width - column - 1
            let text = DisplayWidth.truncate(right.0, to: room, ellipsis: glyphs.ellipsis)
            screen.put(text, row: 1, column: width - DisplayWidth.of(text), style: right.1)
            return
        }
        let rightTextWidth = DisplayWidth.of(right.0)
        if rightTextWidth > 0 && column + 1 + rightTextWidth <= width {
            screen.put(right.0, row: 1, column: width - rightTextWidth, style: right.1)
        }
    }

    // MARK: List

    private static func list(
        _ screen: inout Screen, _ state: ConsoleState, _ context: ViewContext, _ glyphs: Glyphs
    ) {
        let layout = ListLayout(width: state.width)
        var x = 2
        let zone = DateText.placeName(context.timeZone, at: state.now)
        for column in layout.columns(zone: zone) {
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
        let rows = state.listRows
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
            let id = width > 9 ? TextSanitizer.inert(key.keyId) : short(key.keyId, glyphs)
            screen.put(
                DisplayWidth.pad(id, to: width, ellipsis: glyphs.ellipsis), row: row, column: x,
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
        let message = state.flashLines
        if state.editingFilter {
            let x = screen.put("/", row: flashRow, column: 1, style: Style(.hintKey, bold: true))
            let (text, cursor) = state.filterEditor.window(width: state.width - 4)
            screen.put(text, row: flashRow, column: 1 + x)
            screen.putCursor(
                state.filterEditor, row: flashRow, column: 1 + x + cursor, glyph: glyphs.cursor)
        } else if !message.isEmpty {
            // A long message wraps upwards over the list's last rows (at most 3 lines, which
            // the list gives up) rather than being cut.
            let style =
                switch state.flash?.level {
                case .error?: Style(.error, bold: true)
                case .info?: Style(.info)
                case nil: Style(.warning)
                }
            for (index, line) in message.enumerated() {
                let row = flashRow - (message.count - 1) + index
                screen.clear(row: row, column: 0, width: state.width, height: 1)
                screen.put(
                    " "
                        + DisplayWidth.truncate(
                            line, to: state.width - 2, ellipsis: glyphs.ellipsis),
                    row: row, column: 0, style: style)
            }
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
        // Read-only mode says so where the missing keys would be.
        var hintColumn = 1
        if state.readOnly {
            hintColumn +=
                screen.put("READ-ONLY", row: hintRow, column: 1, style: Style(.warning, bold: true))
                + 2
        }
        HintBar(
            bindings, state: state, unicode: context.capabilities.unicode,
            width: state.width - hintColumn
        ).draw(on: &screen, row: hintRow, column: hintColumn)
    }

    /// Shorter names of where the console points, for narrow screens: the region's name and
    /// code, then its code alone.
    private static func shorterDetails(_ kind: BackendInfo.Kind) -> [String] {
        guard case .production(_, let region?) = kind else { return [] }
        return [region] + (region.split(separator: " ").last.map { [String($0)] } ?? [])
    }

    /// A key id shortened to 8 characters and an ellipsis.
    static func short(_ id: String, _ glyphs: Glyphs) -> String {
        let clean = TextSanitizer.inert(id)
        return clean.count > 8 ? String(clean.prefix(8)) + glyphs.ellipsis : clean
    }
}
