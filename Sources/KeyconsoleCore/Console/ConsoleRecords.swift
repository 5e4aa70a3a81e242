import ConsoleUI
import Foundation
import Logging
import MomentoKeys
import TextKit

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
    /// The account's key policy.
    package let policy: AccountPolicy

    package init(
        backend: Backend, config: ConsoleConfig = .load(),
        records: RotationRecords = RotationRecords(), logger: Logger
    ) {
        // Never to the screen: curses owns it.
        audit = CommandAudit(backend: backend, config: config) { logger.warning("\($0)") }
        stores = config.stores
        storeProblem = config.problem
        policy = backend.policy(config)
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
                detail: entry.detail, profile: entry.profile)
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
                var record = KeptRotation(
                    account: audit.backend.location, oldKeyId: oldKeyId, newKeyId: newKeyId,
                    description: description, deadline: deadline, recordedAt: now)
                record.accountId = audit.accountId
                try records.add(record)
            } catch {
                failure = error.description
            }
        }
        audit.record(.rotate, .done) { entry in
            entry.keyId = newKeyId
            entry.replaces = oldKeyId
            entry.description = description
            entry.overlapUntil = deadline.map(DateText.iso8601)
            entry.reason = failure.map { "the overlap was not saved: \($0)" }
        }
        return failure
    }

    /// Revokes a key through the one audited revoke, with the role and description the
    /// console listed it with (`nil`: not listed); a revoked old key's rotation is finished.
    package func revoke(
        _ keyId: String, listed: ListedKey?, service: any KeyService
    ) async throws(KeyServiceError) {
        try await audit.revoke(
            keyId, service: service, role: listed?.role, description: listed?.description)
        try? records.remove(oldKeyId: keyId, account: audit.backend.location)
    }
}

/// What the console's list says of a key, for the journal: its role's name and description.
package struct ListedKey: Sendable, Equatable {
    package var role: String
    package var description: String

    /// The key `keyId` as `state` lists it, if it does.
    package init?(_ keyId: String, in state: ConsoleState) {
        guard let key = state.index.key(withId: keyId) else { return nil }
        role = state.roleName(of: key)
        description = key.description
    }
}
