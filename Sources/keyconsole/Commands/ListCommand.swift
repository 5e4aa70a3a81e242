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
            issued_at_epoch_seconds, expires_at, expires_at_epoch_seconds, seconds_remaining, \
            profile.

            With several accounts (--profile given more than once, --all-profiles, or the \
            config's profiles) the keys of all are one list: JSON stays one array and each key \
            carries profile, CSV and the table gain a profile (ACCOUNT) column. An account that \
            fails is named on stderr, the others are listed, and the exit status is 1.

            Examples:
              keyconsole list
              keyconsole list --expiring-within 7d --sort expiry
              keyconsole list --format json --role Operator
              keyconsole list --format csv > keys.csv
              keyconsole list --format json --fields key_id,description,expires_at
              keyconsole list --cached --cache-max-age 1h
              keyconsole list --all-profiles --expiring-within 7d
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
        let cache = cache.settings
        let results = try await BackendScope.runEach(
            connection.settings, log.settings, access: .readOnly
        ) { backend in
            try await KeyListing.fetch(backend, cache, now: now)
        }
        var listings: [(profile: String, listing: KeyListing)] = []
        var failed: [String] = []
        for account in results {
            switch account.result {
            case .success(let listing):
                if let cachedAt = listing.cachedAt {
                    // The output stays what scripts parse; the notice goes to stderr.
                    Output.err(
                        (account.profile.map { "\($0): " } ?? "")
                            + KeyListing.notice(cachedAt, now: now))
                }
                listings.append((account.profile ?? "", listing))
            case .failure(let error):
                guard results.count > 1 else { throw error }
                failed.append(account.profile ?? "")
                Output.err("Error: profile \(account.profile ?? ""): \(error.description)")
            }
        }
        let several = results.count > 1
        let merged = MergedListing(listings)
        let names = merged.anyRoleNames
        var selected = Array(merged.keys.indices)
        if let window = expiringWithin?.seconds {
            selected = selected.filter { index in
                Countdown.secondsLeft(merged.keys[index], now: now).map { $0 <= window } ?? false
            }
        }
        if let role {
            let wanted = role.lowercased()
            func matches(_ id: String, _ names: [String: String]) -> Bool {
                id.lowercased() == wanted || (names[id] ?? "").lowercased() == wanted
            }
            let known = Set(names.keys).union(merged.keys.map(\.roleId))
            guard known.contains(where: { matches($0, names) }) else {
                throw CLIError.noRole(role, among: known.map { names[$0] ?? $0 }.sorted())
            }
            selected = selected.filter { index in
                matches(
                    merged.keys[index].roleId, merged.roleNames[merged.profiles[index]] ?? names)
            }
        }
        // The console's order for the column, each role by its own account's name.
        let index = KeyIndex(
            keys: selected.map { merged.keys[$0] },
            roleNameAt: { position in
                let key = merged.keys[selected[position]]
                let own = merged.roleNames[merged.profiles[selected[position]]] ?? names
                return own[key.roleId] ?? key.roleId
            })
        let order = index.select(
            filter: "", within: nil, now: now, sort: SortColumn(rawValue: sort.rawValue) ?? .expiry,
            reversed: false
        ).map { selected[Int($0)] }
        let chosen = try fields.map { try KeyReport.Field.parse($0).get() }
        let report = KeyReport(
            keys: order.map { merged.keys[$0] }, roleNames: names, now: now, fields: chosen,
            profiles: several ? order.map { merged.profiles[$0] } : nil,
            accountRoleNames: several ? merged.roleNames : [:])
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
        if !failed.isEmpty {
            throw CLIError(
                "The keys of \(failed.joined(separator: ", ")) are not in the list: see above.")
        }
    }
}
