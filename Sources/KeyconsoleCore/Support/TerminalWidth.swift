import Foundation
import TerminalIO

#if canImport(Glibc)
    import Glibc
#endif

/// The width of the terminal on stdout: `COLUMNS`, the tty's size, or 100 when piped.
package enum TerminalWidth {
    package static var current: Int {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init),
            columns > 0
        {
            return columns
        }
        if isatty(1) == 1, let size = TerminalSize.of(descriptor: 1) {
            return size.width
        }
        return 100
    }
}
