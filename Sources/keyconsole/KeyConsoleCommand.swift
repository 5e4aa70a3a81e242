import ArgumentParser
import Foundation
import KeyconsoleCore

/// `keyconsole`: the full-screen console by default, subcommands for scripts.
@main
struct KeyConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keyconsole",
        abstract: "A terminal console for Momento API keys.",
        discussion: """
            With no subcommand, opens the full-screen console. When no Momento credentials are \
            configured at all, it works on the embedded sandbox, a local SQLite account with \
            Momento's semantics. The commands for scripts use the sandbox only when asked \
            (--sandbox PATH, or KEYCONSOLE_SANDBOX=PATH or =default).

            Credentials, first match wins: --profile NAME (~/.momento/credentials, or \
            $MOMENTO_CONFIG_DIR/credentials), then MOMENTO_API_KEY with MOMENTO_ENDPOINT, then \
            the default profile. The key is never taken as a command-line argument.

            Examples:
              keyconsole                          # the console (sandbox when no credentials)
              keyconsole --profile prod           # the console on a Momento account
              keyconsole serve --port 8080        # the sandbox over Momento's HTTP API
              keyconsole sandbox reset            # re-seed the demo account
              keyconsole --generate-manual | man -l -   # this man page, from the binary alone
            """,
        version: KeyConsoleVersion.current,
        subcommands: [
            ConsoleCommand.self, ListCommand.self, CreateCommand.self, RevokeCommand.self,
            CheckCommand.self, DecodeCommand.self, RegionsCommand.self, ServeCommand.self,
            SandboxCommand.self, CacheCommand.self, RotateCommand.self, AuditCommand.self,
            MigrateCommand.self, PolicyCommand.self, ReportCommand.self, RolesCommand.self,
        ],
        defaultSubcommand: ConsoleCommand.self
    )

    /// Parses and runs. A closed pipe on stdout is a write error that the command reports
    /// (naming a key it created), not a silent death by SIGPIPE.
    static func main() async {
        // `--version` alone answers before the parser: building ArgumentParser's command tree
        // costs more than the rest of the process (its casts scan every protocol conformance
        // of this large binary).
        if CommandLine.arguments.dropFirst().elementsEqual(["--version"]) {
            print(KeyConsoleVersion.current)
            return
        }
        // The man page travels in the binary, for a server that has only the binary.
        if CommandLine.arguments.dropFirst().elementsEqual(["--generate-manual"]) {
            print(ManualPage.text)
            return
        }
        Output.holdStandardDescriptors()
        signal(SIGPIPE, SIG_IGN)
        // A file over its size limit is a write error that is handled (a journal entry cut
        // back), not a death by SIGXFSZ.
        signal(SIGXFSZ, SIG_IGN)
        // No core dump: one would hold the admin key and any key being created.
        var none = rlimit(rlim_cur: 0, rlim_max: 0)
        setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &none)
        await main(nil)
    }
}
