import Foundation
import MomentoKeys
import ScreenModel
import TextKit

/// The create dialog: the form with the resulting expiry shown live, then the review.
enum CreatePane {
    static func draw(
        _ screen: inout Screen, _ dialog: CreateDialog, _ state: ConsoleState,
        _ context: ViewContext
    ) {
        let glyphs = context.capabilities.glyphs
        var title =
            dialog.rotating.map { "Rotate \(ConsoleView.short($0.keyId, glyphs))" }
            ?? (dialog.step == .paste || dialog.migrating != nil ? "Migrate a v1 key" : "New key")
        // With several accounts, every step names the account it works on.
        if let account = dialog.account { title += " in \(TextSanitizer.inert(account.profile))" }
        // A migration's form also says what the v1 key is: a taller box where there is room.
        let box = Box.centred(width: 72, height: dialog.migrating == nil ? 12 : 15, on: screen)
        box.draw(on: &screen, title: title, glyphs: glyphs)
        let label = box.innerWidth >= 50 ? 15 : 10
        switch dialog.step {
        case .paste: paste(&screen, dialog, state, context, box)
        case .form: form(&screen, dialog, state, context, box, label)
        case .override: override(&screen, dialog, state, context, box)
        case .review, .creating: review(&screen, dialog, state, context, box, label)
        }
    }

    /// A migration's first step: the v1 key as it is pasted, masked whole.
    private static func paste(
        _ screen: inout Screen, _ dialog: CreateDialog, _ state: ConsoleState,
        _ context: ViewContext, _ box: Box
    ) {
        let glyphs = context.capabilities.glyphs
        let wide = box.innerWidth >= 50
        box.put(
            wide
                ? "Paste the v1 key (or a disposable or legacy token):" : "Paste the v1 key:",
            line: 0, on: &screen, style: Style(.info))
        let count = dialog.pasted.characters.count
        let room = max(1, box.innerWidth - 3)
        let mask = String(repeating: glyphs.hidden, count: min(count, room))
        box.put("> " + mask, line: 1, on: &screen, style: Style(.accent, bold: true))
        // The cursor after the mask (or where a terminal without one draws it).
        screen.putCursor(
            LineEditor(limit: 1), row: box.row + 2,
            column: box.column + 2 + min(2 + count, box.innerWidth - 1), glyph: glyphs.cursor)
        let note =
            wide
            ? (count == 0
                ? "Nothing pasted yet. It stays masked, and only its endpoint is used."
                : "\(count) characters, masked. Enter reads it; only its endpoint is used.")
            : (count == 0 ? "Nothing yet; it stays masked." : "\(count) characters, masked.")
        box.putWrapped(
            note,
            line: 2, on: &screen, style: Style(.muted), maxLines: 2, ellipsis: glyphs.ellipsis)
        if let error = dialog.error {
            box.putWrapped(
                TextSanitizer.inert(error), line: 5, on: &screen,
                style: Style(.error, bold: true), maxLines: 3, ellipsis: glyphs.ellipsis)
        }
        box.hints(dialog.keyContext, state: state, capabilities: context.capabilities, on: &screen)
    }

    /// What a migration's v1 key is, at the bottom of the form from `below` on: its region
    /// and endpoint (wrapped at its dots) are kept longest, its kind and expiry go first.
    private static func source(
        _ screen: inout Screen, _ old: V1Credential, _ state: ConsoleState,
        _ context: ViewContext, _ box: Box, _ label: Int, below: Int
    ) {
        let room = max(8, box.innerWidth - label)
        let expires =
            old.expiresAt.map {
                "expires " + DateText.day($0, context.timeZone)
                    + (old.hasExpired(at: state.now) ? " (expired)" : "")
            } ?? "never expires"
        let endpoint = DisplayWidth.wrapHost(old.endpoint, width: room)
        var rows: [(String, String)] = [("From", "\(old.kind.rawValue), \(expires)")]
        rows.append(("Region", location(old, state)))
        rows += endpoint.enumerated().map { ($0.offset == 0 ? "Endpoint" : "", $0.element) }
        let free = max(0, box.innerHeight - 1 - below)
        for (offset, row) in rows.suffix(free).enumerated() {
            let line = box.innerHeight - 1 - min(free, rows.count) + offset
            box.put(row.0, line: line, on: &screen, style: Style(.muted))
            box.put(
                DisplayWidth.truncate(
                    TextSanitizer.inert(row.1), to: room,
                    ellipsis: context.capabilities.glyphs.ellipsis),
                line: line, on: &screen, style: Style(.info), indent: label)
        }
    }

