import ArgumentParser
import ConsoleUI
import Foundation
import MomentoKeys

/// `keyconsole list`: every key, for scripts.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List every key of the account.",
        discussion: """
            Pages through the whole list. JSON objects carry the wire field names plus \
            role_name and seconds_remaining (null when the key never expires).

            Examples:
              keyconsole list
              keyconsole list --format json --sandbox /tmp/demo.sqlite
              keyconsole list --format csv > keys.csv
            """)

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv
    }

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "table, json or csv.")
    var format: Format = .table

    func run() async throws {
        let backend: Backend
        do {
            backend = try await BackendResolver(options: connection).resolve()
        } catch {
            throw CLIError(error.description)
        }
        let keys: [ApiKeyInfo]
        let roles: [Role]
        do {
            keys = try await backend.service.listAllKeys()
            roles = (try? await backend.service.allRoles()) ?? Role.system
        } catch {
            await backend.shutdown()
            throw CLIError(error.description)
        }
        await backend.shutdown()
        let names = Dictionary(roles.map { ($0.roleId, $0.roleName) }) { first, _ in first }
        let report = KeyReport(keys: keys, roleNames: names, now: Date())
        switch format {
        case .json: Output.out(report.json())
        case .csv: FileHandle.standardOutput.write(Data(report.csv().utf8))
        case .table: FileHandle.standardOutput.write(Data(report.table(width: 120).utf8))
        }
    }
}
