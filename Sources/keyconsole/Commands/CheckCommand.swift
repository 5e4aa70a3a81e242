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
            Keys that never expire are not counted as expiring and have no Prometheus series. \
            Every format holds on failure: JSON always has "backend" and "status" (and "error" \
            when unknown); Prometheus always has keyconsole_up{backend} (1 or 0) and \
            keyconsole_scrape_duration_seconds. Without credentials the check is unknown (exit \
            3) unless the sandbox is asked for (--sandbox, KEYCONSOLE_SANDBOX).

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
    var warn = DurationArgument(argument: "7d")!

    @Option(
        help: ArgumentHelp(
            "Critical when a key expires within this long (or has expired).", valueName: "duration")
    )
    var crit = DurationArgument(argument: "1d")!

    @Option(help: "text, json or prometheus.")
    var format: Format = .text

    func validate() throws {
        guard crit.seconds <= warn.seconds else {
            throw ValidationError("--crit must not be longer than --warn.")
        }
    }

    func run() async throws {
        let started = ContinuousClock.now
        let now = BackendScope.now
        var backend: BackendSummary?
        let check: ExpiryCheck
        let answered: BackendSummary
        do {
            (check, answered) = try await BackendScope.run(connection) { found in
                backend = found.summary
                let check = ExpiryCheck(
                    keys: try await found.service.listAllKeys(),
                    roleNames: await BackendScope.roleNames(found.service), now: now,
                    warnSeconds: warn.seconds, critSeconds: crit.seconds)
                return (check, found.summary)
            }
        } catch {
            let message = TextSanitizer.inert("\(error)")
            let seconds = Self.seconds(since: started)
            switch format {
            case .text: try Output.out("UNKNOWN: \(message)")
            case .json:
                try Output.out(
                    CheckReport.unknown(
                        message, backend: backend, warnSeconds: warn.seconds,
                        critSeconds: crit.seconds
                    ).json())
            case .prometheus:
                try Output.write(
                    CheckReport.prometheusHeader(up: false, backend: backend, seconds: seconds))
                Output.err(message)
            }
            throw ExitCode(ExpiryCheck.Status.unknown.rawValue)
        }
        switch format {
        case .text: try Output.out(check.text(warn: warn.description, crit: crit.description))
        case .json: try Output.out(check.report(backend: answered).json())
        case .prometheus:
            try Output.write(
                CheckReport.prometheusHeader(
                    up: true, backend: answered, seconds: Self.seconds(since: started))
                    + check.prometheus())
        }
        if check.status != .ok { throw ExitCode(check.status.rawValue) }
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
