import ArgumentParser
import KeySandbox
import KeyconsoleCore

/// `keyconsole sandbox`: look after the embedded sandbox.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Look after the embedded sandbox account.",
        discussion: """
            Examples:
              keyconsole sandbox path
              keyconsole sandbox reset --sandbox /tmp/demo.sqlite
            """,
        subcommands: [Path.self, Reset.self])

    /// `keyconsole sandbox path`.
    struct Path: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print where the sandbox database is.")

        @OptionGroup var sandbox: SandboxOptions

        func run() async throws {
            try Output.out(try sandbox.resolvedPath)
        }
    }

    /// `keyconsole sandbox reset`.
    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete every sandbox key and seed the demo account again.",
            discussion: "Keys issued before the reset stop authenticating.")

        @OptionGroup var sandbox: SandboxOptions

        func run() async throws {
            let path = try sandbox.resolvedPath
            do {
                let store = try await SandboxStore.open(path: path).reset()
                let count = try await store.listAllKeys().count
                Output.err("Sandbox \(store.path) re-seeded with \(count) demo keys.")
            } catch {
                throw CLIError(String(describing: error))
            }
        }
    }
}
