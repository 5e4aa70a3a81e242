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
        /// What was typed meanwhile, the answers taken out: to be read as keys.
        var typed: [UInt8]
        /// Where an answer cut off by the end of the wait stands, for ``ReplyFilter``.
        var unfinished: AnswerMatcher.State
    }

    /// Writes the query with `send` and reads `descriptor` (a terminal in raw mode) until the
    /// DA1 answer, for at most `limit`.
    static func ask(
        descriptor: Int32, send: ([UInt8]) -> Void, limit: Duration = .milliseconds(100)
    ) -> Answer {
        send(query)
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        var matcher = AnswerMatcher()
        var held: [UInt8] = []
        var typed: [UInt8] = []
        var answers: [UInt8] = []
        var total = 0
        while !matcher.sawAttributes {
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else { break }
            let milliseconds = Int32(
                max(1, remaining.components.attoseconds / 1_000_000_000_000_000))
            var descriptors = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)]
            guard poll(&descriptors, 1, milliseconds) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 256)
            let count = read(descriptor, &buffer, buffer.count)
            guard count > 0 else { break }
            for byte in buffer[..<count] {
                let (released, answer) = matcher.feed(
                    byte, as: AnswerMatcher.symbol(byte), held: &held)
                typed += released
                answers += answer
            }
            total += count
            // A terminal that answers with endless bytes cannot hold the start for long.
            if total > 4096 { break }
        }
        // What is held at the end may begin a late answer (a lone Escape too): not given back.
        return Answer(
            theme: Theme.fromBackgroundReply(answers), typed: typed, unfinished: matcher.state)
    }
}

/// Finds the terminal's answers to the start-up query in input, matched strictly, so that
/// nothing a person types is taken for one: `ESC ] 1 1 ;` then letters, digits, `:` and `/`
/// to BEL or `ESC \` (OSC 11), and `ESC [ ?` then digits and `;` to `c` (DA1). What does not
/// match is given back as it came.
struct AnswerMatcher {
    /// What the matcher reads: an input element by its kind.
    enum Symbol: Equatable {
        case escape, bell
        case ascii(UInt8)
        case other
    }

    /// How far into an answer the input is.
    enum State: Equatable {
        case none
        case escape
        case oscIntroducer(Int)
        case oscBody
        case oscEscape
        case bracket
        case attributes
    }

    private static let introducer = Array("11;".utf8)

    private(set) var state = State.none
    /// Whether a whole DA1 answer went by.
    private(set) var sawAttributes = false

    /// A matcher, in the middle of an answer when `state` says so.
    init(state: State = .none) {
        self.state = state
    }

    /// The symbol of a byte read from the terminal.
    static func symbol(_ byte: UInt8) -> Symbol {
        switch byte {
        case 0x1B: .escape
        case 0x07: .bell
        case 0x20..<0x7F: .ascii(byte)
        default: .other
        }
    }

    /// Feeds one element: returns the elements given back as input (those held that turned
    /// out to be no answer, and this one when it is none), and those of an answer just ended.
    mutating func feed<Element>(_ element: Element, as symbol: Symbol, held: inout [Element])
        -> (released: [Element], answer: [Element])
    {
        func ascii(_ set: (UInt8) -> Bool) -> Bool {
            if case .ascii(let byte) = symbol { return set(byte) }
            return false
        }
        let next: State?
        switch state {
        case .none: next = symbol == .escape ? .escape : nil
        case .escape:
            next =
                ascii { $0 == UInt8(ascii: "]") }
                ? .oscIntroducer(0)
                : ascii { $0 == UInt8(ascii: "[") } ? .bracket : nil
        case .oscIntroducer(let index):
            next =
                ascii { $0 == Self.introducer[index] }
                ? (index + 1 == Self.introducer.count ? .oscBody : .oscIntroducer(index + 1)) : nil
        case .oscBody:
            if symbol == .bell { return finish(element, held: &held) }
            next =
                symbol == .escape
                ? .oscEscape
                : ascii {
                    isalnum(Int32($0)) != 0 || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "/")
                }
                    ? .oscBody : nil
        case .oscEscape:
            if ascii({ $0 == UInt8(ascii: "\\") }) { return finish(element, held: &held) }
            next = nil
        case .bracket: next = ascii { $0 == UInt8(ascii: "?") } ? .attributes : nil
        case .attributes:
            if ascii({ $0 == UInt8(ascii: "c") }) {
                sawAttributes = true
                return finish(element, held: &held)
            }
            next =
                ascii {
                    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: ";")
                }
                ? .attributes : nil
        }
        if let next {
            state = next
            held.append(element)
            return ([], [])
        }
        // No answer: what was held goes back, and this element starts afresh.
        let released = held
        held = []
        let wasInside = state != .none
        state = .none
        guard wasInside else { return (released + [element], []) }
        let (more, answer) = feed(element, as: symbol, held: &held)
        return (released + more, answer)
    }

    private mutating func finish<Element>(_ element: Element, held: inout [Element])
        -> (released: [Element], answer: [Element])
    {
        let answer = held + [element]
        held = []
        state = .none
        return ([], answer)
    }
}

/// Drops answers to the start-up query that come late, after the first frame, from the keys,
/// for a few seconds after the start: they would otherwise read as Escape, `]`, `d`, `c` and
/// so on. An Escape that may begin one waits for the next read.
struct ReplyFilter {
    private var matcher = AnswerMatcher()
    private var held: [Key] = []
    private var until: ContinuousClock.Instant?

    /// A filter that drops nothing.
    init() {}

    /// A filter that expects late answers for `limit` from now, `unfinished` the state of an
    /// answer the query's wait cut off.
    init(expectingFor limit: Duration, unfinished: AnswerMatcher.State = .none) {
        until = ContinuousClock.now + limit
        matcher = AnswerMatcher(state: unfinished)
    }

    /// Whether it still expects answers.
    var isActive: Bool {
        guard let until else { return false }
        return ContinuousClock.now < until
    }

    /// The keys of one read without the answers in them.
    mutating func feed(_ keys: [Key]) -> [Key] {
        guard isActive else {
            // The time is over: anything held is keys after all.
            defer {
                held = []
                matcher = AnswerMatcher()
            }
            return held + keys
        }
        if keys.isEmpty, matcher.state == .escape {
            // An Escape held from the last read, and nothing after it: the Escape key.
            defer {
                held = []
                matcher = AnswerMatcher()
            }
            return held
        }
        var out: [Key] = []
        for key in keys {
            let symbol: AnswerMatcher.Symbol
            switch key {
            case .escape: symbol = .escape
            case .other: symbol = .bell  // control characters: BEL among them
            case .character(let character):
                if let ascii = character.asciiValue, ascii >= 0x20 {
                    symbol = .ascii(ascii)
                } else {
                    symbol = .other
                }
            default: symbol = .other
            }
            out += matcher.feed(key, as: symbol, held: &held).released
        }
        return out
    }
}
