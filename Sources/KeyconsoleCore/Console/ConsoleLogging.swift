import Foundation
import Logging
import MomentoKeys

/// The logger of the console and the commands: a file, never the screen; stderr too only
/// when a command is given `--verbose`.
package enum ConsoleLogging {
    /// The log file: `path`, else `$XDG_STATE_HOME/keyconsole/keyconsole.log`.
    package static func path(_ path: String?) -> String {
        path ?? XDGDirectories().state.appendingPathComponent("keyconsole.log").path
    }

    /// A logger writing to `path`, or to `$XDG_STATE_HOME/keyconsole/keyconsole.log`, and with
    /// `verbose` to stderr too.
    ///
    /// When the file cannot be opened, the console (`required`) fails; a command logs nowhere
    /// (or only to stderr) unless the file was named with `--log-file`.
    package static func logger(path: String?, verbose: Bool = false, required: Bool = true) throws
        -> Logger
    {
        let file = Self.path(path)
        var logFile: LogFile?
        do {
            logFile = try LogFile(path: file)
        } catch {
            if required || path != nil {
                throw CLIError(
                    "Cannot open the log file \(file) (\(error)); choose another with --log-file.")
            }
        }
        var logger = Logger(label: "keyconsole") { label in
            var handlers: [any LogHandler] = []
            if let logFile {
                handlers.append(LineLogHandler(label: label) { logFile.write($0) })
            }
            if verbose { handlers.append(LineLogHandler(label: label) { Output.err($0) }) }
            return handlers.isEmpty
                ? SwiftLogNoOpLogHandler() : MultiplexLogHandler(handlers)
        }
        logger.logLevel =
            ProcessInfo.processInfo.environment["KEYCONSOLE_LOG_LEVEL"]
            .flatMap(Logger.Level.init(rawValue:)) ?? (verbose ? .debug : .info)
        return logger
    }
}
