import Foundation
import Logging
import MomentoKeys

/// The logger of the console and the commands: a file, never the screen; stderr too only
/// when a command is given `--verbose`.
enum ConsoleLogging {
    /// A logger writing to `options.logFile`, or to `$XDG_STATE_HOME/keyconsole/keyconsole.log`.
    ///
    /// When the file cannot be opened, the console (`required`) fails; a command logs nowhere
    /// (or only to stderr) unless the file was named with `--log-file`.
    static func logger(_ options: LogOptions, required: Bool = true) throws -> Logger {
        let file =
            options.logFile ?? XDGDirectories().state.appendingPathComponent("keyconsole.log").path
        var logFile: LogFile?
        do {
            logFile = try LogFile(path: file)
        } catch {
            if required || options.logFile != nil {
                throw CLIError("Cannot open the log file \(file); choose another with --log-file.")
            }
        }
        let verbose = options.verbose
        var logger = Logger(label: "keyconsole") { label in
            var handlers: [any LogHandler] = []
            if let logFile { handlers.append(FileLogHandler(label: label, file: logFile)) }
            if verbose { handlers.append(StreamLogHandler.standardError(label: label)) }
            return handlers.isEmpty
                ? SwiftLogNoOpLogHandler() : MultiplexLogHandler(handlers)
        }
        logger.logLevel =
            ProcessInfo.processInfo.environment["KEYCONSOLE_LOG_LEVEL"]
            .flatMap(Logger.Level.init(rawValue:)) ?? (verbose ? .debug : .info)
        return logger
    }
}
