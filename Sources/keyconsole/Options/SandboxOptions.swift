import ArgumentParser
import Foundation
import KeySandbox

/// `--sandbox PATH`, or `KEYCONSOLE_SANDBOX`: which sandbox database to use.
struct SandboxOptions: ParsableArguments {
    @Option(
        name: .customLong("sandbox"),
        help: ArgumentHelp(
            "Use the sandbox database at this path (also KEYCONSOLE_SANDBOX=PATH, or =default for"
                + " $XDG_DATA_HOME/keyconsole/sandbox.sqlite).", valueName: "path"))
    var path: String?

    func validate() throws {
        if let path, path.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--sandbox needs the path of a sandbox file.")
        }
    }

    /// The environment variable that asks for the sandbox.
    static let variable = "KEYCONSOLE_SANDBOX"

    /// The sandbox asked for by `--sandbox`, else by `KEYCONSOLE_SANDBOX`; `nil` when neither.
    func requested(environment: [String: String]) throws(CLIError) -> String? {
        if let path { return Self.absolute(path) }
        guard let value = environment[Self.variable] else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            throw CLIError(
                "\(Self.variable) is set but empty: set it to a sandbox file path, or to default.")
        }
        return trimmed == "default"
            ? SandboxStore.defaultPath(environment: environment) : Self.absolute(trimmed)
    }

    /// The path for commands that always work on the sandbox (`serve`, `sandbox`): the one
    /// asked for, else the default under XDG_DATA_HOME.
    var resolvedPath: String {
        get throws {
            try requested(environment: ProcessInfo.processInfo.environment)
                ?? SandboxStore.defaultPath()
        }
    }

    private static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
