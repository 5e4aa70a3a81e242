import CNcursesw
import Dispatch
import Foundation
import ScreenModel
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The only ncurses user: copies a ``Screen`` to the terminal and reads keys.
///
/// Use it from one task at a time. `newterm` rather than `initscr`, so an unknown `TERM` is
/// our own error; the terminal is restored by ``close()`` (call it on every way out). A
/// thread of its own waits in `poll` for input, a signal or a quarter second (a resize shows
/// up as a key), and yields on ``wakeups``; ncurses itself is called only by its user.
public final class Terminal: TerminalDriver {
    /// What the terminal can show.
    public let capabilities: Capabilities
    /// The palette, for the background the terminal has.
    public let theme: Theme
    public let wakeups: AsyncStream<Void>
    /// Wakes the poll thread from other threads.
    let wakePipe: WakePipe
    private let poller: Poller
    private let screen: OpaquePointer
    private let input: UnsafeMutablePointer<FILE>
    private let output: UnsafeMutablePointer<FILE>
    private let signals: [any DispatchSourceSignal]
    private let pendingSignal: PendingSignal
    /// Puts the terminal back from the exit deadline's thread, when the loop could not.
    private let restore: TerminalRestore
    private var closed = false
    private var paste = PasteDecoder()
    /// Drops answers to the start-up query that come after the first frame.
    private var replies: ReplyFilter
    /// The grid curses holds, when it holds all of it (not after a clear or a resize).
    private var drawn: Screen?

