/// Where a command's log goes: a file, and stderr only when asked.
package struct LogSettings: Sendable {
    /// The log file (`--log-file`); `nil` for the default under XDG_STATE_HOME.
    package var logFile: String?
    /// Also log to stderr (`--verbose`).
    package var verbose: Bool

    /// Settings as given.
    package init(logFile: String? = nil, verbose: Bool = false) {
        self.logFile = logFile
        self.verbose = verbose
    }
}
