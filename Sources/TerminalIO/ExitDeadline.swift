import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Ends the process at a deadline when it has not ended by itself: quitting and every
/// terminating signal end the console within a second, whatever a request, a store command or
/// a lock wait is still doing.
///
/// The deadline runs on a thread of its own, so no busy task or queue can hold it back.
public enum ExitDeadline {
    private static let armed = Atomic<Bool>(false)

    /// After `seconds`, runs `last` (restoring the terminal, when that has not happened) and
    /// exits with `status`. Only the first call arms it.
    public static func arm(
        after seconds: Double, status: Int32, last: @escaping @Sendable () -> Void = {}
    ) {
        guard !armed.exchange(true, ordering: .sequentiallyConsistent) else { return }
        let thread = Thread {
            Thread.sleep(forTimeInterval: seconds)
            last()
            _exit(status)
        }
        thread.name = "keyconsole-exit-deadline"
        thread.start()
    }
}

/// What puts the terminal back as the shell had it, from any thread and without curses: the
/// terminal's modes as they were before the console started, and the sequences that leave
/// the alternate screen, show the cursor and end bracketed paste.
final class TerminalRestore: Sendable {
    private let descriptor: Int32
    private let bytes: [UInt8]
    private let modes: termios?
    private let done = Atomic<Bool>(false)

    /// Notes the modes of `descriptor` now, before curses changes them.
    init(descriptor: Int32) {
        self.descriptor = descriptor
        var saved = termios()
        modes = tcgetattr(descriptor, &saved) == 0 ? saved : nil
        // Bracketed paste off, attributes reset, the cursor shown, the main screen back.
        bytes = Array("\u{1B}[?2004l\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l\r\n".utf8)
    }

    /// The terminal was put back by curses (`endwin`): nothing more to do.
    func restoredByCurses() {
        done.store(true, ordering: .sequentiallyConsistent)
    }

    /// Puts the terminal back, unless that happened already.
    func restore() {
        guard !done.exchange(true, ordering: .sequentiallyConsistent) else { return }
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if var modes { tcsetattr(descriptor, TCSANOW, &modes) }
    }
}
