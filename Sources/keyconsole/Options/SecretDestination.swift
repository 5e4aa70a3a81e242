import ArgumentParser
import KeyconsoleCore
import MomentoKeys

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a command sends a new key: a new 0600 file, a secret store of the config, or stdout
/// when it is not a terminal (or with `--print`).
struct SecretDestination: ParsableArguments {
    @Option(help: ArgumentHelp("Write the key to this new file (mode 0600).", valueName: "file"))
    var output: String?

    @Option(help: "raw, env or momento-profile.")
    var outputFormat: SecretFileFormat = .raw

    @Option(help: "The profile name for --output-format momento-profile.")
    var profileName = "default"

    @Option(
        help: ArgumentHelp(
            "Send the key to this secret store of the config file (on its standard input).",
            valueName: "name"))
    var store: String?

    @Flag(help: "Revoke the new key when the store fails (by default it stays, named).")
    var revokeIfUnstored = false

    @Flag(help: "Print the key to stdout even when it is a terminal.")
    var print = false

    /// How the command reports what it made.
    enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(
        help:
            "text (prose on stderr) or json: one object on stdout (key_id, role, expiry, where the key went); it holds api_key, and nothing else is printed, when the key goes to stdout."
    )
    var format: ReportFormat = .text

    /// The values given, for the core.
    var settings: KeyDestination {
        var destination = KeyDestination(
            output: output, outputFormat: outputFormat, profileName: profileName, store: store,
            revokeIfUnstored: revokeIfUnstored)
        destination.json = format == .json
        return destination
    }

    func validate() throws {
        guard SecretFileFormat.isValidProfileName(profileName) else {
            throw ValidationError(
                "--profile-name takes letters, digits, '.', '_' and '-' only (at most 64)."
            )
        }
        if store != nil && (output != nil || print) {
            throw ValidationError(
                "--store sends the key to the store: leave out --output and --print.")
        }
        if format == .json, output == nil, store == nil, outputFormat != .raw {
            throw ValidationError(
                "--format json puts the key itself in the report on stdout: --output-format"
                    + " env or momento-profile needs --output FILE.")
        }
        if revokeIfUnstored && store == nil {
            throw ValidationError("--revoke-if-unstored goes with --store.")
        }
    }

    /// Refuses a plaintext bound for a terminal: stdout is one, and no file, store or
    /// `--print` was given.
    func refuseTerminal() throws {
        if output == nil && store == nil && !print && isatty(1) == 1 {
            throw ValidationError(
                "Refusing to print a new key on the terminal: use --output FILE, --store NAME, pipe stdout, or pass --print."
            )
        }
    }
}
