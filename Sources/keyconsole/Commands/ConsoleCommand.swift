import ArgumentParser

/// `keyconsole` with no subcommand: the full-screen console.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Open the full-screen console (the default).")

    @OptionGroup var sandbox: SandboxOptions

    func run() async throws {
        throw CLIError("The console is not built yet.")
    }
}
