import ArgumentParser
import KeyconsoleCore

/// Where a command's log goes: a file, and stderr only when asked.
struct LogOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Log file (default $XDG_STATE_HOME/keyconsole/keyconsole.log).", valueName: "path"))
    var logFile: String?

    @Flag(name: .shortAndLong, help: "Also log to stderr.")
    var verbose = false

    /// The values given, for the core.
    var settings: LogSettings { LogSettings(logFile: logFile, verbose: verbose) }
}
