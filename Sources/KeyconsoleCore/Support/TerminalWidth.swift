import Foundation

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
        var size = winsize()
        if isatty(1) == 1, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        return 100
    }
}
