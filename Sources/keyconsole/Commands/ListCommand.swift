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
              keyconsole list --expiring-within 7d --sort expiry
              keyconsole list --format json --role Operator
              keyconsole list --format csv > keys.csv
            """)

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv
    }

    /// Sort orders.
    enum Sort: String, ExpressibleByArgument, CaseIterable {
        case expiry, issued, role, description
    }

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "table, json or csv.")
    var format: Format = .table

    @Option(
        help: ArgumentHelp(
            "Only keys expiring within this long (90s, 45m, 12h, 7d, 4w).", valueName: "duration"))
    var expiringWithin: String?

    @Option(help: ArgumentHelp("Only keys with this role (name or id).", valueName: "role"))
    var role: String?

    @Option(help: "expiry, issued, role or description.")
    var sort: Sort = .expiry

    func validate() throws {
        if let expiringWithin, DurationText.seconds(expiringWithin) == nil {
            throw ValidationError(
                "--expiring-within takes a duration such as 90s, 45m, 12h, 7d or 4w.")
        }
    }

    func run() async throws {
        let now = BackendScope.now
        let (keys, names) = try await BackendScope.run(connection) { backend in
            (try await backend.service.listAllKeys(), await BackendScope.roleNames(backend.service))
        }
        var selected = keys
        if let window = expiringWithin.flatMap(DurationText.seconds) {
            selected = selected.filter { key in
                Countdown.secondsLeft(key, now: now).map { $0 <= window } ?? false
            }
        }
        if let role {
            let wanted = role.lowercased()
            selected = selected.filter {
                $0.roleId.lowercased() == wanted || (names[$0.roleId] ?? "").lowercased() == wanted
            }
        }
        var state = ConsoleState(backend: BackendInfo(kind: .sandbox(path: "")), now: now)
        state.roleNames.merge(names) { $1 }
        state.keys = selected
        state.loaded = true
        state.sort = SortColumn(rawValue: sort.rawValue) ?? .expiry
        let report = KeyReport(keys: state.visibleKeys, roleNames: names, now: now)
        switch format {
        case .json: Output.out(report.json())
        case .csv: Output.write(report.csv())
        case .table: Output.write(report.table(width: TerminalWidth.current))
        }
    }
}
