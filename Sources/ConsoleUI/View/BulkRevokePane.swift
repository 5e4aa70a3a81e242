/// Revoking the marked keys: the count to confirm, then progress, then what failed.
enum BulkRevokePane {
    static func draw(
        _ screen: inout Screen, _ dialog: BulkRevokeDialog, _ state: ConsoleState,
        _ context: ViewContext
    ) {
        let glyphs = context.capabilities.glyphs
        let total = dialog.keyIds.count
        let box = Box.centred(width: 72, height: 9 + min(dialog.failures.count, 8), on: screen)
        box.draw(on: &screen, title: "Revoke \(total) marked keys", glyphs: glyphs)
        var line = 0
        if dialog.includesOwnKey {
            box.put(
                "WARNING: this console's own key is marked: it will lose access.", line: line,
                on: &screen, style: Style(.urgent, bold: true))
            line += 1
        }
        switch dialog.phase {
        case .confirming:
            box.put("They stop working at once.", line: line, on: &screen)
            box.put(
                "Type \(total) to confirm:", line: line + 1, on: &screen,
                style: Style(.warning, bold: true))
            box.field(
                dialog.typed, slots: String(total).count + 1, line: line + 2, on: &screen)
            if let error = dialog.error {
                box.put(error, line: line + 3, on: &screen, style: Style(.error, bold: true))
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
}
