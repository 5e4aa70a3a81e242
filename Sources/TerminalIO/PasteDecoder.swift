import ScreenModel

/// Turns a bracketed paste (`ESC [200~` text `ESC [201~`, as keys from curses) into one
/// ``Key/paste(_:)``, so pasted line breaks do not act as Enter. A paste may span reads, and so
/// may its markers: keys at the end of a read that may begin a marker are held for the next
/// read, and released as keys when a read brings none. Outside a paste a lone Escape is a key
/// of its own and never held, so a start marker split right after its Escape is not seen.
struct PasteDecoder {
    private static let start: [Key] = [.escape] + "[200~".map { .character($0) }
    private static let end: [Key] = [.escape] + "[201~".map { .character($0) }

    /// The pasted keys so far, while inside a paste.
    private var pasted: [Key]?
    /// Keys at the end of the last read that may be the first part of a marker.
    private var held: [Key] = []

    /// The keys of one read, with pastes folded into single keys.
    mutating func feed(_ keys: [Key]) -> [Key] {
        if keys.isEmpty && pasted == nil {
            defer { held = [] }
            return held
        }
        let input = held + keys
        held = []
        var out: [Key] = []
        var index = 0
        while index < input.count {
            let rest = input[index...]
            let marker = pasted == nil ? Self.start : Self.end
            if rest.starts(with: marker) {
                if let keys = pasted {
                    out.append(.paste(Self.text(keys)))
                    pasted = nil
                } else {
                    pasted = []
                }
                index += marker.count
            } else if rest.count < marker.count, marker.starts(with: rest),
                pasted != nil || rest.count >= 2
            {
                // A lone Escape outside a paste is a key of its own: only longer beginnings
                // of a start marker wait for the next read.
                held = Array(rest)
                break
            } else {
                if pasted == nil {
                    out.append(input[index])
                } else {
                    pasted?.append(input[index])
                }
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
