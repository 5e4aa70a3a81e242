import Foundation
import MomentoKeys
import ScreenModel
import TOMLKit
import TextKit

/// keyconsole's own settings file, `$XDG_CONFIG_HOME/keyconsole/config`, in TOML: the chosen
/// endpoint, the secret stores, and where the audit journal goes. Never a key.
///
/// ```toml
/// endpoint = "cell-4-us-west-2-1.prod.a.momentohq.com"
/// mouse = false         # clicks and the wheel stay the terminal's (as --no-mouse)
/// theme = "light"       # dark, light or auto (the terminal's background; as --theme)
///
/// [stores.aws-prod]   # the secret exists first: docs/secret-stores.md
/// command = ["aws", "secretsmanager", "put-secret-value", "--secret-id",
///            "momento/prod-api-key", "--secret-string", "file:///dev/stdin"]
/// format = "raw"        # raw, env or json
/// timeout = 30          # seconds
///
/// [audit]
/// shared_journal = "/var/log/keyconsole/audit.jsonl"
/// syslog = "/dev/log"
/// ```
///
/// Files written before it was TOML (`endpoint = cell-...` lines) still read.
package struct ConsoleConfig {
    /// The chosen cell endpoint.
    package var endpoint: String?
    /// Whether the console asks for the mouse (`mouse = false` leaves it to the terminal).
    package var mouse = true
    /// The palette asked for (`theme = "dark"`, `"light"` or `"auto"`); `nil` when not set.
    package var theme: Theme.Choice?
    /// Why `theme` was not taken, when its value is none of dark, light or auto.
    package var themeProblem: String?
    /// The secret stores, by name.
    package var stores: [String: SecretStore] = [:]
    /// The audit journal, when not the default.
    package var auditJournal: String?
    /// A second journal to append to.
    package var sharedAuditJournal: String?
    /// A syslog socket to send each entry to.
    package var auditSyslog: String?
    /// Why the file could not be read, if it could not (then only defaults apply).
    package var problem: String?
    /// The profiles of Momento CLI's credentials file a run uses when none is named
    /// (`profiles = ["prod", "staging"]`).
    package var profiles: [String]?
    /// One profile's own settings (`[profile.staging]`; `profile`, not `profiles`, since TOML
    /// cannot make `profiles` both the list above and a table).
    package struct Profile: Sendable, Hashable {
        /// The key API of this account (`api_url`): plain `http://` only to loopback.
        package var apiURL: String?
        /// Destructive actions disabled on this account's keys (`read_only = true`).
        package var readOnly = false
    }
    /// The settings of each profile that has a `[profile.NAME]` table.
    package var profileSettings: [String: Profile] = [:]
    /// Why the accounts' settings cannot be trusted, when they cannot: the file is not TOML
    /// (its `profiles` and `read_only` unread), or a `[profile.NAME]` holds a key keyconsole
    /// does not know (a misspelt `read_only` would leave an account writable).
    package var accountsProblem: String?
    /// The key hygiene policy (`[policy]`, `[policy.roles.NAME]`, `[profile.NAME.policy]`).
    package var policy = Policy()
    /// Why the policy cannot be taken, naming the key and the reason: keyconsole then refuses
    /// to start.
    package var policyProblem: String?

    package static var path: String {
        XDGDirectories().config.appendingPathComponent("config").path
    }

    /// The file as TOML decodes it.
    private struct File: Decodable {
        struct Store: Decodable {
            var command: [String]
            var format: String?
            var timeout: Int?
        }
        struct Audit: Decodable {
            var journal: String?
            var sharedJournal: String?
            var syslog: String?
            enum CodingKeys: String, CodingKey {
                case journal, syslog
                case sharedJournal = "shared_journal"
            }
        }
        struct ProfileTable: Decodable {
            var apiURL: String?
            var readOnly: Bool?
            enum CodingKeys: String, CodingKey {
                case apiURL = "api_url"
                case readOnly = "read_only"
            }
        }
        var endpoint: String?
        var mouse: Bool?
        var theme: String?
        var profiles: [String]?
        var profile: [String: ProfileTable]?
        var stores: [String: Store]?
        var audit: Audit?
    }

    /// The saved settings; an absent file is empty settings, an unreadable one says why.
    package static func load(from path: String = ConsoleConfig.path) -> ConsoleConfig {
        guard FileManager.default.fileExists(atPath: path) else { return ConsoleConfig() }
        guard let data = FileManager.default.contents(atPath: path) else {
            return unreadable("\(path) cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return unreadable("\(path) is not UTF-8 text")
        }
        return parse(text, path: path)
    }

    /// Settings from a file that exists and cannot be read: its policy and accounts are not
    /// taken for none (a policy lost would let keys be made that it forbids).
    private static func unreadable(_ reason: String) -> ConsoleConfig {
        var config = ConsoleConfig(problem: reason)
        config.accountsProblem = reason
        config.policyProblem = reason
        return config
    }

    /// The settings `text` holds.
    package static func parse(_ text: String, path: String = ConsoleConfig.path) -> ConsoleConfig {
        let file: File
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
            file = try TOMLDecoder().decode(File.self, from: root)
        } catch {
            if let legacy = legacy(text) { return legacy }
            var broken = ConsoleConfig(problem: "\(path) is not valid TOML (\(describe(error)))")
            broken.accountsProblem = broken.problem
            broken.policyProblem = broken.problem
            return broken
        }
        var config = ConsoleConfig(endpoint: file.endpoint.flatMap { $0.isEmpty ? nil : $0 })
        config.mouse = file.mouse ?? true
        config.profiles = file.profiles
        for (name, table) in file.profile ?? [:] {
            config.profileSettings[name] = Profile(
                apiURL: table.apiURL, readOnly: table.readOnly ?? false)
        }
        do {
            config.policy = try PolicyReader.read(root)
        } catch {
            config.policyProblem = "\(error.description) in \(path)"
        }
        let known: Set<String> = ["api_url", "read_only", "policy"]
        for name in (root["profile"]?.table?.keys ?? []).sorted() {
            let unknown = (root["profile"]?[name]?.table?.keys ?? []).filter { !known.contains($0) }
            if let first = unknown.sorted().first {
                config.accountsProblem =
                    "[profile.\(TextSanitizer.inert(name))] in \(path) has \(TextSanitizer.inert(first)),"
                    + " which keyconsole does not know (it knows api_url, read_only and policy)"
                break
            }
        }
        if let theme = file.theme {
            config.theme = Theme.Choice(rawValue: theme)
            if config.theme == nil {
                config.themeProblem =
                    "theme in \(path) is \"\(TextSanitizer.inert(theme))\": it must be dark, light"
                    + " or auto"
            }
        }
        config.auditJournal = file.audit?.journal
        config.sharedAuditJournal = file.audit?.sharedJournal
        config.auditSyslog = file.audit?.syslog
        var problems: [String] = []
        for (name, store) in (file.stores ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let format = SecretStore.Format(rawValue: store.format ?? "raw") else {
                problems.append("store \(name): format must be raw, env or json")
                continue
            }
            guard !store.command.isEmpty, !(store.command.first ?? "").isEmpty else {
                problems.append("store \(name): command is empty")
                continue
            }
            if let problem = SecretStore.commandProblem(store.command) {
                problems.append("store \(name): \(problem)")
                continue
            }
            config.stores[name] = SecretStore(
                name: name, command: store.command, format: format,
                timeout: .seconds(max(1, min(store.timeout ?? 30, 600))))
        }
        config.problem = problems.isEmpty ? nil : problems.joined(separator: "; ")
        return config
    }

    /// A file of the old kind: `name = value` lines, the value unquoted.
    private static func legacy(_ text: String) -> ConsoleConfig? {
        var config = ConsoleConfig()
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let parts = trimmed.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            if name == "endpoint", !value.isEmpty { config.endpoint = value }
        }
        return config
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? TOMLParseError {
            return "line \(error.source.begin.line): \(error.description)"
        }
        return "\(error)"
    }

    /// Saves `endpoint`, keeping every other line of the file as it is: the top-level
    /// `endpoint` line is replaced (or added first), written atomically.
    package static func save(endpoint: String, to given: String = ConsoleConfig.path) throws {
        // A config that is a link (to a dotfiles checkout) stays one: its target is written,
        // and keeps its mode.
        let path = URL(fileURLWithPath: given).resolvingSymlinksInPath().path
        let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions]
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let old = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let entry = "endpoint = \(quoted(endpoint))"
        var lines = old.isEmpty ? [] : old.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        let topLevel =
            lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix("[") }
            ?? lines.count
        if let index = lines[..<topLevel].firstIndex(where: {
            $0.trimmingCharacters(in: .whitespaces).hasPrefix("endpoint")
                && $0.contains("=")
        }) {
            lines[index] = entry
        } else if lines.isEmpty {
            lines = ["# keyconsole settings; the region picker (p) writes the endpoint", entry]
        } else {
            lines.insert(entry, at: topLevel)
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(
            to: URL(fileURLWithPath: path), options: .atomic)
        if let mode {
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        }
    }

    /// `text` as a TOML basic string.
    package static func quoted(_ text: String) -> String { TOMLText.quoted(text) }
}
