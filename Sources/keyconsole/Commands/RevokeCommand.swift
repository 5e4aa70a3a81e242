import ArgumentParser
import ConsoleUI
import Foundation
import MomentoKeys

#if canImport(Glibc)
    import Glibc
#endif

/// `keyconsole revoke`: revoke keys by id or unique id prefix.
struct RevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke keys by id, or by a unique prefix of at least 8 characters.",
        discussion: """
            Names each key (id, role, description) and asks first on a terminal; without one, \
            refuses unless --yes. A prefix matching several keys is refused, listing them. \
            Full ids with --yes are revoked without listing the account first. Exits 1 when \
            any revoke failed, naming each.

            Examples:
              keyconsole revoke 267a490c
              keyconsole revoke 0f3c2a9e7b1d4c55a2e8f0b6c4d2e1a0 --yes
              keyconsole revoke --ids-from stale.txt --yes     # thousands of ids
            """)

    /// Ids this long are full ids, sent as given with `--yes`; shorter ones are prefixes.
    static let fullIdLength = 32
    /// The shortest prefix accepted: the 8 characters the console shows.
    static let shortestPrefix = 8

    @OptionGroup var connection: ConnectionOptions

    @OptionGroup var log: LogOptions

    @Argument(help: "The ids (or unique prefixes of at least 8 characters) of the keys to revoke.")
    var keyIds: [String] = []

    @Option(
        help: ArgumentHelp(
            "Also the ids in this file (- for standard input), separated by spaces or lines: for"
                + " thousands of ids, which the command line parses slowly.", valueName: "path"))
    var idsFrom: String?

    @Flag(help: "Do not ask.")
    var yes = false

    func validate() throws {
        guard !keyIds.isEmpty || idsFrom != nil else {
            throw ValidationError("Name at least one key id, or --ids-from.")
        }
        if idsFrom == "-", !yes {
            throw ValidationError("--ids-from - reads standard input, so it needs --yes.")
        }
    }

    /// The ids of the command line, then those of `--ids-from`.
    func allIds() throws -> [String] {
        guard let idsFrom else { return keyIds }
        let data: Data?
        if idsFrom == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            data = FileManager.default.contents(atPath: idsFrom)
        }
        guard let data else { throw CLIError("Cannot read \(idsFrom).") }
        return keyIds
            + String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace).map(
                String.init)
    }

    func run() async throws {
        let interactive = isatty(0) == 1 && isatty(2) == 1
        if !yes && !interactive {
            throw CLIError("Refusing to revoke without a terminal to ask on: pass --yes.")
        }
        let requested = try allIds()
        guard !requested.isEmpty else { throw CLIError("No key id was given.") }
        let (failures, count): ([String], Int) = try await BackendScope.run(
            connection, log, pacedRequests: requested.count
        ) { backend in
            var ids: [String] = []
            var given: Set<String> = []
            for id in requested where given.insert(id).inserted { ids.append(id) }
            var known: [String: ApiKeyInfo] = [:]
            var names: [String: String] = [:]
            if !yes || ids.contains(where: { $0.count < Self.fullIdLength }) {
                let keys = try await backend.service.listAllKeys(warn: BackendScope.warn)
                names = await BackendScope.roleNames(backend.service)
                // Matched through one index of the list: linear in the ids and the keys.
                let index = KeyMatcher(keys: keys, roleNames: names)
                var found: [ApiKeyInfo] = []
                var foundIds: Set<String> = []
                for id in ids {
                    let key = try index.match(id)
                    if foundIds.insert(key.keyId).inserted { found.append(key) }
                }
                ids = found.map(\.keyId)
                known = Dictionary(found.map { ($0.keyId, $0) }) { first, _ in first }
                for key in found {
                    Output.err("  " + Self.line(key, roleNames: names))
                }
            }
            if let own = backend.ownKeyId, ids.contains(own) {
                Output.err(
                    "Warning: \(own) is the key keyconsole is using; after revoking it, it will lose access."
                )
            }
            // A kept rotation's new key: its old key is then kept, not revoked at the end.
            for record in RotationRecords().load(account: backend.summary.location)
            where ids.contains(record.newKeyId) {
                Output.err("Warning: \(record.kept.revokingNote).")
            }
            if !yes {
                Output.prompt("Revoke \(ids.count) key\(ids.count == 1 ? "" : "s")? [y/N] ")
                let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
                guard answer == "y" || answer == "yes" else {
                    Output.err("Nothing revoked.")
                    return ([], ids.count)
                }
            }
            let audit = CommandAudit(backend: backend)
            var failures: [String] = []
            for id in ids {
                let key = known[id]
                do throws(KeyServiceError) {
                    try await audit.revoke(
                        id, service: backend.service,
                        role: key.map { names[$0.roleId] ?? $0.roleId },
                        description: key?.description)
                    Output.err("Revoked \(id)")
                } catch {
                    failures.append(id)
                    Output.err("Failed to revoke \(id): \(error.description)")
                }
            }
            return (failures, ids.count)
        }
        if !failures.isEmpty {
            throw CLIError(
                "\(failures.count) of \(count) revokes failed: \(failures.joined(separator: ", "))"
            )
        }
    }

    /// The key `argument` names: its exact id, else the one key whose id starts with it.
    static func match(
        _ argument: String, in keys: [ApiKeyInfo], roleNames: [String: String]
    ) throws -> ApiKeyInfo {
        try KeyMatcher(keys: keys, roleNames: roleNames).match(argument)
    }

    /// The keys of a list by id, and in id order for prefixes: each match is a look-up, not a
    /// pass over the list.
    struct KeyMatcher {
        let byId: [String: ApiKeyInfo]
        let sorted: [ApiKeyInfo]
        let roleNames: [String: String]

        init(keys: [ApiKeyInfo], roleNames: [String: String]) {
            byId = Dictionary(keys.map { ($0.keyId, $0) }) { first, _ in first }
            sorted = keys.sorted { $0.keyId.utf8.lexicographicallyPrecedes($1.keyId.utf8) }
            self.roleNames = roleNames
        }

        /// The key `argument` names: its exact id, else the one key whose id starts with it.
        func match(_ argument: String) throws -> ApiKeyInfo {
            if let exact = byId[argument] { return exact }
            guard argument.count >= RevokeCommand.shortestPrefix else {
                throw CLIError(
                    "\(argument) is no key id, and too short for a prefix: give at least"
                        + " \(RevokeCommand.shortestPrefix) characters.")
            }
            // The first id not before the prefix, then those that start with it.
            var low = 0
            var high = sorted.count
            while low < high {
                let middle = (low + high) / 2
                if sorted[middle].keyId.utf8.lexicographicallyPrecedes(argument.utf8) {
                    low = middle + 1
                } else {
                    high = middle
                }
            }
            let matches = sorted[low...].prefix { $0.keyId.utf8.starts(with: argument.utf8) }
            guard matches.count == 1, let only = matches.first else {
                if matches.isEmpty {
                    throw CLIError("No key's id is or starts with \(argument).")
                }
                throw CLIError(
                    "\(argument) matches \(matches.count) keys; give more characters. "
                        + matches.map { RevokeCommand.line($0, roleNames: roleNames) }
                        .joined(separator: "; "))
            }
            return only
        }
    }

    /// `id  Role  description`, inert.
    static func line(_ key: ApiKeyInfo, roleNames: [String: String]) -> String {
        TextSanitizer.inert(
            "\(key.keyId)  \(roleNames[key.roleId] ?? key.roleId)  \(key.description)")
    }
}
