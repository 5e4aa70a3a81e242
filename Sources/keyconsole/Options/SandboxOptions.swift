import ArgumentParser
import KeyconsoleCore

/// `--sandbox PATH`, or `KEYCONSOLE_SANDBOX`: which sandbox database to use.
struct SandboxOptions: ParsableArguments {
    @Option(
        name: .customLong("sandbox"),
        help: ArgumentHelp(
            "Use the sandbox database at this path; the word default means"
                + " $XDG_DATA_HOME/keyconsole/sandbox.sqlite (a file named default is"
                + " ./default). Also KEYCONSOLE_SANDBOX.", valueName: "path"))
    var path: String?

    /// The path for commands that always work on the sandbox (`serve`, `sandbox`): the one
    /// asked for, else the default under XDG_DATA_HOME.
    var resolvedPath: String {
        get throws { try ConnectionSettings(sandboxPath: path).sandboxForSandboxCommands() }
    }
}
