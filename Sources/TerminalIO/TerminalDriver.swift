import ScreenModel

/// What the console's runner needs of a terminal: ncurses (``Terminal``) or the grid in
/// memory that tests hold (``MemoryTerminal``).
///
/// The runner calls it from one task at a time; only ``wakeups`` is read elsewhere.
public protocol TerminalDriver: AnyObject {
    /// What the terminal can show.
    var capabilities: Capabilities { get }
    /// The size in cells.
    var size: (width: Int, height: Int) { get }
    /// Yields when keys, a resize or a signal may be waiting; ends when the driver closes.
    var wakeups: AsyncStream<Void> { get }
    /// What arrived since the last call, without waiting.
    func readEvents() -> [TerminalEvent]
    /// Shows `grid`.
    func draw(_ grid: Screen)
    /// Forgets what is on the terminal, so the next draw repaints every cell.
    func clearAll()
    /// Throws away the input that has arrived but not been read (typeahead), so a
    /// confirmation just drawn sees only keys pressed after it.
    func discardInput()
    /// Writes an escape sequence straight to the terminal (OSC 52).
    func writeRaw(_ bytes: [UInt8])
    /// Gives the terminal back, stops the process until it is continued, then takes the
    /// terminal again (raw keys, bracketed paste) at the size it has then; the next draw
    /// repaints every cell.
    func suspend()
    /// Turns mouse reporting on (clicks and the wheel come as ``Key/mouse(_:)``) or off (the
    /// terminal's own selection works).
    func setMouse(_ enabled: Bool)
    /// Restores the terminal. Safe to call more than once.
    func close()
}
