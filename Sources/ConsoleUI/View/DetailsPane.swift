import Foundation
import MomentoKeys

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
            ("Account", key.accountId),
            ("Role", "\(state.roleName(key.roleId)) (\(key.roleId))"),
        ]
        fields += times("Issued", key.issuedAt)
        if let expires = key.expiresAt {
            fields += times("Expires", expires)
        } else {
            fields.append(("Expires", "never"))
        }
        fields.append(("Time left", Countdown.exact(secondsLeft: left)))
        if key.keyId == state.backend.ownKeyId { fields.append(("", "this console's own key")) }
        if let newId = state.rotated[key.keyId] {
            fields.append(("Rotated", "kept for an overlap; replaced by \(newId)"))
        }
        let labelWidth = 13
        let box = Box.centred(width: 76, height: fields.count + 8, on: screen)
        box.draw(on: &screen, title: "Key details", glyphs: glyphs)
        var line = 0
        // Long values (a replacing key's id, an account id) wrap rather than being cut.
        for (label, value) in fields {
            let chunks = wrap(
                TextSanitizer.inert(value), width: max(1, box.innerWidth - labelWidth), words: true)
            for (index, chunk) in chunks.enumerated() where line < box.innerHeight - 1 {
                if index == 0 { box.put(label, line: line, on: &screen, style: Style(.muted)) }
                box.put(chunk, line: line, on: &screen, indent: labelWidth)
                line += 1
            }
        }
        if line < box.innerHeight - 1 {
            box.put("Description", line: line, on: &screen, style: Style(.muted))
        }
        let description = key.description.isEmpty ? "(none)" : TextSanitizer.inert(key.description)
        for chunk in wrap(description, width: max(1, box.innerWidth - labelWidth)) {
            guard line < box.innerHeight - 1 else { break }
            box.put(chunk, line: line, on: &screen, indent: labelWidth)
            line += 1
        }
        box.hints(.details, state: state, capabilities: context.capabilities, on: &screen)
    }

    /// Splits text into lines of at most `width` columns; with `words`, at spaces when it can.
    static func wrap(_ text: String, width: Int, words: Bool = false) -> [String] {
        if words {
            var lines: [String] = []
            var current = ""
            for word in text.split(separator: " ") {
                let candidate = current.isEmpty ? String(word) : current + " " + word
                if DisplayWidth.of(candidate) <= width || current.isEmpty {
                    current = candidate
                } else {
                    lines.append(current)
                    current = String(word)
                }
            }
            // A word longer than a line is cut where the line ends.
            return (lines + (current.isEmpty ? [] : [current])).flatMap {
                DisplayWidth.of($0) > width ? wrap($0, width: width) : [$0]
            }
        }
        var lines: [String] = []
        var current = ""
        for character in text {
            if DisplayWidth.of(current) + DisplayWidth.of(character) > width {
                lines.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }
}