    /// Where a migration's v1 key works: its region, a private cell, or a custom endpoint.
    static func location(_ old: V1Credential, _ state: ConsoleState) -> String {
        switch old.location(in: RegionTable(regions: state.regions)) {
        case .region(let region):
            region.isBundled ? "\(region.name) \(region.code)" : "\(region.name) (private cell)"
        case .preprod: "a pre-production cell"
        case .custom: "a custom endpoint"
        }
    }

    private static func form(
        _ screen: inout Screen, _ dialog: CreateDialog, _ state: ConsoleState,
        _ context: ViewContext, _ box: Box, _ label: Int
    ) {
        let glyphs = context.capabilities.glyphs
        let (left, right) = (glyphs.choiceLeft + " ", " " + glyphs.choiceRight)
        func row(_ field: CreateDialog.Field, _ name: String, line: Int) {
            let focused = dialog.field == field
            box.put(
                (focused ? glyphs.selection : " ") + " " + name, line: line, on: &screen,
                style: focused ? Style(.hintKey, bold: true) : Style(.muted))
        }
        row(.role, "Role", line: 0)
        let role = dialog.role
        let roleText = role.name == role.roleId ? role.name : "\(role.name) (\(role.roleId))"
        box.put(
            left + TextSanitizer.inert(roleText) + right, line: 0, on: &screen,
            style: dialog.field == .role ? Style(.normal, bold: true) : .normal, indent: label)
        row(.description, label > 10 ? "Description" : "About", line: 1)
        let room = box.innerWidth - label - 2
        let (text, column) = dialog.description.window(width: room)
        box.put(
            DisplayWidth.pad(text, to: room), line: 1, on: &screen,
            style: Style(.normal, underline: true), indent: label)
        if dialog.field == .description {
            box.cursor(
                dialog.description, line: 1, indent: label + column, on: &screen,
                glyph: glyphs.cursor)
        }
        box.put(
            "\(dialog.description.characters.count)/\(dialog.description.limit)", line: 2,
            on: &screen, style: Style(.muted), indent: label)
        row(.expiry, "Expires", line: 3)
        box.put(
            left + choiceLabel(dialog.expiryChoice)
                + (dialog.policyProblem(dialog.expiryChoice, now: state.now) == nil
                    ? "" : " (not allowed)") + right, line: 3, on: &screen,
            style: dialog.field == .expiry ? Style(.normal, bold: true) : .normal, indent: label)
        var line = 4
        if dialog.expiryChoice == .custom {
            let (typed, at) = dialog.customExpiry.window(width: room)
            box.put(
                DisplayWidth.pad(typed, to: room), line: line, on: &screen,
                style: Style(.normal, underline: true), indent: label)
            if dialog.field == .expiry {
                box.cursor(
                    dialog.customExpiry, line: line, indent: label + at, on: &screen,
                    glyph: glyphs.cursor)
            }
            line += 1
        }
        expiryLine(&screen, dialog, state, context, box, label, line: line)
        // An expiry problem already shows on the expiry line.
        let error = dialog.error.flatMap { $0 == dialog.expiryProblem(now: state.now) ? nil : $0 }
        if let old = dialog.migrating {
            source(
                &screen, old, state, context, box, label, below: line + (error == nil ? 1 : 3))
        }
        if let error {
            box.putWrapped(
                TextSanitizer.inert(error), line: line + 1, on: &screen,
                style: Style(.error, bold: true), maxLines: 2, ellipsis: glyphs.ellipsis)
        }
        box.hints(dialog.keyContext, state: state, capabilities: context.capabilities, on: &screen)
    }

