import Foundation
import Logging
import MomentoKeys

/// The console's logger: a file, never the screen.
enum ConsoleLogging {
    /// A logger writing to `path`, or to `$XDG_STATE_HOME/keyconsole/keyconsole.log`.
    static func logger(path: String?) throws -> Logger {
        let file = path ?? XDGDirectories().state.appendingPathComponent("keyconsole.log").path
        let logFile: LogFile
        do {
            logFile = try LogFile(path: file)
        } catch {
            throw CLIError("Cannot open the log file \(file); choose another with --log-file.")
        }
        var logger = Logger(label: "keyconsole") { label in
            FileLogHandler(label: label, file: logFile)
        }
        logger.logLevel =
            ProcessInfo.processInfo.environment["KEYCONSOLE_LOG_LEVEL"]
            .flatMap(Logger.Level.init(rawValue:)) ?? .info
        return logger
    }
}
