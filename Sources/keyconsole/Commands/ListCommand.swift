import ArgumentParser
import ConsoleUI
import Foundation
import KeyconsoleCore
import MomentoKeys
import TextKit

/// `keyconsole list`: every key, for scripts.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List every key of the account.",
        discussion: """
            Pages through the whole list. JSON objects carry the wire field names plus \
            role_name, seconds_remaining (null when the key never expires), and each date in \
            ISO 8601 UTC beside its epoch seconds: issued_at, expires_at (null when the key \
            never expires). --fields picks the fields, by those JSON names, for JSON and CSV: \
            key_id, account_id, role_id, role_name, description, issued_at, \
            issued_at_epoch_seconds, expires_at, expires_at_epoch_seconds, seconds_remaining.

            Examples:
              keyconsole list
              keyconsole list --expiring-within 7d --sort expiry
              keyconsole list --format json --role Operator
              keyconsole list --format csv > keys.csv
              keyconsole list --format json --fields key_id,description,expires_at
              keyconsole list --cached --cache-max-age 1h
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

    @OptionGroup var log: LogOptions

    @OptionGroup var cache: CacheOptions

    @Option(help: "table, json or csv.")
    var format: Format = .table

    @Option(
        help: ArgumentHelp(
            "Only keys expiring within this long (90s, 45m, 12h, 7d, 4w).", valueName: "duration"))
    var expiringWithin: DurationArgument?

    @Option(
        help: ArgumentHelp("Only keys with this role (name or id).", valueName: "role"),
        completion: .custom { words, _, _ in CachedCompletion(words: words).roleNames() })
    var role: String?

    @Option(help: "expiry, issued, role or description.")
    var sort: Sort = .expiry

    @Option(
        help: ArgumentHelp(
            "Only these fields, by their JSON names, for json and csv (key_id,expires_at).",
            valueName: "a,b,c"))
    var fields: String?

    func validate() throws {
        guard let fields else { return }
        guard format != .table else {
            throw ValidationError("--fields is for --format json or csv.")
        }
        if case .failure(let error) = KeyReport.Field.parse(fields) {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        let now = WallClock.current.now
        let cache = cache
        let listing = try await BackendScope.run(
            connection.settings, log.settings, access: .readOnly
        ) {
            backend in
            try await KeyListing.fetch(backend, cache.settings, now: now)
        }
        let (keys, names) = (listing.keys, listing.roleNames)
        if let cachedAt = listing.cachedAt {
            // The output stays what scripts parse; the notice goes to stderr.
            Output.err(KeyListing.notice(cachedAt, now: now))
        }
        var selected = keys
        if let window = expiringWithin?.seconds {
            selected = selected.filter { key in
                Countdown.secondsLeft(key, now: now).map { $0 <= window } ?? false
            }
        }
        if let role {
            let wanted = role.lowercased()
            func matches(_ id: String) -> Bool {
                id.lowercased() == wanted || (names[id] ?? "").lowercased() == wanted
            }
            let known = Set(names.keys).union(keys.map(\.roleId))
            guard known.contains(where: matches) else {
                throw CLIError.noRole(role, among: known.map { names[$0] ?? $0 }.sorted())
            }
            selected = selected.filter { matches($0.roleId) }
        }
        // The console's order for the column.
        let index = KeyIndex(keys: selected) { names[$0] ?? $0 }
        let order = index.select(
            filter: "", within: nil, now: now, sort: SortColumn(rawValue: sort.rawValue) ?? .expiry,
            reversed: false)
        let chosen = try fields.map { try KeyReport.Field.parse($0).get() }
        let report = KeyReport(
            keys: order.map { index.keys[Int($0)] }, roleNames: names, now: now, fields: chosen)
        // Written row by row, through a small buffer.
        var output = Output.Buffered()
        switch format {
        case .json:
            do {
                try report.writeJSON { try output.write($0) }
            } catch let error as CLIError {
                throw error
            } catch {
                throw CLIError("The list could not be encoded as JSON: \(error)")
            }
        case .csv: try report.writeCSV { try output.write($0) }
        case .table: try report.writeTable(width: TerminalWidth.current) { try output.write($0) }
        }
        try output.flush()
    }
}
