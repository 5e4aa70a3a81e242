import ArgumentParser
import Foundation
import MomentoKeys

#if canImport(Glibc)
    import Glibc
#endif

/// `keyconsole revoke`: revoke keys by id.
struct RevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke keys by id.",
        discussion: """
            Asks first on a terminal; without one, refuses unless --yes. Exits 1 when any \
            revoke failed, naming each.

            Examples:
              keyconsole revoke 0f3c2a9e...
              keyconsole revoke ID1 ID2 --yes
            """)

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The ids of the keys to revoke.")
    var keyIds: [String]

    @Flag(help: "Do not ask.")
    var yes = false

    func validate() throws {
        guard !keyIds.isEmpty else { throw ValidationError("Name at least one key id.") }
    }

    func run() async throws {
        let interactive = isatty(0) == 1 && isatty(2) == 1
        if !yes && !interactive {
            throw CLIError("Refusing to revoke without a terminal to ask on: pass --yes.")
        }
        let failures: [String] = try await BackendScope.run(connection) { backend in
            if let own = backend.ownKeyId, keyIds.contains(own) {
                Output.err(
                    "Warning: \(own) is the key keyconsole is using; after revoking it, it will lose access."
                )
            }
            if !yes {
                FileHandle.standardError.write(
                    Data("Revoke \(keyIds.count) key\(keyIds.count == 1 ? "" : "s")? [y/N] ".utf8))
                let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
                guard answer == "y" || answer == "yes" else {
                    Output.err("Nothing revoked.")
                    return []
                }
            }
            var failures: [String] = []
            for id in keyIds {
                do throws(KeyServiceError) {
                    try await backend.service.revokeKey(id: id)
                    Output.err("Revoked \(id)")
                } catch {
                    failures.append(id)
                    Output.err("Failed to revoke \(id): \(error.description)")
                }
            }
            return failures
        }
        if !failures.isEmpty {
            throw CLIError(
                "\(failures.count) of \(keyIds.count) revokes failed: \(failures.joined(separator: ", "))"
            )
        }
    }
}
