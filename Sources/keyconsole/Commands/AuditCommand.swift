import ArgumentParser
import Foundation
import KeyconsoleCore
import MomentoKeys
import TextKit

/// `keyconsole audit`: the audit journal, filtered.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Print the audit journal: every change made through keyconsole.",
        discussion: """
            Every create, revoke, rotate, store and region change, from the console or a \
            command, is appended to $XDG_STATE_HOME/keyconsole/audit.jsonl (0600), one JSON \
            object a line, before it is reported done: time, user, SSH client, backend and \
            account (the profile and the account id, when known), action, key id, role, \
            description, acting key, outcome. Never a secret. --profile picks the entries of \
            some accounts, --all-profiles those of every profile of the credentials file that \
            holds a v2 key; the table names the profile of each entry after its key.

            Examples:
              keyconsole audit --since 7d
              keyconsole audit --key 0f3c2a9e --format json
              keyconsole audit --action revoke --format csv
              keyconsole audit --profile prod --profile staging --since 30d
              keyconsole audit --all-profiles --format csv
            """)

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv
    }

    @Option(help: "table, json (one array) or csv.")
    var format: Format = .table

    @Option(
        help: ArgumentHelp(
            "Only entries from this long ago (7d) or this date (2027-03-01) on.",
            valueName: "when"))
    var since: String?

    @Option(help: ArgumentHelp("Only entries of this key (an id or its prefix).", valueName: "id"))
    var key: String?

    @Option(help: "Only this action: \(Self.actions).")
    var action: String?

    /// Every action the journal records, from its own list.
    static let actions: String = {
        let names = AuditEntry.Action.allCases.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    }()

    @Option(
        help: ArgumentHelp(
            "Only entries of this profile's account; more than once for several.",
            valueName: "name"))
    var profile: [String] = []

    @Flag(
        help: "Only entries of the accounts of every profile with a v2 key (as list and check).")
    var allProfiles = false

    @Option(help: ArgumentHelp("The journal to read (default: the config's).", valueName: "path"))
    var journal: String?

    func validate() throws {
        if let since, Self.start(since, now: WallClock.current.now) == nil {
            throw ValidationError("--since takes a duration (7d) or an ISO 8601 date.")
        }
        if let action, AuditEntry.Action(rawValue: action) == nil {
            throw ValidationError("--action is \(Self.actions).")
        }
        if allProfiles, !profile.isEmpty {
            throw ValidationError(
                "--all-profiles takes every profile; it cannot be combined with --profile.")
        }
    }

    /// The profiles whose entries are shown: those named, or with `--all-profiles` every
    /// profile of the credentials file that holds a v2 key, whatever else the environment
    /// names (those left out are named on stderr, as list and check do).
    private func wantedProfiles() throws -> Set<String>? {
        guard allProfiles else { return profile.isEmpty ? nil : Set(profile) }
        let environment = ProcessInfo.processInfo.environment
        let set: AccountSet
        do {
            set = try CredentialResolver(
                environment: environment,
                homeDirectory: XDGDirectories.home(environment: environment)
            ).allAccounts()
        } catch {
            throw CLIError(error.description)
        }
        if let notice = AccountSet.notice(set.skipped) { BackendScope.warn(notice) }
        return Set(set.accounts.map(\.profile))
    }

    /// The moment `text` names: that long before `now`, or that date.
    static func start(_ text: String, now: Date) -> Date? {
        if let seconds = DurationText.seconds(text) {
            return now.addingTimeInterval(-TimeInterval(seconds))
        }
        return DurationText.date(text)
    }

    func run() async throws {
        let path = journal ?? AuditJournal(config: ConsoleConfig.load()).path
        var entries: [AuditEntry]
        do {
            let contents = try AuditJournal.read(path)
            entries = contents.entries
            // Never hidden: a line that does not read is counted and named.
            if let warning = contents.warning(path) { Output.err("Warning: \(warning)") }
        } catch {
            throw CLIError(error.description)
        }
        if let since, let start = Self.start(since, now: WallClock.current.now) {
            entries = entries.filter { ($0.date ?? .distantPast) >= start }
        }
        if let key {
            entries = entries.filter {
                ($0.keyId?.hasPrefix(key) ?? false) || ($0.replaces?.hasPrefix(key) ?? false)
            }
        }
        if let action { entries = entries.filter { $0.action.rawValue == action } }
        if let wanted = try wantedProfiles() {
            entries = entries.filter { $0.profile.map(wanted.contains) ?? false }
        }
        switch format {
        case .json:
            try Output.out(try JSONOutput.render(entries))
        case .csv:
            var out = Output.Buffered()
            try out.write(Self.csvHeader.joined(separator: ",") + "\n")
            for entry in entries {
                try out.write(
                    Self.fields(entry).map { KeyReport.csvField(TextSanitizer.inert($0)) }
                        .joined(separator: ",") + "\n")
            }
            try out.flush()
        case .table:
            try Output.write(Self.table(entries, width: TerminalWidth.current))
        }
    }

    static let csvHeader = [
        "time", "user", "ssh_client", "backend", "account", "action", "key_id", "role",
        "description", "acting_key_id", "outcome", "reason", "store", "replaces", "profile",
        "account_id", "policy_override",
    ]

    static func fields(_ entry: AuditEntry) -> [String] {
        [
            entry.time, entry.user, entry.sshClient ?? "", entry.backend, entry.account,
            entry.action.rawValue, entry.keyId ?? "", entry.role ?? "", entry.description ?? "",
            entry.actingKeyId ?? "", entry.outcome.rawValue, entry.reason ?? "",
            entry.store ?? "", entry.replaces ?? "", entry.profile ?? "", entry.accountId ?? "",
            entry.policyOverride ?? "",
        ]
    }

    /// A table: time, user, action, outcome, key, then the rest of the line.
    static func table(_ entries: [AuditEntry], width: Int) -> String {
        var out = "TIME (UTC)           USER       ACTION  OUTCOME    KEY       DETAIL\n"
        for entry in entries {
            let time = String(entry.time.prefix(19)).replacingOccurrences(of: "T", with: " ")
            let cells = [
                DisplayWidth.pad(time, to: 20), DisplayWidth.pad(entry.user, to: 10),
                DisplayWidth.pad(entry.action.rawValue, to: 7),
                DisplayWidth.pad(entry.outcome.rawValue, to: 10),
                DisplayWidth.pad(String((entry.keyId ?? "-").prefix(8)), to: 9),
            ].map(TextSanitizer.inert)
            let account = entry.profile.map { "[\($0)] " } ?? ""
            let line = cells.joined(separator: " ") + " " + account + entry.detail
            out += DisplayWidth.truncate(TextSanitizer.inert(line), to: max(40, width)) + "\n"
        }
        return out
    }
}
