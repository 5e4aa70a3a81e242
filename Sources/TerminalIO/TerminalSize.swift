#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The size of the terminal on a descriptor, as the kernel has it: the one place it is read.
public enum TerminalSize {
    /// Columns and rows of the terminal on `descriptor`; `nil` when it is no terminal.
    public static func of(descriptor: Int32) -> (width: Int, height: Int)? {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0
        else { return nil }
        return (Int(size.ws_col), Int(size.ws_row))
    }
}
