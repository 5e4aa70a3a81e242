import Foundation
import MomentoKeys
import ScreenModel
import TextKit

/// Every field of the selected key, in full.
enum DetailsPane {
    static func draw(_ screen: inout Screen, _ state: ConsoleState, _ context: ViewContext) {
        guard let key = state.selectedKey else { return }
        let glyphs = context.capabilities.glyphs
        let utc = TimeZone(identifier: "UTC")!
        let left = Countdown.secondsLeft(key, now: state.now)
        // UTC, then local time unless the local zone is UTC (the same time twice says nothing).
        func times(_ label: String, _ date: Date) -> [(String, String)] {
            let local = DateText.full(date, context.timeZone)
            let inUTC = DateText.full(date, utc)
            return local == inUTC ? [(label, inUTC)] : [(label, inUTC), ("", local + " local")]
        }
        var fields: [(String, String)] = [
            ("Key id", key.keyId),
            ("Account", state.profile(of: key).map { "\($0) (\(key.accountId))" } ?? key.accountId),
            ("Role", "\(state.roleName(of: key)) (\(key.roleId))"),
        ]
        // What a custom role grants, rule by rule, as GET /roles gives it.
        for (index, line) in (state.permissions(of: key)?.lines ?? []).enumerated() {
            fields.append((index == 0 ? "Grants" : "", line))
        }
        fields += times("Issued", key.issuedAt)
        if let expires = key.expiresAt {
            fields += times("Expires", expires)
        } else {
            fields.append(("Expires", "never"))
        }
        fields.append(("Time left", Countdown.exact(secondsLeft: left)))
        if state.isOwnKey(key.keyId) { fields.append(("", "this console's own key")) }
        if let newId = state.rotated[key.keyId] {
            fields.append(("Rotated", "kept for an overlap; replaced by \(newId)"))
            // When the overlap ends: the old key is then due for F (finish).
            if let kept = state.keptRotations.first(where: { $0.oldKeyId == key.keyId }) {
                let ends = DateText.full(kept.deadline, context.timeZone)
                let left = Int64(kept.deadline.timeIntervalSince(state.now).rounded(.down))
                fields.append(
                    left > 0
                        ? ("", "overlap ends \(ends) (in \(Countdown.text(secondsLeft: left)))")
                        : ("", "overlap ended \(ends): F revokes it"))
            }
        }
        // Each rule of the policy the key breaks, with its weight and what was found.
        if let found = state.findings[key.keyId] {
            for (index, finding) in found.enumerated() {
                fields.append(
                    (
                        index == 0 ? "Policy" : "",
                        "\(glyphs.finding) \(finding.rule.rawValue) (\(finding.severity.rawValue)):"
                            + " \(finding.detail)"
                    ))
            }
        } else if state.hasPolicy {
            fields.append(("Policy", "no findings"))
        }
        fields.append(
            ("Description", key.description.isEmpty ? "(none)" : key.description))
        // What keyconsole did with it, from the audit journal: the newest four.
        let history = state.journal.filter { $0.concerns(key.keyId) }.suffix(4)
        for (index, entry) in history.enumerated() {
            fields.append(
                (
                    index == 0 ? "History" : "",
                    "\(DateText.full(entry.time, context.timeZone).prefix(16)) \(entry.action)"
                        + " \(entry.outcome) (\(entry.user))"
                ))
        }
        let labelWidth = 13
        let box = Box.centred(width: 76, height: fields.count + 8, on: screen)
            .clear(
                ofRow: ListLayout.firstRow(state) + state.selectedIndex - state.scrollOffset,
                within: 2..<(screen.height - 2)
            )
        box.draw(on: &screen, title: "Key details", glyphs: glyphs)
        // Long values (a replacing key's id, a description) wrap rather than being cut; what
        // does not fit scrolls (↑↓).
        var lines: [(label: String, text: String)] = []
        for (label, value) in fields {
            // A leading indent (a role's selectors under their rule) stays on every line.
            let clean = TextSanitizer.inert(value)
            let indent = String(clean.prefix { $0 == " " }.prefix(8))
            let chunks = DisplayWidth.wrap(
                String(clean.dropFirst(indent.count)),
                width: max(1, box.innerWidth - labelWidth - indent.count), words: true)
            for (index, chunk) in chunks.enumerated() {
                lines.append((index == 0 ? label : "", indent + chunk))
            }
        }
        let room = max(1, box.innerHeight - 1)
        let first = min(state.detailsScroll, max(0, lines.count - room))
        for (line, entry) in lines.dropFirst(first).prefix(room).enumerated() {
            box.put(entry.label, line: line, on: &screen, style: Style(.muted))
            box.put(entry.text, line: line, on: &screen, indent: labelWidth)
        }
        box.hints(
            .details, below: lines.count - first - room, state: state,
            capabilities: context.capabilities, on: &screen)
    }
}
