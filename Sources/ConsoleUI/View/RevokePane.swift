import Foundation
import MomentoKeys
import ScreenModel
import TextKit

/// The revoke confirmation: Cancel is the default; the id's last four characters confirm.
enum RevokePane {
    static func draw(
        _ screen: inout Screen, _ dialog: RevokeDialog, _ state: ConsoleState,
        _ context: ViewContext
    ) {
        let glyphs = context.capabilities.glyphs
        let key = dialog.key
        var lines: [(String, String)] = [
            ("Key id", key.keyId)
        ]
        // With several accounts, the account the key is revoked from.
        if let profile = state.profile(of: key) { lines.append(("Account", profile)) }
        lines += [
            ("Role", "\(state.roleName(of: key)) (\(key.roleId))"),
            ("About", key.description.isEmpty ? "(no description)" : key.description),
            ("Expires", key.expiresAt.map { DateText.full($0, context.timeZone) } ?? "never"),
        ]
        if dialog.isOwnKey {
            lines.append(("WARNING", "this is the key this console uses: it will lose access"))
        }
        // One line, so a 12-row screen keeps the confirmation field: the key shown is the
        // rotation's new key, so the note names the old one.
        if let rotation = state.rotation(replacedBy: key.keyId) {
            let room = max(1, Box.centred(width: 72, height: 1, on: screen).innerWidth - 9)
            let old = String(rotation.oldKeyId.prefix(8)) + glyphs.ellipsis
            let long = "replaces \(old): that old key is then kept, not revoked"
            lines.append(
                (
                    "Rotation",
                    DisplayWidth.truncate(
                        DisplayWidth.of(long) <= room ? long : "old \(old) then kept",
                        to: room, ellipsis: glyphs.ellipsis)
                ))
        }
        let box = Box.centred(width: 72, height: lines.count + 7, on: screen)
        box.draw(on: &screen, title: "Revoke key", glyphs: glyphs)
        for (index, (label, value)) in lines.enumerated() {
            let warning = label == "WARNING"
            box.put(
                label, line: index, on: &screen,
                style: warning ? Style(.urgent, bold: true) : Style(.muted))
            box.put(
                TextSanitizer.inert(value), line: index, on: &screen,
                style: warning ? Style(.urgent, bold: true) : .normal, indent: 9)
        }
        var line = lines.count + 1
        box.put(
            // The code comes first, so a narrow screen never cuts it off.
            "Type \(dialog.confirmation) to confirm; it stops working at once.", line: line,
            on: &screen, style: Style(.warning, bold: true))
        line += 1
        box.field(dialog.typed, slots: 4, line: line, on: &screen)
        if let error = dialog.error {
            box.putWrapped(
                TextSanitizer.inert(error), line: line, on: &screen,
                style: Style(.error, bold: true), indent: 10, maxLines: 2,
                ellipsis: context.capabilities.glyphs.ellipsis)
        }
        box.hints(dialog.keyContext, state: state, capabilities: context.capabilities, on: &screen)
    }
}
