import Foundation
import Logging
import MomentoKeys
import ScreenModel
import SystemPackage
import TextKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A new key made by a command (`create`, `rotate`), from the request to where it was asked
/// to go: the file is claimed (holding a marker) or the store looked up before anything is
/// created; the journal records the request before it is sent and the outcome as soon as it
/// is known; then the key is written, printed or stored, and only then reported done.
package struct NewKeyDelivery {
    package let destination: KeyDestination
    package let marker: CreateMarker
    package let store: SecretStore?
    package let logPath: String
    private var claimed: FileDescriptor?
    /// With `--format json` and stdout the destination: the key, held for the report.
    private var keyForReport: Secret?

    /// Checks the destination before anything is created: the store must exist in the
    /// config, the file is claimed (a marker in it until the key is written over it).
    package init(
        _ destination: KeyDestination, log: LogSettings, config: ConsoleConfig, now: Date,
        journalPath: String
    ) throws {
        self.destination = destination
        marker = CreateMarker.new(now: now)
        logPath = ConsoleLogging.path(log.logFile)
        store = try destination.store.map { try Self.store(named: $0, in: config) }
        // The key going to stdout: stdout must be open (`>&-` closes it) before the key exists.
        if destination.output == nil, store == nil, Output.stdoutWasClosed {
            throw CLIError(
                "Standard output is closed, so the new key would have nowhere to go; nothing was"
                    + " created.")
        }
        if let output = destination.output {
            do {
                let claim = try ExclusiveFile.claim(output, marker: marker)
                claimed = claim.file
                if let earlier = claim.earlier {
                    Output.err(
                        earlier.earlierAttemptWarning(
                            at: output, logPath: logPath, journalPath: journalPath))
                }
            } catch {
                throw CLIError(error.description)
            }
        }
    }

    /// Runs a command that makes a new key (`create`, `rotate`, `migrate`): reads the config,
    /// claims the destination before anything is created (a refusal creates nothing), opens
    /// the backend for `connection`, and gives `body` the backend, this delivery, the journal
    /// and the logger. A failure gives up the claimed file. `config` is read unless given.
    package static func run<Value>(
        _ destination: KeyDestination, _ connection: ConnectionSettings, _ log: LogSettings,
        now: Date, endpoint: String? = nil, config given: ConsoleConfig? = nil,
        command: String,
        _ body: (Backend, inout NewKeyDelivery, CommandAudit, Logger) async throws -> Value
    ) async throws -> Value {
        let config = given ?? ConsoleConfig.load()
        var delivery = try NewKeyDelivery(
            destination, log: log, config: config, now: now,
            journalPath: AuditJournal(config: config).path)
        do {
            let logger = try BackendScope.logger(log)
            return try await BackendScope.run(
                connection, log, logger: logger, endpoint: endpoint, command: command
            ) { backend in
                try await body(
                    backend, &delivery, CommandAudit(backend: backend, config: config), logger)
            }
        } catch {
            delivery.abandon()
            throw error
        }
    }

    /// The store of the config named `name`, or an error naming the stores there are.
    package static func store(named name: String, in config: ConsoleConfig) throws(CLIError)
        -> SecretStore
    {
        guard let found = config.stores[name] else {
            let known = config.stores.keys.sorted()
            throw CLIError(
                "No secret store \(name) in \(ConsoleConfig.path)"
                    + (config.problem.map { " (\($0))" } ?? "")
                    + (known.isEmpty ? "." : ". Stores: \(known.joined(separator: ", ")).")
            )
        }
        return found
    }

    /// The endpoint new keys are written with (``endpoint(_:_:table:)``); an
    /// error when the file's format needs one and there is none.
    package func endpoint(for backend: Backend, _ connection: ConnectionSettings) throws -> String?
    {
        let endpoint = Self.endpoint(
            backend, connection, table: BackendResolver(options: connection).regionTable())
        if store == nil && destination.outputFormat.needsEndpoint && endpoint == nil {
            throw CLIError(
                "--output-format \(destination.outputFormat.rawValue) needs an endpoint:"
                    + " pass --region.")
        }
        return endpoint
    }

    /// Creates the key through the one audited create (``AuditedCreate``), this delivery's
    /// attempt and file named in the journal and the log.
    package func create(
        _ request: CreateKeyRequest, roleName: String, service: any KeyService,
        logger: Logger, audit: CommandAudit, action: AuditEntry.Action = .create,
        replaces: String? = nil, endpoint: String? = nil, policyOverride: String? = nil
    ) async throws -> CreatedKey {
        var create = AuditedCreate(
            action, roleName: roleName, attempt: marker.attempt, replaces: replaces,
            endpoint: endpoint, output: destination.output)
        create.policyOverride = policyOverride
        do throws(KeyServiceError) {
            return try await create.run(request, service: service, audit: audit, logger: logger)
        } catch {
            throw CLIError(error.description)
        }
    }

    /// Sends the key where it was asked to go. A failed store names the key, leaves its
    /// secret nowhere, and revokes it with `--revoke-if-unstored`.
    package mutating func deliver(
        _ created: CreatedKey, roleName: String, endpoint: String?, service: any KeyService,
        audit: CommandAudit, adminKey: Secret?
    ) async throws {
        let info = created.keyInfo
        if let store {
            let metadata = SecretStore.Metadata(info, roleName: roleName, endpoint: endpoint)
            let outcome = await store.store(
                created.apiKey, metadata: metadata, adminKey: adminKey)
            audit.record(.store, outcome.succeeded ? .done : .failed) { entry in
                entry.keyId = info.keyId
                entry.role = roleName
                entry.description = info.description
                entry.store = store.name
                entry.reason = outcome.failureReason
            }
            guard outcome.succeeded else {
                var message =
                    "Created key \(info.keyId) (\(roleName)), but it was "
                    + outcome.summary(store: store.name) + "."
                if destination.revokeIfUnstored {
                    do throws(KeyServiceError) {
                        try await audit.revoke(
                            info.keyId, service: service, role: roleName,
                            description: info.description,
                            reason: "the store \(store.name) failed")
                        message += " Revoked it (--revoke-if-unstored)."
                    } catch {
                        message +=
                            " Revoking it failed too (\(error.description)): revoke it with"
                            + " `keyconsole revoke \(info.keyId) --yes`."
                    }
                } else {
                    message +=
                        outcome.status == nil
                        ? " The key stays; the store may or may not have kept it: revoke it with"
                            + " `keyconsole revoke \(info.keyId) --yes` unless it did."
                        : " The key stays; its secret was not kept anywhere: revoke it with"
                            + " `keyconsole revoke \(info.keyId) --yes` and create another."
                }
                throw CLIError(message)
            }
            Output.err("Key \(info.keyId): \(outcome.summary(store: store.name)).")
            return
        }
        if destination.json && destination.output == nil {
            // The key goes to stdout inside the report, and nothing else is printed.
            keyForReport = created.apiKey
            return
        }
        let text = destination.outputFormat.render(
            key: created.apiKey, endpoint: endpoint, profileName: destination.profileName)
        do {
            if let fd = claimed, let output = destination.output {
                claimed = nil  // finish closes it, and removes the file if writing fails
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
    }

    /// Whether the key waits in memory for the report (`--format json`, stdout): then the
    /// report must go out before anything else can fail.
    package var holdsKeyForReport: Bool { keyForReport != nil }

    /// Says what was made: prose on stderr, or with `--format json` one object on stdout
    /// (holding the key when stdout is its destination).
    package func report(
        _ created: CreatedKey, roleName: String, endpoint: String?, prose: String,
        replaces: String? = nil, keptUntil: Date? = nil, revoked: String? = nil
    ) throws {
        guard destination.json else {
            Output.err(prose)
            return
        }
        let info = created.keyInfo
        let report = CreatedReport(
            keyId: info.keyId, roleId: info.roleId, roleName: roleName,
            description: info.description,
            expiresAt: info.expiresAtEpochSeconds.map { DateText.iso8601(epochSeconds: $0) },
            expiresAtEpochSeconds: info.expiresAtEpochSeconds, endpoint: endpoint,
            destination: destination.output != nil
                ? "file" : destination.store != nil ? "store" : "stdout",
            file: destination.output, store: destination.store, replaces: replaces,
            keptUntil: keptUntil.map {
                DateText.iso8601(epochSeconds: Int64($0.timeIntervalSince1970))
            },
            revoked: revoked, apiKey: keyForReport?.exposedValue)
        do {
            try Output.write(try report.json() + "\n")
        } catch {
            throw CLIError(
                "Created key \(info.keyId) (\(roleName)), but could not write the report: \(error)"
                    + (keyForReport == nil
                        ? ""
                        : " The key cannot be shown again: revoke it with `keyconsole revoke"
                            + " \(info.keyId) --yes` and create another."))
        }
    }

    /// Gives up before the key was delivered: the claimed file goes.
    package mutating func abandon() {
        if let claimed, let output = destination.output {
            try? claimed.close()
            unlink(output)
        }
        claimed = nil
    }

    /// The endpoint for new keys: the account's, else the `--region` one, else the one saved
    /// by the console's region picker.
    package static func endpoint(
        _ backend: Backend, _ connection: ConnectionSettings, table: RegionTable
    ) -> String? {
        if case .momento(_, _, let endpoint, _) = backend { return endpoint }
        guard let region = connection.region else { return ConsoleConfig.load().endpoint }
        return table.region(named: region)?.endpoint
    }
}
