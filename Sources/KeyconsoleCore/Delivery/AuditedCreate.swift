import Foundation
import Logging
import MomentoKeys

/// The one audited create, for the commands (`create`, `rotate`, `migrate`) and the console
/// (`n`, `R`, `M`): the journal records the request before it is sent and the outcome as soon
/// as it is known, and the log says the same without the secret.
package struct AuditedCreate: Sendable {
    /// What the journal calls it: create, rotate or migrate.
    package var action: AuditEntry.Action
    /// The role's name, for the journal.
    package var roleName: String
    /// The attempt's id, which a retry finds in the journal and the log.
    package var attempt: String
    /// The key (v2 id, or v1 key id) the new one replaces.
    package var replaces: String?
    /// The endpoint the new key is for, when it is not the account's own.
    package var endpoint: String?
    /// Where the key goes (a file), for the log.
    package var output: String?
    /// The reason an Owner gave for a key the policy does not allow, for the journal.
    package var policyOverride: String?

    /// A create as given; a new attempt id unless one is given.
    package init(
        _ action: AuditEntry.Action = .create, roleName: String,
        attempt: String = UUID().uuidString.lowercased(), replaces: String? = nil,
        endpoint: String? = nil, output: String? = nil
    ) {
        self.action = action
        self.roleName = roleName
        self.attempt = attempt
        self.replaces = replaces
        self.endpoint = endpoint
        self.output = output
    }

    /// Creates the key through `service`, journaled in `audit` (when there is one).
    package func run(
        _ request: CreateKeyRequest, service: any KeyService, audit: CommandAudit?,
        logger: Logger
    ) async throws(KeyServiceError) -> CreatedKey {
        let fill: (inout AuditEntry) -> Void = { entry in
            entry.role = roleName
            entry.description = request.description
            entry.attempt = attempt
            entry.replaces = replaces
            entry.endpoint = endpoint
            entry.policyOverride = policyOverride
        }
        logger.notice(
            "create: sending the request",
            metadata: [
                "attempt": "\(attempt)", "role_id": "\(request.roleId)",
                "description": "\(request.description)", "output": "\(output ?? "-")",
            ])
        audit?.record(action, .requested, fill)
        do throws(KeyServiceError) {
            let created = try await service.createKey(request)
            logger.notice(
                "create: created",
                metadata: [
                    "attempt": "\(attempt)", "key_id": "\(created.keyInfo.keyId)",
                    "output": "\(output ?? "-")",
                ])
            audit?.record(action, .done) { entry in
                fill(&entry)
                entry.keyId = created.keyInfo.keyId
            }
            return created
        } catch {
            logger.warning(
                "create failed", metadata: ["attempt": "\(attempt)", "error": "\(error)"])
            audit?.record(action, CommandAudit.outcome(of: error)) { entry in
                fill(&entry)
                entry.reason = error.description
            }
            throw error
        }
    }
}
