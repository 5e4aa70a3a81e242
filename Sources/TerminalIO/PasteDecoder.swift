import ConsoleUI

/// Turns a bracketed paste (`ESC [200~` text `ESC [201~`, as keys from curses) into one
/// ``Key/paste(_:)``, so pasted line breaks do not act as Enter. A paste may span reads.
struct PasteDecoder {
    private static let start: [Key] = [.escape] + "[200~".map { .character($0) }
    private static let end: [Key] = [.escape] + "[201~".map { .character($0) }

    /// The pasted text so far, while inside a paste.
    private var pasted: [Key]?

    /// The keys of one read, with pastes folded into single keys.
    mutating func feed(_ keys: [Key]) -> [Key] {
        var out: [Key] = []
        var index = 0
        while index < keys.count {
            if var buffer = pasted {
                if keys[index...].starts(with: Self.end) {
                    out.append(.paste(Self.text(buffer)))
                    pasted = nil
                    index += Self.end.count
                } else {
                    buffer.append(keys[index])
                    pasted = buffer
                    index += 1
                }
            } else if keys[index...].starts(with: Self.start) {
                pasted = []
                index += Self.start.count
            } else {
                out.append(keys[index])
                index += 1
            }
        }
        return out
    }

    private static func text(_ keys: [Key]) -> String {
        var text = ""
        for key in keys {
            switch key {
            case .character(let character): text.append(character)
            case .enter: text.append("\n")
            case .tab: text.append("\t")
            default: break
            }
        }
        return text
    }
}