    /// Takes over the terminal: locale, `newterm`, raw keys, colours. The palette is
    /// `theme`'s; when none is given, the one `COLORFGBG` implies, else the one for the
    /// background the terminal reports (OSC 11) within 100 ms, else the dark one.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment, noColor: Bool,
        ascii: Bool, theme: Theme? = nil
    ) throws(TerminalError) {
        guard isatty(0) == 1 else { throw .notATerminal("standard input") }
        guard isatty(1) == 1 else { throw .notATerminal("standard output") }
        setlocale(LC_ALL, "")
        let restore = TerminalRestore(descriptor: 1)
        self.restore = restore
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
        set_term(screen)
        // A terminal that cannot move the cursor (TERM=dumb) would show nothing usable.
        guard kc_can_address_cursor() != 0 else {
            endwin()
            delscreen(screen)
            fclose(input)
            fclose(output)
            throw .unknownTerminal(term)
        }
        self.screen = screen
        self.input = input
        self.output = output
        if environment["ESCDELAY"] == nil { set_escdelay(25) }
        raw()
        noecho()
        nonl()
        keypad(kc_stdscr(), true)
        // Home and End as tmux, screen, PuTTY and the Linux console send them, whatever TERM
        // says: unknown, they would arrive as Esc and three characters.
        for (sequence, code) in [
            ("\u{1B}[1~", KEY_HOME), ("\u{1B}[7~", KEY_HOME), ("\u{1B}[H", KEY_HOME),
            ("\u{1B}[4~", KEY_END), ("\u{1B}[8~", KEY_END), ("\u{1B}[F", KEY_END),
        ] {
            _ = define_key(sequence, code)
        }
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
        var chosen = theme ?? Theme.fromColorFGBG(environment["COLORFGBG"])
        replies = ReplyFilter()
        var typed: [UInt8] = []
        if chosen == nil, capabilities.colors != .none {
            let answer = BackgroundQuery.ask(descriptor: fileno(input)) { bytes in
                _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, output) }
                fflush(output)
            }
            chosen = answer.theme
            typed = answer.typed
            // An answer later than the wait is taken out of the keys for a few seconds.
            replies = ReplyFilter(expectingFor: .seconds(3), unfinished: answer.unfinished)
        }
        self.theme = chosen ?? .dark
        if capabilities.colors != .none {
            ColorScheme.install(capabilities.colors, theme: self.theme)
        }
        wakePipe = WakePipe()
        pendingSignal = PendingSignal()
        // SIGTSTP from outside (kill -TSTP) suspends as Ctrl-Z does, terminal restored first;
        // the others stop the console: the loop ends at once, and if it cannot (a long piece
        // of work, a request that will not end), the exit deadline restores the terminal and
        // ends the process within a second.
        let stops = [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP].map {
            [pendingSignal, wakePipe, restore] number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if number == SIGTSTP {
                    pendingSignal.suspend.store(true, ordering: .sequentiallyConsistent)
                } else {
                    pendingSignal.value.store(number, ordering: .sequentiallyConsistent)
                    ExitDeadline.arm(after: Self.stopSeconds, status: 128 + number) {
                        restore.restore()
                    }
                }
                wakePipe.wake()
            }
            source.resume()
            return source
        }
        // A resize wakes the poll thread at once, and the next read takes the new size
        // (`resizeterm`). On Linux, Dispatch's source takes SIGWINCH over from ncurses'
        // handler, whose KEY_RESIZE otherwise came only on the poll's quarter-second timeout.
        let winch = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .global())
        winch.setEventHandler { [pendingSignal, wakePipe] in
            pendingSignal.resized.store(true, ordering: .sequentiallyConsistent)
            wakePipe.wake()
        }
        winch.resume()
        signals = stops + [winch]
        let (wakeups, continuation) = AsyncStream.makeStream(
            of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.wakeups = wakeups
        poller = Poller(input: fileno(input), wakePipe: wakePipe, wakeups: continuation)
        writeRaw(Array("\u{1B}[?2004h".utf8))  // bracketed paste
        // Keys typed while the terminal was asked are read as keys, in order (curses' own
        // queue is last in, first out).
        for byte in typed.reversed() { ungetch(Int32(byte)) }
        if !typed.isEmpty { wakePipe.wake() }
    }

    deinit {
        close()
    }

    /// How long a stop (a signal, or quitting) may take before the process is ended.
    public static let stopSeconds = 0.8

    /// The current size in cells.
    public var size: (width: Int, height: Int) {
        (Int(kc_getmaxx(kc_stdscr())), Int(kc_getmaxy(kc_stdscr())))
    }

    /// Copies `grid` into curses and refreshes; ncurses sends only the cells that changed.
    /// Cells equal to the last grid drawn are not handed to curses again.
    public func draw(_ grid: Screen) {
        let window = kc_stdscr()
        let (width, height) = size
        let previous = drawn.flatMap {
            $0.width == grid.width && $0.height == grid.height ? $0 : nil
        }
        drawn = width == grid.width && height == grid.height ? grid : nil
        for row in 0..<min(height, grid.height) {
            var column = 0
            while column < min(width, grid.width) {
                let cell = grid[row, column]
                if cell.width == 0 {
                    column += 1
                    continue
                }
                // Unchanged, with its neighbour (the second half of a wide one) unchanged.
                if let previous, previous[row, column] == cell,
                    cell.width < 2
                        || (column + 1 < grid.width
                            && previous[row, column + 1] == grid[row, column + 1])
                {
                    column += max(1, Int(cell.width))
                    continue
                }
                if Int(cell.width) == 2 && column + 1 >= width { break }
                let (attributes, pair) = ColorScheme.attributes(
                    for: cell.style, capabilities.colors, theme: theme)
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

    /// The keys, resizes and signals that came since the last call, without waiting.
    public func readEvents() -> [TerminalEvent] {
        defer { poller.consumed() }
        var events: [TerminalEvent] = []
        let number = pendingSignal.value.exchange(0, ordering: .sequentiallyConsistent)
        if number != 0 { events.append(.signal(number)) }
        if pendingSignal.suspend.exchange(false, ordering: .sequentiallyConsistent) {
            events.append(.suspend)
        }
        if pendingSignal.resized.exchange(false, ordering: .sequentiallyConsistent) {
            takeTerminalSize()
            drawn = nil
            let (width, height) = size
            events.append(.resized(width: width, height: height))
        }
        wtimeout(kc_stdscr(), 0)
        var keys: [Key] = []
        while true {
            var character: wint_t = 0
            let result = wget_wch(kc_stdscr(), &character)
            if result == kc_err() { break }
            let isFunction = result == kc_key_code_yes()
            if isFunction && Int32(character) == kc_key_mouse() {
                var (kind, row, column): (Int32, Int32, Int32) = (0, 0, 0)
                if kc_get_mouse(&kind, &row, &column) == OK {
                    let kinds: [Int32: MouseEvent.Kind] = [1: .click, 4: .wheelUp, 5: .wheelDown]
                    if let kind = kinds[kind] {
                        keys.append(.mouse(MouseEvent(kind, row: Int(row), column: Int(column))))
                    }
                }
                continue
            }
            if isFunction && Int32(character) == kc_key_resize() {
                drawn = nil
                let (width, height) = size
                events.append(.resized(width: width, height: height))
                continue
            }
            keys.append(
                CursesKeys.key(code: Int32(bitPattern: character), isFunctionKey: isFunction))
        }
        return events + paste.feed(replies.feed(keys)).map(TerminalEvent.key)
    }

    public func setMouse(_ enabled: Bool) {
        // No click delay: a press is reported at once, never held to tell a double click.
        mouseinterval(0)
        mousemask(enabled ? kc_mouse_mask() : 0, nil)
        fflush(output)
    }

    /// Gives the terminal back (bracketed paste off, `endwin`, which restores the shell's
    /// modes), stops with SIGTSTP until `fg`, then takes it back: raw mode, bracketed paste, the size it has now, and a full
    /// repaint on the next draw.
    public func suspend() {
        writeRaw(Array("\u{1B}[?2004l".utf8))
        endwin()
        fflush(output)
        // SIGTSTP with its default action, as the terminal sends it for Ctrl-Z, raised on this
        // thread so this thread stops before it goes on (a signal to the process may be taken
        // by another thread while this one takes the terminal back). Without job control (an
        // orphaned process group) the kernel drops it, and the console simply carries on.
        // (Dispatch's threads block signals: this one takes SIGTSTP for the moment.)
        var stopDefault = sigaction()
        var previous = sigaction()
        stopDefault.__sigaction_handler.sa_handler = SIG_DFL
        sigemptyset(&stopDefault.sa_mask)
        var only = sigset_t()
        var mask = sigset_t()
        sigemptyset(&only)
        sigaddset(&only, SIGTSTP)
        sigaction(SIGTSTP, &stopDefault, &previous)
        pthread_sigmask(SIG_UNBLOCK, &only, &mask)
        raise(SIGTSTP)
        pthread_sigmask(SIG_SETMASK, &mask, nil)
        sigaction(SIGTSTP, &previous, nil)
        // Continued.
        reset_prog_mode()
        takeTerminalSize()
        drawn = nil
        writeRaw(Array("\u{1B}[?2004h".utf8))
        wclear(kc_stdscr())
        wnoutrefresh(kc_stdscr())
        doupdate()
    }

    /// Makes curses' screen the terminal's size now.
    private func takeTerminalSize() {
        if let size = TerminalSize.of(descriptor: fileno(output)),
            size.width != self.size.width || size.height != self.size.height
        {
            resizeterm(Int32(size.height), Int32(size.width))
        }
    }

    /// Clears the whole terminal on the next draw, leaving nothing of what was shown.
    public func clearAll() {
        drawn = nil
        wclear(kc_stdscr())
        wnoutrefresh(kc_stdscr())
        doupdate()
    }

    /// Throws away curses' and the terminal's unread input (`flushinp`), and a paste half read.
    public func discardInput() {
        flushinp()
        paste = PasteDecoder()
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
        poller.stop()
        for source in signals { source.cancel() }
        writeRaw(Array("\u{1B}[?2004l".utf8))
        werase(kc_stdscr())
        wnoutrefresh(kc_stdscr())
        doupdate()
        endwin()
        restore.restoredByCurses()
        delscreen(screen)
        fclose(input)
        fclose(output)
        // From here on a signal ends the process as it would any program.
        for number in [SIGTERM, SIGHUP, SIGINT, SIGQUIT] { signal(number, SIG_DFL) }
    }
}

/// The thread that waits in `poll` and yields a wake-up, then waits until it is consumed.
final class Poller: Sendable {
    private let stopping = Atomic<Bool>(false)
    private let outstanding = Atomic<Bool>(false)
    private let consumption = DispatchSemaphore(value: 0)
    private let exited = DispatchSemaphore(value: 0)
    private let wakePipe: WakePipe
    private let wakeups: AsyncStream<Void>.Continuation

    init(input: Int32, wakePipe: WakePipe, wakeups: AsyncStream<Void>.Continuation) {
        self.wakePipe = wakePipe
        self.wakeups = wakeups
        let thread = Thread { [self] in
            while !stopping.load(ordering: .sequentiallyConsistent) {
                var fds = [
                    pollfd(fd: input, events: Int16(POLLIN), revents: 0),
                    pollfd(fd: wakePipe.readEnd.rawValue, events: Int16(POLLIN), revents: 0),
                ]
                _ = poll(&fds, 2, 250)
                if fds[1].revents != 0 { wakePipe.drain() }
                if stopping.load(ordering: .sequentiallyConsistent) { break }
                outstanding.store(true, ordering: .sequentiallyConsistent)
                wakeups.yield()
                consumption.wait()
            }
            exited.signal()
        }
        thread.name = "keyconsole-poll"
        thread.start()
    }

    /// The runner has read what the last wake-up announced.
    func consumed() {
        if outstanding.exchange(false, ordering: .sequentiallyConsistent) {
            consumption.signal()
        }
    }

    /// Ends the thread and the wake-ups; returns once the thread no longer polls.
    func stop() {
        guard !stopping.exchange(true, ordering: .sequentiallyConsistent) else { return }
        wakePipe.wake()
        consumption.signal()
        exited.wait()
        wakeups.finish()
    }
}

/// The last signal caught, for the loop to pick up.
final class PendingSignal: Sendable {
    let value = Atomic<Int32>(0)
    /// Set by SIGTSTP.
    let suspend = Atomic<Bool>(false)
    /// Set by SIGWINCH.
    let resized = Atomic<Bool>(false)
}
