import ArgumentParser
import ConsoleUI
import Foundation
import MomentoKeys

#if canImport(Glibc)
    import Glibc
#endif

/// `keyconsole create`: a new key, its plaintext to a file or a pipe.
struct CreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a key; the plaintext goes to a file or a pipe, once.",
        discussion: """
            The plaintext goes to --output FILE (created exclusively, mode 0600), or to stdout \
            when stdout is not a terminal or --print is given. What was created goes to \
            stderr. Without an expiry option the key expires in 30 days.

            Examples:
              keyconsole create --role Operator --description "CI" --expires-in 30d --output ci.key
              keyconsole create --role r-viewer --description dash --output .env --output-format env
              keyconsole create --role Owner --description ops --expires-at 2027-03-01 | vault kv put secret/momento key=-
            """)

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "The role, by name (Operator) or id (r-operator).")
    var role: String

    @Option(help: "What the key is for.")
    var description: String

    @Option(
        help: ArgumentHelp("Expire after this long (90s, 45m, 12h, 7d, 4w).", valueName: "duration")
    )
    var expiresIn: String?

    @Option(
        help: ArgumentHelp(
            "Expire at this ISO 8601 date (2027-03-01, 2027-03-01T12:00Z).", valueName: "date"))
    var expiresAt: String?

    @Flag(help: "Never expire (not recommended).")
    var neverExpires = false

    @Option(help: ArgumentHelp("Write the key to this new file (mode 0600).", valueName: "file"))
    var output: String?

    @Option(help: "raw, env or momento-profile.")
    var outputFormat: SecretFileFormat = .raw

    @Option(help: "The profile name for --output-format momento-profile.")
    var profileName = "default"

    @Flag(help: "Print the key to stdout even when it is a terminal.")
    var print = false

    func validate() throws {
        let choices = [expiresIn != nil, expiresAt != nil, neverExpires].filter { $0 }.count
        guard choices <= 1 else {
            throw ValidationError(
                "Give at most one of --expires-in, --expires-at, --never-expires.")
        }
        if let expiresIn, DurationText.seconds(expiresIn) == nil {
            throw ValidationError("--expires-in takes a duration such as 90s, 45m, 12h, 7d or 4w.")
        }
        if let expiresAt, DurationText.date(expiresAt) == nil {
            throw ValidationError(
                "--expires-at takes an ISO 8601 date such as 2027-03-01 or 2027-03-01T12:00Z.")
        }
        if output == nil && !print && isatty(1) == 1 {
            throw ValidationError(
                "Refusing to print a new key on the terminal: use --output FILE, pipe stdout, or pass --print."
            )
        }
    }

    func run() async throws {
        let now = BackendScope.now
        let expiry: Expiry
        if neverExpires {
            expiry = .never
        } else if let expiresAt, let date = DurationText.date(expiresAt) {
            expiry = .at(date)
        } else {
            let seconds = expiresIn.flatMap(DurationText.seconds) ?? 30 * 86400
            expiry = .at(now.addingTimeInterval(TimeInterval(seconds)))
        }
        if let date = expiry.date, date <= now {
            throw CLIError("The expiry \(date.formatted(.iso8601)) is in the past.")
        }
        // Claim the file before creating the key, so a refusal creates nothing.
        var descriptor: Int32?
        if let output {
            do {
                descriptor = try ExclusiveFile.create(output)
            } catch {
                throw CLIError(error.description)
            }
        }
        do {
            let (created, endpoint, roleName) = try await BackendScope.run(connection) { backend in
                let roles = try await backend.service.allRoles()
                guard
                    let match = roles.first(where: { $0.roleId == role })
                        ?? roles.first(where: {
                            $0.roleName.caseInsensitiveCompare(role) == .orderedSame
                        })
                else {
                    throw CLIError(
                        "No role \(role). Roles: \(roles.map(\.roleName).joined(separator: ", ")).")
                }
                let endpoint = Self.endpoint(
                    backend, connection, table: BackendResolver(options: connection).regionTable())
                if outputFormat.needsEndpoint && endpoint == nil {
                    throw CLIError(
                        "--output-format \(outputFormat.rawValue) needs an endpoint: pass --region."
                    )
                }
                let created = try await backend.service.createKey(
                    CreateKeyRequest(roleId: match.roleId, description: description, expiry: expiry)
                )
                return (created, endpoint, match.roleName)
            }
            let text = outputFormat.render(
                key: created.apiKey, endpoint: endpoint, profileName: profileName)
            if let fd = descriptor, let output {
                descriptor = nil  // finish closes it, and removes the file if writing fails
                do {
                    try ExclusiveFile.finish(fd, path: output, text: text)
                } catch {
                    throw CLIError(error.description)
                }
            } else {
                Output.write(text)
            }
            let info = created.keyInfo
            Output.err(
                "Created key \(info.keyId) (\(roleName)), expires "
                    + (info.expiresAt.map { $0.formatted(.iso8601) } ?? "never")
                    + (output.map { ", written to \($0)" } ?? ""))
        } catch {
            if let descriptor, let output {
                close(descriptor)
                unlink(output)
            }
            throw error
        }
    }

    /// The endpoint for new keys: the account's, else the `--region` one, else the one saved
    /// by the console's region picker.
    static func endpoint(
        _ backend: Backend, _ connection: ConnectionOptions, table: RegionTable
    ) -> String? {
        if case .momento(_, _, let endpoint, _) = backend { return endpoint }
        guard let region = connection.region else { return ConsoleConfig.load().endpoint }
        return table.region(named: region)?.endpoint
    }
}
