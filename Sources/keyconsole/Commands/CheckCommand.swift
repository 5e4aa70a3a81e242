import ArgumentParser
import ConsoleUI
import Foundation
import MomentoKeys

/// `keyconsole check`: a monitoring check of key expiry, Nagios style.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check key expiry for monitoring: exit 0 OK, 1 warning, 2 critical, 3 unknown.",
        discussion: """
            Keys that never expire are not counted as expiring and have no Prometheus series.

            Examples:
              keyconsole check --warn 7d --crit 1d
              keyconsole check --format json
              keyconsole check --format prometheus > /var/lib/node_exporter/momento_keys.prom
            """)

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, prometheus
    }

    @OptionGroup var connection: ConnectionOptions

    @Option(help: ArgumentHelp("Warn when a key expires within this long.", valueName: "duration"))
    var warn = "7d"

    @Option(
        help: ArgumentHelp(
            "Critical when a key expires within this long (or has expired).", valueName: "duration")
    )
    var crit = "1d"

    @Option(help: "text, json or prometheus.")
    var format: Format = .text

    func validate() throws {
        guard let warnSeconds = DurationText.seconds(warn),
            let critSeconds = DurationText.seconds(crit)
        else {
            throw ValidationError(
                "--warn and --crit take durations such as 90s, 45m, 12h, 7d or 4w.")
        }
        guard critSeconds <= warnSeconds else {
            throw ValidationError("--crit must not be longer than --warn.")
        }
    }

    func run() async throws {
        let now = BackendScope.now
        let keys: [ApiKeyInfo]
        let names: [String: String]
        do {
            (keys, names) = try await BackendScope.run(connection) { backend in
                (
                    try await backend.service.listAllKeys(),
                    await BackendScope.roleNames(backend.service)
                )
            }
        } catch {
            Output.out("UNKNOWN: \(error)")
            throw ExitCode(ExpiryCheck.Status.unknown.rawValue)
        }
        let check = ExpiryCheck(
            keys: keys, roleNames: names, now: now, warnSeconds: DurationText.seconds(warn)!,
            critSeconds: DurationText.seconds(crit)!)
        switch format {
        case .text: Output.out(check.text(warn: warn, crit: crit))
        case .json: Output.out(check.json())
        case .prometheus: Output.write(check.prometheus())
        }
        if check.status != .ok { throw ExitCode(check.status.rawValue) }
    }
}
