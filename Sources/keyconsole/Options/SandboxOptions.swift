import ArgumentParser
import Foundation
import KeySandbox

/// `--sandbox PATH`: which sandbox database to use.
struct SandboxOptions: ParsableArguments {
    @Option(
        name: .customLong("sandbox"),
        help: ArgumentHelp(
            "The sandbox database (default $XDG_DATA_HOME/keyconsole/sandbox.sqlite).",
            valueName: "path"))
    var path: String?

    /// The path to use: the option, else the default under XDG_DATA_HOME.
    var resolvedPath: String {
        guard let path else { return SandboxStore.defaultPath() }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
