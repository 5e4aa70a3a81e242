import MomentoKeys
import ScreenModel
import TextKit

/// After a rotation: revoke the old key now, or keep both for an overlap.
enum RotateFinishPane {
    static func draw(
        _ screen: inout Screen, _ finish: RotateFinish, _ state: ConsoleState,
        _ context: ViewContext
    ) {
        let glyphs = context.capabilities.glyphs
        let box = Box.centred(width: 72, height: finish.isOwnKey ? 12 : 11, on: screen)
        box.draw(
            on: &screen, title: "Rotated \(ConsoleView.short(finish.oldKey.keyId, glyphs))",
            glyphs: glyphs)
        // Narrow, each id goes under its label, whole.
        let narrow = box.innerWidth < 9 + max(finish.newKeyId.count, finish.oldKey.keyId.count)
        var lines: [(String, Style)] =
            narrow
            ? [
                ("New key:", Style(.muted)), (finish.newKeyId, .normal),
                ("Old key:", Style(.muted)), (finish.oldKey.keyId, .normal),
            ]
            : [
                ("New key  \(finish.newKeyId)", .normal),
                ("Old key  \(finish.oldKey.keyId)", .normal),
                ("", .normal),
            ]
        for chunk in DisplayWidth.wrap(
            "Revoke the old key now, or keep both while clients move over?",
            width: box.innerWidth, words: true)
        {
            lines.append((chunk, Style(.info)))
        }
        let overlap = DurationText.describe(seconds: finish.overlapSeconds)
        lines.append(
            (
                narrow
                    ? "Keep for \(glyphs.choiceLeft) \(overlap) \(glyphs.choiceRight)"
                    : "Keeping both: the old key is due after"
                        + " \(glyphs.choiceLeft) \(overlap) \(glyphs.choiceRight)", .normal
            ))
        // An overlap that outlasts the old key's own expiry says so before it is chosen.
        if let expires = finish.oldKey.expiresAt,
            expires.timeIntervalSince(state.now) < Double(finish.overlapSeconds)
        {
            let left = Int64(expires.timeIntervalSince(state.now).rounded(.down))
            lines.append(
                (
                    left <= 0
                        ? "The old key has expired already: keeping it keeps nothing."
                        : "The old key expires sooner, at"
                            + " \(DateText.time(expires, context.timeZone))"
                            + " (in \(Countdown.text(secondsLeft: left)))",
                    Style(.warning, bold: true)
                ))
        }
        for (index, (text, style)) in lines.enumerated() {
            box.put(TextSanitizer.inert(text), line: index, on: &screen, style: style)
        }
        if finish.isOwnKey {
            box.put(
                "WARNING: the old key is this console's: revoking it ends its access.",
                line: lines.count, on: &screen, style: Style(.urgent, bold: true))
        }
        box.hints(finish.keyContext, state: state, capabilities: context.capabilities, on: &screen)
    }
}
