import ArgumentParser
import Foundation
import KeyconsoleCore
import MomentoKeys
import SystemPackage

/// `keyconsole report`: the credential report of every key, for auditors.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the credential report: every key, its findings and its history.",
        discussion: """
            One row per key: id, role, description, issued, expires, age and lifetime in days, \
            the findings under the config's key policy (keyconsole policy show), and what the \
            audit journal knows of it (made by create, rotate or migrate, when and with which \
            key; the key it replaced and the key that replaced it; the stores it went to). A \
            key the journal does not know says "made elsewhere". The report carries the time \
            it was made, the account, the policy in force and a summary.

            CSV (the default) starts with that as "# " comment lines, then a header row; \
            cells that a spreadsheet would take for a formula start with '. JSON has the \
            same under "accounts", "keys" and "summary"; Markdown escapes its markup. No \
            control character from a description or the server reaches any of them.

            Examples:
              keyconsole report > keys.csv
              keyconsole report --format markdown --output audit-2026-12.md
              keyconsole report --all-profiles --format json | jq '.summary'
            """)

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, json, markdown
    }

    @OptionGroup var connection: ConnectionOptions

    @OptionGroup var log: LogOptions

    @Option(help: "csv, json or markdown.")
    var format: Format = .csv

    @Option(
        help: ArgumentHelp(
            "Write the report to this file instead of stdout, atomically (mode 0600).",
            valueName: "path"))
    var output: String?

    @Option(
        help: ArgumentHelp("The audit journal to read (default: the config's).", valueName: "path"))
    var journal: String?

    func run() async throws {
        let now = WallClock.current.now
        let config = ConsoleConfig.load()
        let journalPath = journal ?? AuditJournal(config: config).path
        if !FileManager.default.fileExists(atPath: journalPath) {
            // A journal named and not there is a mistake; the default one may not exist yet.
            if journal != nil { throw CLIError("No audit journal at \(journalPath).") }
            Output.err(
                "Note: no audit journal at \(journalPath) yet: every key shows as made elsewhere.")
        }
        let entries: [AuditEntry]
        do {
            let contents = try AuditJournal.read(journalPath)
            entries = contents.entries
            if let warning = contents.warning(journalPath) { Output.err("Warning: \(warning)") }
        } catch {
            throw CLIError(error.description)
        }
        let results = try await BackendScope.runEach(
            connection.settings, log.settings, access: .readOnly
        ) { backend in
            let keys = try await backend.service.listAllKeys(warn: BackendScope.warn)
            let names = await BackendScope.roleNames(backend.service)
            if let notice = backend.policy(config).unnamedRoles(keys, roleNames: names) {
                BackendScope.warn(notice)
            }
            return CredentialReport.Input(
                profile: nil, backend: backend.summary, accountId: backend.accountId, keys: keys,
                roleNames: names,
                rotations: try RotationRecords().loadForCommand(account: backend.summary.location),
                policy: backend.policy(config))
        }
        var inputs: [CredentialReport.Input] = []
        for result in results {
            switch result.result {
            case .success(var input):
                if results.count > 1 { input.profile = result.profile }
                inputs.append(input)
            case .failure(let error):
                // A report that leaves an account out would mislead: none is written.
                let name = results.count > 1 ? "profile \(result.profile ?? ""): " : ""
                throw CLIError("No report was written: \(name)\(error.description)")
            }
        }
        let report = CredentialReport(
            inputs, journal: entries, policy: config.policy, config: ConsoleConfig.path, now: now)
        let document: String
        switch format {
        case .csv: document = report.csv()
        case .json: document = try report.json() + "\n"
        case .markdown: document = report.markdown()
        }
        if let output {
            do throws(PrivateFile.Failure) {
                try PrivateFile.replaceAtomically(output, with: Array(document.utf8))
            } catch {
                throw CLIError(error.description)
            }
        } else {
            try Output.write(document)
        }
    }
}
