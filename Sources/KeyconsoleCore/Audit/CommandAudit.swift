import Foundation
import MomentoKeys

/// A command's audit: the journal of the config, on the backend the command talks to.
/// Journal failures are said on stderr; they never cost a created key its delivery.
package struct CommandAudit: Sendable {
    package let journal: AuditJournal
    package let backend: BackendSummary
    package let actingKeyId: String?
    /// The acting key's profile and account id, recorded with each entry.
    package let profile: String?
    package let accountId: String?
    /// Where a journal's problem is said: stderr for a command, the log for the console.
    package let warn: @Sendable (String) -> Void

    package init(
        backend: Backend, config: ConsoleConfig = .load(),
        warn: @escaping @Sendable (String) -> Void = { Output.err($0) }
    ) {
        journal = AuditJournal(config: config)
        self.backend = backend.summary
        actingKeyId = backend.ownKeyId
        profile = backend.profile
        accountId = backend.accountId
        self.warn = warn
    }

    /// Appends an entry for `action`; `fill` adds the key and what else is known.
    package func record(
        _ action: AuditEntry.Action, _ outcome: AuditEntry.Outcome,
        _ fill: (inout AuditEntry) -> Void = { _ in }
    ) {
        var entry = journal.entry(action, outcome: outcome, on: backend, actingKeyId: actingKeyId)
        entry.profile = profile
        entry.accountId = accountId
        fill(&entry)
        do {
            for problem in try journal.append(entry) { warn("Warning: \(problem).") }
        } catch {
            warn("Warning: \(error.description); the \(action.rawValue) was not recorded.")
        }
    }

    /// Revokes `keyId` through `service`: the one audited revoke of the commands and the
    /// console. The intent is journaled before the request (a revoke killed while it is out
    /// leaves a trace), the outcome after, each with `reason` (why it was revoked) when given;
    /// with `goneIsDone`, a 404 is recorded as done
    /// ("already gone") and not thrown.
    package func revoke(
        _ keyId: String, service: any KeyService, role: String? = nil,
        description: String? = nil, reason: String? = nil, goneIsDone: Bool = false
    ) async throws(KeyServiceError) {
        let fill: (inout AuditEntry) -> Void = { entry in
            entry.keyId = keyId
            entry.role = role
            entry.description = description
            entry.reason = reason
        }
        record(.revoke, .requested, fill)
        do throws(KeyServiceError) {
            try await service.revokeKey(id: keyId)
            record(.revoke, .done, fill)
        } catch .notFound where goneIsDone {
            record(.revoke, .done) { entry in
                fill(&entry)
                entry.reason = "already gone"
            }
        } catch {
            record(.revoke, .failed) { entry in
                fill(&entry)
                entry.reason = error.description
            }
            throw error
        }
    }

    /// The outcome a failed request leaves: unknown when the answer was lost.
    package static func outcome(of error: KeyServiceError) -> AuditEntry.Outcome {
        if case .createOutcomeUnknown = error { return .unknown }
        return .failed
    }
}
