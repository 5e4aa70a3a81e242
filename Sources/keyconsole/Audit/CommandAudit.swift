import Foundation
import MomentoKeys

/// A command's audit: the journal of the config, on the backend the command talks to.
/// Journal failures are said on stderr; they never cost a created key its delivery.
struct CommandAudit: Sendable {
    let journal: AuditJournal
    let backend: BackendSummary
    let actingKeyId: String?
    /// Where a journal's problem is said: stderr for a command, the log for the console.
    let warn: @Sendable (String) -> Void

    init(
        backend: Backend, config: ConsoleConfig = .load(),
        warn: @escaping @Sendable (String) -> Void = { Output.err($0) }
    ) {
        journal = AuditJournal(config: config)
        self.backend = backend.summary
        actingKeyId = backend.ownKeyId
        self.warn = warn
    }

    /// Appends an entry for `action`; `fill` adds the key and what else is known.
    func record(
        _ action: AuditEntry.Action, _ outcome: AuditEntry.Outcome,
        _ fill: (inout AuditEntry) -> Void = { _ in }
    ) {
        var entry = journal.entry(action, outcome: outcome, on: backend, actingKeyId: actingKeyId)
        fill(&entry)
        do {
            for problem in try journal.append(entry) { warn("Warning: \(problem).") }
        } catch {
            warn("Warning: \(error.description); the \(action.rawValue) was not recorded.")
        }
    }

    /// The outcome a failed request leaves: unknown when the answer was lost.
    static func outcome(of error: KeyServiceError) -> AuditEntry.Outcome {
        if case .createOutcomeUnknown = error { return .unknown }
        return .failed
    }
}
