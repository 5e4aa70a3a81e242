import MomentoKeys
import ScreenModel
import TextKit

/// Revoking the marked keys: the count to confirm, then progress, then what failed.
enum BulkRevokePane {
    static func draw(
        _ screen: inout Screen, _ dialog: BulkRevokeDialog, _ state: ConsoleState,
        _ context: ViewContext
    ) {
        let glyphs = context.capabilities.glyphs
        let total = dialog.keyIds.count
        let rows =
            dialog.phase == .confirming
            ? dialog.keys.count + (dialog.includesOwnKey ? 1 : 0)
            : min(dialog.failures.count, 8)
        let box = Box.centred(width: 78, height: 6 + rows, on: screen)
        box.draw(
            on: &screen, title: "Revoke \(total) marked key\(total == 1 ? "" : "s")", glyphs: glyphs
        )
        var line = 0
        if dialog.includesOwnKey {
            box.put(
                "WARNING: this console's own key is marked: it will lose access.", line: line,
                on: &screen, style: Style(.urgent, bold: true))
            line += 1
        }
        switch dialog.phase {
        case .confirming:
            let hidden =
                dialog.hiddenCount == 0
                ? "" : " \(dialog.hiddenCount) of them hidden by the filter."
            line += box.putWrapped(
                "They stop working at once.\(hidden)\(byAccount(dialog))", line: line,
                on: &screen, maxLines: 2, ellipsis: glyphs.ellipsis)
            if let note = state.rotationNote(revoking: dialog.keyIds) {
                line += box.putWrapped(
                    note + ".", line: line, on: &screen, style: Style(.warning, bold: true),
                    maxLines: 2, ellipsis: glyphs.ellipsis)
            }
            // Every key, a line each; what does not fit scrolls (the count field stays).
            // Below the keys: the count, an error, the hints (and a scroll line when needed).
            let below = dialog.error == nil ? 2 : 3
            let fits = total <= box.innerHeight - line - below
            let room = max(1, box.innerHeight - line - below - (fits ? 0 : 1))
            let first = min(dialog.scroll, max(0, total - room))
            for (offset, key) in dialog.keys.dropFirst(first).prefix(room).enumerated() {
                keyLine(&screen, key, state, glyphs, box, line: line + offset)
            }
            if total > room {
                // The hint line names the keys that scroll it.
                let more = "\(first + 1)-\(min(total, first + room)) of \(total)"
                box.put(more, line: line + room, on: &screen, style: Style(.muted))
            }
            line += room + (total > room ? 1 : 0)
            let slots = String(dialog.expectedCount).count + 1
            let prompt = prompt(dialog, room: box.innerWidth - slots - 8)
            box.put(prompt, line: line, on: &screen, style: Style(.warning, bold: true))
            box.field(
                dialog.typed, slots: slots, line: line,
                on: &screen, indent: DisplayWidth.of(prompt + " "))
            if let error = dialog.error {
                box.put(
                    TextSanitizer.inert(error), line: line + 1, on: &screen,
                    style: Style(.error, bold: true))
            }
            box.hints(
                dialog.keyContext, state: state, capabilities: context.capabilities, on: &screen)
        case .running:
            box.put(
                "Revoking\(glyphs.ellipsis) \(dialog.done) of \(total)", line: line, on: &screen,
                style: Style(.info, bold: true))
        case .finished:
            let revoked = total - dialog.failures.count
            box.put(
                "Revoked \(revoked) of \(total).", line: line, on: &screen,
                style: Style(dialog.failures.isEmpty ? .info : .warning, bold: true))
            for (offset, failure) in dialog.failures.prefix(box.innerHeight - line - 3).enumerated()
            {
                box.put(
                    "\(failure.keyId): \(TextSanitizer.inert(failure.reason))",
                    line: line + 1 + offset, on: &screen,
                    style: Style(.error))
            }
            box.hints(
                dialog.keyContext, state: state, capabilities: context.capabilities, on: &screen)
        }
    }

    /// With several accounts, how many of the keys each account has (` By account: prod 3,
    /// staging 2.`); each goes to its own account's server.
    private static func byAccount(_ dialog: BulkRevokeDialog) -> String {
        guard !dialog.byAccount.isEmpty else { return "" }
        let parts = dialog.byAccount.map { "\(TextSanitizer.inert($0.profile)) \($0.count)" }
        return " By account: " + parts.joined(separator: ", ") + "."
    }

    /// What to type: the count of all the keys, or with several accounts the count of the
    /// account in turn (`Type 2 for prod (1 of 2):`, without the step where it would leave
    /// the field less than `room` columns).
    private static func prompt(_ dialog: BulkRevokeDialog, room: Int) -> String {
        guard let profile = dialog.currentAccount else {
            return "Type \(dialog.expectedCount) to confirm:"
        }
        let short = "Type \(dialog.expectedCount) for \(TextSanitizer.inert(profile))"
        let long = short + " (\(dialog.step + 1) of \(dialog.byAccount.count)):"
        if DisplayWidth.of(long) <= room { return long }
        // A long profile name gives way, never the count or the field.
        return DisplayWidth.truncate(short, to: max(8, room - 1), ellipsis: "~") + ":"
    }

    /// One marked key: its id, role badge and description.
    private static func keyLine(
        _ screen: inout Screen, _ key: ApiKeyInfo, _ state: ConsoleState, _ glyphs: Glyphs,
        _ box: Box, line: Int
    ) {
        let idWidth = box.innerWidth >= 70 ? 32 : box.innerWidth >= 50 ? 20 : 9
        let id = DisplayWidth.pad(
            TextSanitizer.inert(key.keyId), to: idWidth, ellipsis: glyphs.ellipsis)
        box.put(id, line: line, on: &screen, style: Style(.muted))
        let role = DisplayWidth.pad(
            RoleBadge.text(key, state: state), to: 9, ellipsis: glyphs.ellipsis)
        box.put(
            role, line: line, on: &screen, style: RoleBadge.style(key.roleId), indent: idWidth + 1)
        // With several accounts, each key's account before its description.
        let description =
            (state.profile(of: key).map { "\(TextSanitizer.inert($0)): " } ?? "")
            + (key.description.isEmpty ? "-" : TextSanitizer.inert(key.description))
        box.put(
            DisplayWidth.truncate(
                description, to: max(0, box.innerWidth - idWidth - 11), ellipsis: glyphs.ellipsis),
            line: line, on: &screen, indent: idWidth + 11)
    }
}
