import ArgumentParser
import KeyconsoleCore
import MomentoKeys

/// `keyconsole cache`: look after the cached key lists.
struct CacheCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Look after the cached key lists ($XDG_CACHE_HOME/keyconsole).",
        discussion: """
            The console keeps the last complete key list of each account (ids, roles, \
            descriptions, dates; never a key) and shows it at once when it starts, until its \
            refresh ends. `list --cached` and `check --cached` read it too.

            Examples:
              keyconsole cache path
              keyconsole cache clear
            """,
        subcommands: [Path.self, Clear.self])

    /// `keyconsole cache path`.
    struct Path: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the folder of the cached key lists.")

        func run() async throws {
            try Output.out(XDGDirectories().cache.path)
        }
    }

    /// `keyconsole cache clear`.
    struct Clear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove every cached key list.")

        func run() async throws {
            let folder = XDGDirectories().cache
            do throws(KeyCache.Failure) {
                let count = try KeyCache.clear(folder: folder)
                Output.err(
                    "Removed \(count) cached key \(count == 1 ? "list" : "lists") from \(folder.path)."
                )
            } catch {
                throw CLIError(error.description)
            }
        }
    }
}
