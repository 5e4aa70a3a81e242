import Foundation
import ScreenModel

#if canImport(Glibc)
    import Glibc
#endif

/// Asks the terminal for its background colour (OSC 11), followed by a device-attributes
/// query (DA1) that every terminal answers, so the end of the answers is known: a terminal
/// that does not know OSC 11 answers only the second.
enum BackgroundQuery {
    /// OSC 11 `?`, then DA1.
    static let query = Array("\u{1B}]11;?\u{1B}\\\u{1B}[c".utf8)

    /// What came back within the wait.
    struct Answer {
        /// The theme the background implies; `nil` when the terminal did not say in time.
        var theme: Theme?
        /// Whether every answer came (the DA1 answer, which comes last); when not, the rest
        /// arrives as input and ``ReplyFilter`` drops it.
        var complete: Bool
    }

    /// Writes the query with `send` and reads `descriptor` (a terminal in raw mode) for at
    /// most `limit`. Anything typed meanwhile, before the first frame, is dropped with the
    /// answers.
    static func ask(
        descriptor: Int32, send: ([UInt8]) -> Void, limit: Duration = .milliseconds(100)
    ) -> Answer {
        send(query)
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        var received: [UInt8] = []
        while !isComplete(received) {
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else { break }
            let milliseconds = max(
                1, Int32(remaining.components.attoseconds / 1_000_000_000_000_000))
            var descriptors = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)]
            guard poll(&descriptors, 1, milliseconds) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 256)
            let count = read(descriptor, &buffer, buffer.count)
            guard count > 0 else { break }
            received += buffer[..<count]
            // A terminal that answers with endless bytes cannot hold the start forever.
            if received.count > 4096 { break }
        }
        return Answer(theme: Theme.fromBackgroundReply(received), complete: isComplete(received))
    }

    /// Whether `bytes` hold the DA1 answer (`ESC [ ?` digits and `;` then `c`).
    static func isComplete(_ bytes: [UInt8]) -> Bool {
        var index = bytes.startIndex
        while let start = bytes[index...].firstRange(of: Array("\u{1B}[?".utf8)) {
            var end = start.upperBound
            while end < bytes.endIndex,
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end])
                    || bytes[end] == UInt8(ascii: ";")
            {
                end += 1
            }
            if end < bytes.endIndex, bytes[end] == UInt8(ascii: "c") { return true }
            index = start.upperBound
        }
        return false
    }
}

/// Drops answers to the start-up queries that come late, after the first frame, from the
/// keys: an OSC answer (`ESC ]` to BEL or `ESC \`) and the DA1 answer (`ESC [ ?` to `c`),
/// which would otherwise read as Escape, `]`, `d`, `c` and so on. It stops after the DA1
/// answer, which comes last, or after `limit`.
struct ReplyFilter {
    private enum Inside { case none, osc, attributes }
    private var inside = Inside.none
    private var held: [Key] = []
    private var until: ContinuousClock.Instant?

    /// A filter that drops nothing.
    init() {}

    /// A filter that expects late answers for `limit` from now.
    init(expectingFor limit: Duration) {
        until = ContinuousClock.now + limit
    }

    /// Whether it still expects answers.
    var isActive: Bool {
        guard let until else { return false }
        return inside != .none || ContinuousClock.now < until
    }

    /// The keys of one read without the answers in them.
    mutating func feed(_ keys: [Key]) -> [Key] {
        guard isActive else {
            defer { held = [] }
            return held + keys
        }
        let input = held + keys
        held = []
        var out: [Key] = []
        var index = 0
        while index < input.count {
            let key = input[index]
            switch inside {
            case .osc:
                if key == .other {  // BEL
                    inside = .none
                } else if key == .escape {
                    if index + 1 < input.count {
                        if input[index + 1] == .character("\\") { index += 1 }
                        inside = .none
                    } else {
                        held = [key]
                    }
                }
                index += 1
                continue
            case .attributes:
                if key == .character("c") {
                    inside = .none
                    until = nil  // the last answer: nothing more to expect
                }
                index += 1
                continue
            case .none:
                break
            }
            if key == .escape {
                if index + 1 >= input.count {
                    held = [key]
                    break
                }
                let next = input[index + 1]
                if next == .character("]") {
                    inside = .osc
                    index += 2
                    continue
                }
                if next == .character("[") {
                    if index + 2 >= input.count {
                        held = Array(input[index...])
                        break
                    }
                    if input[index + 2] == .character("?") {
                        inside = .attributes
                        index += 3
                        continue
                    }
                }
            }
            out.append(key)
            index += 1
        }
        if keys.isEmpty, inside == .none, !held.isEmpty, out.isEmpty {
            // A read that brought nothing releases a lone Escape held from the last.
            defer { held = [] }
            return held
        }
        return out
    }
}
