import ArgumentParser
import Foundation
import KeyconsoleCore
import MomentoKeys
import TextKit

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

    @OptionGroup var connection: ConnectionOptions

    @OptionGroup var log: LogOptions

    @Argument(
        help: "The ids (or unique prefixes of at least 8 characters) of the keys to revoke.",
        completion: .custom { words, _, _ in CachedCompletion(words: words).keyIds() })
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
            connection.settings, log.settings, pacedRequests: requested.count, command: "revoke"
        ) { backend in
            var ids: [String] = []
            var given: Set<String> = []
            for id in requested where given.insert(id).inserted { ids.append(id) }
            var known: [String: ApiKeyInfo] = [:]
            var names: [String: String] = [:]
            if !yes || ids.contains(where: { $0.count < KeyMatcher.fullIdLength }) {
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
                    Output.err("  " + KeyMatcher.line(key, roleNames: names))
                }
            }
            if let own = backend.ownKeyId, ids.contains(own) {
                Output.err(
                    "Warning: \(own) is the key keyconsole is using; after revoking it, it will lose access."
                )
            }
            // A kept rotation's new key: its old key is then kept, not revoked at the end.
            do throws(RotationRecords.Failure) {
                for record in try RotationRecords().load(account: backend.summary.location)
                where ids.contains(record.newKeyId) {
                    Output.err("Warning: \(record.revokingNote).")
                }
            } catch {
                Output.err("Warning: \(error.description).")
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
}
