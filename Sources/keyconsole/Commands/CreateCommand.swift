import ArgumentParser
import Foundation
import KeyconsoleCore
import Logging
import MomentoKeys
import SystemPackage
import TextKit

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
              keyconsole create --role Viewer --description ci --output ci.key --format json | jq -r .key_id
            """)

    @OptionGroup var connection: ConnectionOptions

    @OptionGroup var log: LogOptions

    @Option(
        help: "The role, by name (Operator, or a custom role's name) or id (r-operator).",
        completion: .custom { words, _, _ in CachedCompletion(words: words).roleNames() })
    var role: String?

    @Option(help: "The role by id, used as given (no look-up of the account's roles).")
    var roleId: String?

    @Option(help: "What the key is for.")
    var description: String

    @OptionGroup var expiry: ExpiryOptions

    @OptionGroup var destination: SecretDestination

    @OptionGroup var policy: PolicyOverrideOption

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
        let now = WallClock.current.now
        let expiry = try self.expiry.expiry(now: now)
        let config = ConsoleConfig.load()
        try await NewKeyDelivery.run(
            destination.settings, connection.settings, log.settings, now: now, config: config,
            command: "create"
        ) { backend, delivery, audit, logger in
            let match = try await RoleLookup.named(
                RoleLookup.chosen(role: role, roleId: roleId, backend.service),
                policy: backend.policy(config), backend.service)
            let overridden = try await CreationPolicy(
                config: config, backend: backend, roleName: match.name,
                override: policy.policyOverride
            ).check(expiry, now: now, backend: backend)
            let endpoint = try delivery.endpoint(for: backend, connection.settings)
            let created = try await delivery.create(
                CreateKeyRequest(roleId: match.id, description: description, expiry: expiry),
                roleName: match.name, service: backend.service, logger: logger, audit: audit,
                policyOverride: overridden)
            try await delivery.deliver(
                created, roleName: match.name, endpoint: endpoint, service: backend.service,
                audit: audit, adminKey: backend.apiKey)
            let info = created.keyInfo
            try delivery.report(
                created, roleName: match.name, endpoint: endpoint,
                prose: "Created key \(info.keyId) (\(match.name)), expires "
                    + (info.expiresAt.map { DateText.iso8601($0) } ?? "never")
                    + (destination.output.map { ", written to \($0)" } ?? "")
                    + (destination.store.map { ", stored in \($0)" } ?? ""))
        }
    }
}
