import Foundation
import MomentoKeys
import ScreenModel
import TextKit

/// The audit journal, newest first: every change made through keyconsole.
enum JournalPane {
    static func draw(_ screen: inout Screen, _ state: ConsoleState, _ context: ViewContext) {
        let glyphs = context.capabilities.glyphs
        let box = Box.centred(width: 100, height: screen.height - 2, on: screen)
        box.draw(on: &screen, title: "Audit journal", glyphs: glyphs)
        // The kept rotations first, soonest due first: what is pending, then what was done.
        let pending = state.keptRotations.sorted { $0.deadline < $1.deadline }.map {
            "Kept rotation "
                + $0.summary(now: state.now, idLength: 8, arrow: glyphs.arrow, finish: "F")
        }
        let lines =
            pending
            + state.journal.reversed().map {
                line(for: $0, context, naming: state.isSeveral)
            }
        let room = max(1, box.innerHeight - 1)
        if lines.isEmpty {
            box.put(
                "Nothing recorded yet: creates, revokes, rotations, stores and region changes"
                    + " are.", line: 0, on: &screen, style: Style(.muted))
        }
        let first = min(state.journalScroll, max(0, lines.count - room))
        for (index, text) in lines.dropFirst(first).prefix(room).enumerated() {
            box.put(
                DisplayWidth.truncate(text, to: box.innerWidth, ellipsis: glyphs.ellipsis),
                line: index, on: &screen)
        }
        box.hints(
            .journal, below: lines.count - first - room, state: state,
            capabilities: context.capabilities, on: &screen)
    }

    /// `2026-12-01 22:30 root create done 4d67ea65 Operator "ci"`, inert; `naming` the
    /// accounts (several are shown), the profile after the key (`[prod]`), as `keyconsole
    /// audit` names it.
    static func line(for entry: JournalLine, _ context: ViewContext, naming: Bool) -> String {
        let time = DateText.full(entry.time, context.timeZone).prefix(16)
        let key = entry.keyId.map { String($0.prefix(8)) } ?? "-"
        let account = naming ? entry.profile.map { "[\($0)] " } ?? "" : ""
        return TextSanitizer.inert(
            "\(time) \(entry.user) \(entry.action) \(entry.outcome) \(key) \(account)\(entry.detail)"
        )
    }
}