    /// The date the expiry choice gives, or why it gives none, or the warning for never.
    private static func expiryLine(
        _ screen: inout Screen, _ dialog: CreateDialog, _ state: ConsoleState,
        _ context: ViewContext, _ box: Box, _ label: Int, line: Int
    ) {
        let arrow = context.capabilities.glyphs.arrow + " "
        switch dialog.expiry(now: state.now) {
        case .success(.never):
            // Allowed with never_expires = "warn": the key will be a finding, and says so.
            let warned = dialog.rules.neverExpires == .warn
            box.put(
                warned ? "never: a policy finding" : "never: not recommended", line: line,
                on: &screen, style: Style(.warning, bold: true), indent: label)
        case .success(let expiry):
            // Narrow, the day and the distance (the review has the rest).
            var text = arrow + describe(expiry, dialog, state, context)
            if DisplayWidth.of(text) > box.innerWidth - label, let date = expiry.date {
                text =
                    arrow + DateText.day(date, context.timeZone)
                    + " (\(distance(date, dialog, state)))"
            }
            box.put(text, line: line, on: &screen, style: Style(.info), indent: label)
        case .failure(.empty):
            box.put(
                "45d, 12h, 2027-03-01 or 2027-03-01T12:00Z", line: line, on: &screen,
                style: Style(.muted), indent: label)
        case .failure:
            // An error wraps over the free lines below rather than being cut.
            box.putWrapped(
                dialog.expiryProblem(now: state.now) ?? "", line: line, on: &screen,
                // A line more where no migration's source is drawn below: at 40 columns a
                // policy's limit then keeps the table that set it.
                style: Style(.error), indent: label, maxLines: dialog.migrating == nil ? 4 : 3,
                ellipsis: context.capabilities.glyphs.ellipsis)
        }
    }

    /// An Owner going past the key policy: what it allows, and the reason, typed.
    private static func override(
        _ screen: inout Screen, _ dialog: CreateDialog, _ state: ConsoleState,
        _ context: ViewContext, _ box: Box
    ) {
        let glyphs = context.capabilities.glyphs
        var override = dialog
        override.policyOverride = nil
        var line = box.putWrapped(
            override.expiryProblem(now: state.now) ?? "", line: 0, on: &screen,
            style: Style(.warning, bold: true), maxLines: 3, ellipsis: glyphs.ellipsis)
        line += box.putWrapped(
            "Your key is an Owner's: you may go past it. Why? The audit journal keeps the"
                + " reason.", line: line, on: &screen, maxLines: 3, ellipsis: glyphs.ellipsis)
        let room = max(1, box.innerWidth - 2)
        let (text, column) = dialog.overrideReason.window(width: room)
        box.put(
            DisplayWidth.pad(text, to: room), line: line, on: &screen,
            style: Style(.normal, underline: true), indent: 2)
        box.cursor(
            dialog.overrideReason, line: line, indent: 2 + column, on: &screen,
            glyph: glyphs.cursor)
        if let error = dialog.error {
            box.putWrapped(
                TextSanitizer.inert(error), line: line + 1, on: &screen,
                style: Style(.error, bold: true), maxLines: 2, ellipsis: glyphs.ellipsis)
        }
        box.hints(
            dialog.keyContext, state: state, capabilities: context.capabilities, on: &screen)
    }

