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

    @OptionGroup var expiry: ExpiryOptions

    @OptionGroup var destination: SecretDestination

    func validate() throws {
        try SecretInput.refuseKeys(in: [
            ("--description", description), ("--role", role), ("--output", destination.output),
            ("--store", destination.store),
        ])
        guard (role == nil) != (roleId == nil) else {
            throw ValidationError("Give exactly one of --role and --role-id.")
        }
        try destination.refuseTerminal()
    }

    func run() async throws {
        let now = BackendScope.now
        let expiry = try self.expiry.expiry(now: now)
        // The file is claimed, or the store found, before the key is created: a refusal
        // creates nothing.
        let config = ConsoleConfig.load()
        let journalPath = AuditJournal(config: config).path
        var delivery = try NewKeyDelivery(
            destination, log: log, config: config, now: now, journalPath: journalPath)
        do {
            let logger = try BackendScope.logger(log)
            try await BackendScope.run(connection, log, logger: logger) { backend in
                let match = try await Self.chosenRole(role: role, roleId: roleId, backend.service)
                let endpoint = try delivery.endpoint(for: backend, connection)
                let audit = CommandAudit(backend: backend, config: config)
                let created = try await delivery.create(
                    CreateKeyRequest(roleId: match.id, description: description, expiry: expiry),
                    roleName: match.name, service: backend.service, logger: logger, audit: audit)
                try await delivery.deliver(
                    created, roleName: match.name, endpoint: endpoint, service: backend.service,
                    audit: audit, adminKey: backend.apiKey)
                let info = created.keyInfo
                Output.err(
                    "Created key \(info.keyId) (\(match.name)), expires "
                        + (info.expiresAt.map { $0.formatted(.iso8601) } ?? "never")
                        + (destination.output.map { ", written to \($0)" } ?? "")
                        + (destination.store.map { ", stored in \($0)" } ?? ""))
            }
        } catch {
            delivery.abandon()
            throw error
        }
    }

    /// What a retry tells of the earlier attempt whose marker `path` holds, from the audit
    /// journal, else the log.
    static func earlierAttempt(
        _ marker: CreateMarker, at path: String, logPath: String, journalPath: String? = nil
    ) -> String {
        let start =
            "Warning: \(path) holds only the marker of an earlier `keyconsole create` that did not"
            + " finish (started \(marker.started.formatted(.iso8601)), pid \(marker.pid)). "
        // The journal first (it records every create), then the log.
        let journal = journalPath.map { marker.outcome(inJournal: $0) }
        let fromLog = marker.outcome(inLog: logPath)
        let known = (
            keyId: journal?.keyId ?? fromLog.keyId,
            requested: (journal?.requested ?? false) || fromLog.requested
        )
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
    static func chosenRole(role: String?, roleId: String?, _ service: any KeyService) async throws
        -> (id: String, name: String)
    {
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
