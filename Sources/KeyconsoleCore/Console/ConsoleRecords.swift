import ConsoleUI
import Foundation
import Logging
import MomentoKeys
import Synchronization

/// What the console keeps beyond the screen: the audit journal of its changes, the secret
/// stores of the config, and the rotations kept for an overlap.
package struct ConsoleRecords: Sendable {
    package let audit: CommandAudit
    package let stores: [String: SecretStore]
    package let records: RotationRecords
    /// The key the console authenticates with, which no store's command may see.
    package let adminKey: Secret?

    /// Why the config's stores could not all be read, if they could not.
    package let storeProblem: String?
    /// The keys and role names the console has listed, so a revoke is recorded with the
    /// key's role and description.
    private let listed = Listed()

    /// The keys and role names listed so far, shared by every copy.
    private final class Listed: Sendable {
        let state = Mutex<(keys: [String: ApiKeyInfo], roles: [String: String])>(([:], [:]))
    }

    /// Remembers listed keys (metadata only) for the journal.
    package func remember(_ keys: [ApiKeyInfo]) {
        listed.state.withLock { for key in keys { $0.keys[key.keyId] = key } }
    }

    /// Remembers role names for the journal.
    package func remember(_ roles: [Role]) {
        listed.state.withLock { for role in roles { $0.roles[role.roleId] = role.roleName } }
    }

    /// A role's name, when the console has listed it.
    package func roleName(_ roleId: String) -> String {
        listed.state.withLock { $0.roles[roleId] } ?? roleId
    }

    package init(
        backend: Backend, config: ConsoleConfig = .load(),
        records: RotationRecords = RotationRecords(), logger: Logger
    ) {
        // Never to the screen: curses owns it.
        audit = CommandAudit(backend: backend, config: config) { logger.warning("\($0)") }
        stores = config.stores
        storeProblem = config.problem
        self.records = records
        adminKey = backend.apiKey
    }

    /// The rotations of this account kept for an overlap, with their deadlines.
    package func kept() throws(RotationRecords.Failure) -> [KeptRotation] {
        try records.load(account: audit.backend.location)
    }

    /// The journal as the console shows it (lines that do not read are skipped).
    package func lines() -> [JournalLine] {
        ((try? AuditJournal.read(audit.journal.path))?.entries ?? []).map { entry in
            return JournalLine(
                time: entry.date ?? .distantPast, user: entry.user, action: entry.action.rawValue,
                outcome: entry.outcome.rawValue, keyId: entry.keyId, replaces: entry.replaces,
                detail: entry.detail)
        }
    }

    /// Runs a store for the panel, records it, and says how it went.
    package func store(_ request: SecretStoreRequest) async -> Msg {
        guard let store = stores[request.store] else {
            return .secretStored(
                store: request.store, summary: "no store \(request.store) in the config",
                succeeded: false)
        }
        let outcome = await store.store(
            request.key,
            metadata: SecretStore.Metadata(
                request.keyInfo, roleName: request.roleName, endpoint: request.endpoint),
            adminKey: adminKey)
        audit.record(.store, outcome.succeeded ? .done : .failed) { entry in
            entry.keyId = request.keyInfo.keyId
            entry.role = request.roleName
            entry.description = request.keyInfo.description
            entry.store = store.name
            entry.reason = outcome.failureReason
        }
        return .secretStored(
            store: store.name, summary: outcome.summary(store: store.name),
            succeeded: outcome.succeeded)
    }

    /// Records how a rotation ended, and keeps an overlap's deadline.
    @discardableResult
    package func rotationFinished(
        oldKeyId: String, newKeyId: String, description: String, overlapSeconds: Int64?,
        now: Date
    ) -> String? {
        let deadline = overlapSeconds.map { now.addingTimeInterval(TimeInterval($0)) }
        var failure: String?
        if let deadline {
            do {
                try records.add(
                    KeptRotation(
                        account: audit.backend.location, oldKeyId: oldKeyId, newKeyId: newKeyId,
                        description: description, deadline: deadline, recordedAt: now))
            } catch {
                failure = error.description
            }
        }
        audit.record(.rotate, .done) { entry in
            entry.keyId = newKeyId
            entry.replaces = oldKeyId
            entry.description = description
            entry.overlapUntil = deadline?.formatted(.iso8601)
            entry.reason = failure.map { "the overlap was not saved: \($0)" }
        }
        return failure
    }

    /// Revokes a key through the one audited revoke, with the role and description the
    /// console has listed; a revoked old key's rotation is finished.
    package func revoke(_ keyId: String, service: any KeyService) async throws(KeyServiceError) {
        let key = listed.state.withLock { $0.keys[keyId] }
        try await audit.revoke(
            keyId, service: service, role: key.map { roleName($0.roleId) },
            description: key?.description)
        try? records.remove(oldKeyId: keyId, account: audit.backend.location)
    }
}
