import ArgumentParser
import ConsoleUI
import Foundation
import Logging
import MomentoKeys
import SystemPackage

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

    @OptionGroup var log: LogOptions

    @Option(help: "The role, by name (Operator, or a custom role's name) or id (r-operator).")
    var role: String?

    @Option(help: "The role by id, used as given (no look-up of the account's roles).")
    var roleId: String?

    @Option(help: "What the key is for.")
    var description: String

    @Option(
        help: ArgumentHelp("Expire after this long (90s, 45m, 12h, 7d, 4w).", valueName: "duration")
    )
    var expiresIn: DurationArgument?

    @Option(
        help: ArgumentHelp(
            "Expire at this ISO 8601 date (2027-03-01, 2027-03-01T12:00Z).", valueName: "date"))
    var expiresAt: DateArgument?

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
        guard SecretFileFormat.isValidProfileName(profileName) else {
            throw ValidationError(
                "--profile-name takes letters, digits, '.', '_' and '-' only (at most 64)."
            )
        }
        guard (role == nil) != (roleId == nil) else {
            throw ValidationError("Give exactly one of --role and --role-id.")
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
        } else {
            let date =
                expiresAt?.date
                ?? now.addingTimeInterval(TimeInterval(expiresIn?.seconds ?? 30 * 86400))
            do throws(Expiry.DateProblem) {
                expiry = try .at(date, createdAt: now)
            } catch {
                switch error {
                case .past(let date):
                    throw CLIError("The expiry \(date.formatted(.iso8601)) is in the past.")
                case .afterYear9999:
                    throw CLIError("The expiry is after the year 9999; choose an earlier one.")
                }
            }
        }
        // Claim the file before creating the key, so a refusal creates nothing. Until the key
        // is written over it, the file holds a one-line marker (no secret) naming this attempt,
        // which the log names too: a create killed midway leaves a trail to the key it made.
        let marker = CreateMarker.new(now: now)
        let logPath = ConsoleLogging.path(log.logFile)
        var descriptor: FileDescriptor?
        if let output {
            do {
                let claimed = try ExclusiveFile.claim(output, marker: marker)
                descriptor = claimed.file
                if let earlier = claimed.earlier {
                    Output.err(Self.earlierAttempt(earlier, at: output, logPath: logPath))
                }
            } catch {
                throw CLIError(error.description)
            }
        }
        do {
            let logger: Logger
            do {
                logger = try BackendScope.logger(log)
            } catch {
                throw CLIError("\(error)")
            }
            let (created, endpoint, roleName) = try await BackendScope.run(
                connection, log, logger: logger
            ) { backend in
                let match = try await chosenRole(backend.service)
                let endpoint = Self.endpoint(
                    backend, connection, table: BackendResolver(options: connection).regionTable())
                if outputFormat.needsEndpoint && endpoint == nil {
                    throw CLIError(
                        "--output-format \(outputFormat.rawValue) needs an endpoint: pass --region."
                    )
                }
                logger.notice(
                    "create: sending the request",
                    metadata: [
                        "attempt": "\(marker.attempt)", "role_id": "\(match.id)",
                        "description": "\(description)", "output": "\(output ?? "-")",
                    ])
                let created = try await backend.service.createKey(
                    CreateKeyRequest(roleId: match.id, description: description, expiry: expiry)
                )
                logger.notice(
                    "create: created",
                    metadata: [
                        "attempt": "\(marker.attempt)", "key_id": "\(created.keyInfo.keyId)",
                        "output": "\(output ?? "-")",
                    ])
                return (created, endpoint, match.name)
            }
            let text = outputFormat.render(
                key: created.apiKey, endpoint: endpoint, profileName: profileName)
            let info = created.keyInfo
            do {
                if let fd = descriptor, let output {
                    descriptor = nil  // finish closes it, and removes the file if writing fails
                    try ExclusiveFile.finish(fd, path: output, text: text)
                } else {
                    try Output.write(text)
                }
            } catch {
                throw CLIError(
                    "Created key \(info.keyId) (\(roleName)), but could not write it: \(error)"
                        + " It cannot be shown again: revoke it with `keyconsole revoke"
                        + " \(info.keyId) --yes` and create another.")
            }
            Output.err(
                "Created key \(info.keyId) (\(roleName)), expires "
                    + (info.expiresAt.map { $0.formatted(.iso8601) } ?? "never")
                    + (output.map { ", written to \($0)" } ?? ""))
        } catch {
            if let descriptor, let output {
                try? descriptor.close()
                unlink(output)
            }
            throw error
        }
    }

    /// What a retry tells of the earlier attempt whose marker `path` holds, from the log.
    static func earlierAttempt(_ marker: CreateMarker, at path: String, logPath: String) -> String {
        let start =
            "Warning: \(path) holds only the marker of an earlier `keyconsole create` that did not"
            + " finish (started \(marker.started.formatted(.iso8601)), pid \(marker.pid)). "
        let known = marker.outcome(inLog: logPath)
        let middle: String
        if let keyId = known.keyId {
            middle =
                "The log says it created key \(keyId), whose secret is lost: revoke it with"
                + " `keyconsole revoke \(keyId) --yes`."
        } else if known.requested {
            middle =
                "The log says it sent the request but not whether a key was created: it may or"
                + " may not have been; list the keys and revoke any such key."
        } else {
            middle =
                "The log (\(logPath)) does not say whether it sent the request: a key may or may"
                + " not have been created; list the keys and revoke any such key."
        }
        return TextSanitizer.inert(start + middle + " Replacing the marker.")
    }

    /// The role to create with: `--role-id` as given; a system role by name or id without
    /// asking the API; otherwise the account's roles by id, then by name.
    private func chosenRole(_ service: any KeyService) async throws -> (id: String, name: String) {
        if let roleId { return (roleId, roleId) }
        let role = role ?? ""
        if let system = try Self.match(role, in: Role.system) {
            return (system.roleId, system.roleName)
        }
        let roles = try await service.allRoles()
        guard let found = try Self.match(role, in: roles) else {
            throw CLIError.noRole(role, among: roles.map(\.roleName))
        }
        return (found.roleId, found.roleName)
    }

    /// The role `text` names: by id, else by exact name, else by the one name equal to it
    /// ignoring case; names equal only ignoring case are ambiguous.
    static func match(_ text: String, in roles: [Role]) throws(CLIError) -> Role? {
        if let byId = roles.first(where: { $0.roleId == text }) { return byId }
        if let exact = roles.first(where: { $0.roleName == text }) { return exact }
        let folded = roles.filter { $0.roleName.caseInsensitiveCompare(text) == .orderedSame }
        guard folded.count <= 1 else {
            throw CLIError(
                "--role \(text) matches \(folded.count) roles ("
                    + folded.map { "\($0.roleName) \($0.roleId)" }.joined(separator: ", ")
                    + "): write the name exactly, or use --role-id.")
        }
        return folded.first
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
