import ConsoleUI
import Synchronization
import TerminalIO

/// Messages from effect tasks to the terminal loop; posting wakes the loop.
final class Inbox: Sendable {
    private let messages = Mutex<[Msg]>([])
    private let wakePipe: WakePipe

    init(wakePipe: WakePipe) {
        self.wakePipe = wakePipe
    }

    func post(_ message: Msg) {
        messages.withLock { $0.append(message) }
        wakePipe.wake()
    }

    func take() -> [Msg] {
        messages.withLock { taken in
            defer { taken.removeAll() }
            return taken
        }
    }
}
