import CNcursesw
import ConsoleUI
import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The only ncurses user: copies a ``Screen`` to the terminal and reads keys.
///
/// Use it from one thread. `newterm` rather than `initscr`, so an unknown `TERM` is our own
/// error; the terminal is restored by ``close()`` (call it on every way out).
public final class Terminal {
    /// What the terminal can show.
    public let capabilities: Capabilities
    /// Wakes ``nextEvents(until:)`` from other threads.
    public let wakePipe: WakePipe
    private let screen: OpaquePointer
    private let input: UnsafeMutablePointer<FILE>
    private let output: UnsafeMutablePointer<FILE>
    private let signals: [any DispatchSourceSignal]
    private let pendingSignal: PendingSignal
    private var closed = false
    private var paste = PasteDecoder()

    /// Takes over the terminal: locale, `newterm`, raw keys, colours.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment, noColor: Bool,
        ascii: Bool
    ) throws(TerminalError) {
        guard isatty(0) == 1 else { throw .notATerminal("standard input") }
        guard isatty(1) == 1 else { throw .notATerminal("standard output") }
        setlocale(LC_ALL, "")
        let utf8 = kc_locale_is_utf8() != 0
        guard let input = fdopen(dup(0), "r"), let output = fdopen(dup(1), "w") else {
            throw .notATerminal("the terminal")
        }
        let term = environment["TERM"] ?? ""
        guard !term.isEmpty, let screen = newterm(nil, output, input) else {
            fclose(input)
            fclose(output)
            throw .unknownTerminal(term)
        }
        self.screen = screen
        self.input = input
        self.output = output
        set_term(screen)
        if environment["ESCDELAY"] == nil { set_escdelay(25) }
        raw()
        noecho()
        nonl()
        keypad(kc_stdscr(), true)
        curs_set(0)
        mousemask(0, nil)
        let hasColors = has_colors()
        if hasColors && !noColor && (environment["NO_COLOR"] ?? "").isEmpty {
            start_color()
            use_default_colors()
        }
        capabilities = TerminalCapabilities.detect(
            environment: environment, localeIsUTF8: utf8, hasColors: hasColors,
            colorCount: Int(kc_colors()), noColorFlag: noColor, asciiFlag: ascii)
        if capabilities.colors != .none { ColorScheme.install(capabilities.colors) }
        wakePipe = WakePipe()
        pendingSignal = PendingSignal()
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGTERM, SIGHUP, SIGINT, SIGQUIT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [pendingSignal, wakePipe] in
                pendingSignal.value.store(number, ordering: .sequentiallyConsistent)
                wakePipe.wake()
            }
            source.resume()
            sources.append(source)
        }
        signals = sources
        writeRaw(Array("\u{1B}[?2004h".utf8))  // bracketed paste
    }

    deinit {
        close()
    }

    /// The current size in cells.
    public var size: (width: Int, height: Int) {
        (Int(kc_getmaxx(kc_stdscr())), Int(kc_getmaxy(kc_stdscr())))
    }

    /// Copies `grid` into curses and refreshes; ncurses sends only the cells that changed.
    public func draw(_ grid: Screen) {
        let window = kc_stdscr()
        let (width, height) = size
        for row in 0..<min(height, grid.height) {
            var column = 0
            while column < min(width, grid.width) {
                let cell = grid[row, column]
                if cell.width == 0 {
                    column += 1
                    continue
                }
                if Int(cell.width) == 2 && column + 1 >= width { break }
                let (attributes, pair) = ColorScheme.attributes(
                    for: cell.style, capabilities.colors)
                var wide = Array(
                    cell.character.unicodeScalars.map { wchar_t(bitPattern: $0.value) })
                wide.append(0)
                _ = kc_put_wch(Int32(row), Int32(column), wide, attributes, pair)
                column += max(1, Int(cell.width))
            }
        }
        wnoutrefresh(window)
        doupdate()
    }

    /// Waits for keys, a resize or a signal until `deadline` (at most 250 ms at a time, so a
    /// resize delivered to another thread is still seen promptly), then returns what came.
    /// An empty answer means the deadline passed or the loop was woken.
    public func nextEvents(until deadline: Date) -> [TerminalEvent] {
        let milliseconds = max(0, min(250, Int32(deadline.timeIntervalSinceNow * 1000)))
        var fds = [
            pollfd(fd: fileno(input), events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakePipe.readEnd.rawValue, events: Int16(POLLIN), revents: 0),
        ]
        _ = poll(&fds, 2, milliseconds)
        if fds[1].revents != 0 { wakePipe.drain() }
        var events: [TerminalEvent] = []
        let number = pendingSignal.value.exchange(0, ordering: .sequentiallyConsistent)
        if number != 0 { events.append(.signal(number)) }
        wtimeout(kc_stdscr(), 0)
        var keys: [Key] = []
        while true {
            var character: wint_t = 0
            let result = wget_wch(kc_stdscr(), &character)
            if result == kc_err() { break }
            let isFunction = result == kc_key_code_yes()
            if isFunction && Int32(character) == kc_key_resize() {
                let (width, height) = size
                events.append(.resized(width: width, height: height))
                continue
            }
            keys.append(
                CursesKeys.key(code: Int32(bitPattern: character), isFunctionKey: isFunction))
        }
        return events + paste.feed(keys).map(TerminalEvent.key)
    }

    /// Clears the whole terminal on the next draw, leaving nothing of what was shown.
    public func clearAll() {
        wclear(kc_stdscr())
        wnoutrefresh(kc_stdscr())
        doupdate()
    }

    /// Writes an escape sequence straight to the terminal (used for OSC 52).
    public func writeRaw(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, output) }
        fflush(output)
    }

    /// Restores the terminal. Safe to call more than once.
    public func close() {
        guard !closed else { return }
        closed = true
        for source in signals { source.cancel() }
        writeRaw(Array("\u{1B}[?2004l".utf8))
        werase(kc_stdscr())
        wnoutrefresh(kc_stdscr())
        doupdate()
        endwin()
        delscreen(screen)
        fclose(input)
        fclose(output)
    }
}

/// The last signal caught, for the loop to pick up.
final class PendingSignal: Sendable {
    let value = Atomic<Int32>(0)
}