    private static func review(
        _ screen: inout Screen, _ dialog: CreateDialog, _ state: ConsoleState,
        _ context: ViewContext, _ box: Box, _ label: Int
    ) {
        let glyphs = context.capabilities.glyphs
        var lines: [(String, String, Style)] = []
        if let account = dialog.account {
            lines.append(("Account", account.profile, Style(.normal, bold: true)))
        }
        if let old = dialog.rotating {
            lines.append(("Replaces", old.keyId, .normal))
        }
        if let old = dialog.migrating {
            lines.append(
                (
                    "Replaces",
                    "\(old.label) (it keeps working)",
                    .normal
                ))
        }
        let role = dialog.role
        lines.append(("Role", "\(role.name) (\(role.roleId))", .normal))
        let description = dialog.description.text
        lines.append(
            (
                label > 10 ? "Description" : "About",
                description.isEmpty ? "(none)" : description, .normal
            ))
        switch dialog.expiry(now: state.now) {
        case .success(.never):
            lines.append(("Expires", "never (not recommended)", Style(.warning, bold: true)))
        case .success(let expiry):
            lines.append(("Expires", describe(expiry, dialog, state, context), .normal))
        case .failure:
            lines.append(
                ("Expires", dialog.expiryProblem(now: state.now) ?? "", Style(.error)))
        }
        if let reason = dialog.policyOverride {
            lines.append(("Policy", "overridden: \(reason)", Style(.warning, bold: true)))
        }
        if let old = dialog.migrating {
            lines.append(("Endpoint", "\(old.endpoint), \(location(old, state))", .normal))
        } else if let account = dialog.account?.number, state.accounts.indices.contains(account) {
            lines.append(
                state.accounts[account].endpoint.map { ("Endpoint", $0, .normal) }
                    ?? ("Endpoint", "none in the profile", Style(.warning)))
        } else {
            lines.append(
                state.endpoint.map { ("Endpoint", $0, .normal) }
                    ?? ("Endpoint", "none chosen (p in the list picks one)", Style(.warning)))
        }
        // Values wrap (two lines at most) instead of being cut at the box's edge.
        var line = 0
        for (name, value, style) in lines where line < box.innerHeight - 1 {
            box.put(name, line: line, on: &screen, style: Style(.muted))
            line += box.putWrapped(
                TextSanitizer.inert(value), line: line, on: &screen, style: style, indent: label,
                maxLines: 2, ellipsis: glyphs.ellipsis)
        }
        line += 1
        if let error = dialog.error {
            line += box.putWrapped(
                TextSanitizer.inert(error), line: line, on: &screen,
                style: Style(.error, bold: true), ellipsis: glyphs.ellipsis)
        } else if dialog.rotating != nil, dialog.step == .review {
            box.putWrapped(
                "After the new key is stored: revoke the old one or keep both.", line: line,
                on: &screen, style: Style(.muted), maxLines: 2, ellipsis: glyphs.ellipsis)
        }
        if dialog.step == .creating {
            box.put(
                "Creating\(glyphs.ellipsis)", line: box.innerHeight - 1, on: &screen,
                style: Style(.info))
        } else {
            box.hints(
                dialog.keyContext, state: state, capabilities: context.capabilities, on: &screen)
        }
    }

    private static func choiceLabel(_ choice: CreateDialog.ExpiryChoice) -> String {
        switch choice {
        case .duration(_, let label): label
        case .custom: "custom"
        case .never: "never"
        }
    }

    /// The date, and how far off it is: the preset's length, or the time left for a custom one.
    private static func describe(
        _ expiry: Expiry, _ dialog: CreateDialog, _ state: ConsoleState, _ context: ViewContext
    ) -> String {
        guard let date = expiry.date else { return "never" }
        let distance = distance(date, dialog, state)
        // Narrow screens get the minute and the distance; wide ones the second and the zone.
        let when =
            state.width >= 60
            ? DateText.full(date, context.timeZone) : DateText.minute(date, context.timeZone)
        return when + " (in \(distance))"
    }

    /// How far off the date is: the length chosen or typed, or the time left to a date typed.
    private static func distance(_ date: Date, _ dialog: CreateDialog, _ state: ConsoleState)
        -> String
    {
        if case .duration(let seconds, _) = dialog.expiryChoice {
            return DurationText.describe(seconds: seconds)
        }
        // A custom length says itself (45d is "45 days", not the 44d 23h left a moment later).
        let custom = dialog.customExpiry.text.trimmingCharacters(in: .whitespaces)
        if case .custom = dialog.expiryChoice, let seconds = DurationText.seconds(custom) {
            return DurationText.describe(seconds: seconds)
        }
        return Countdown.text(
            secondsLeft: Int64(date.timeIntervalSince1970 - state.now.timeIntervalSince1970))
    }
}
