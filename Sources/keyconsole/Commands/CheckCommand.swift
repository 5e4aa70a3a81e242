import ArgumentParser
import Foundation
import KeyconsoleCore
import MomentoKeys
import Synchronization
import SystemPackage
import TextKit

/// `keyconsole check`: a monitoring check of key expiry, Nagios style.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check key expiry for monitoring: exit 0 OK, 1 warning, 2 critical, 3 unknown.",
        discussion: """
            With --format prometheus the exit status is 0 whenever the exposition was written \
            (keyconsole_up 0 included), so a textfile pipeline keeps its metrics up to date \
            when keys are critical; it is non-zero only when the document could not be \
            written. The Nagios statuses are for text and json; text ends with Nagios \
            performance data (| expired=1 within_24h=4 within_7d=2 never=2 keys=12).

            Keys that never expire are not counted as expiring and have no Prometheus series. \
            Every format holds on failure: JSON always has "backend" and "status" (and "error" \
            when unknown); Prometheus always has keyconsole_up{backend} (1 or 0) and \
            keyconsole_scrape_duration_seconds. Without credentials the check is unknown (exit \
            3) unless the sandbox is asked for (--sandbox, KEYCONSOLE_SANDBOX); so it is when \
            the API has not answered within --timeout.

            Examples:
              keyconsole check --warn 7d --crit 1d
              keyconsole check --format json
              keyconsole check --format prometheus --output keys.prom
              keyconsole check --format prometheus > keys.prom.tmp && mv keys.prom.tmp keys.prom
              keyconsole check --cached --cache-max-age 5m --format json
            """)

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, prometheus
    }

    @OptionGroup var connection: ConnectionOptions

    @OptionGroup var log: LogOptions

    @OptionGroup var cache: CacheOptions

    @Option(help: ArgumentHelp("Warn when a key expires within this long.", valueName: "duration"))
    var warn = DurationArgument(argument: "7d")!

    @Option(
        help: ArgumentHelp(
            "Critical when a key expires within this long (or has expired).", valueName: "duration")
    )
    var crit = DurationArgument(argument: "1d")!

    @Option(help: "text, json or prometheus.")
    var format: Format = .text

    @Option(
        help: ArgumentHelp(
            "Write the document to this file instead of stdout, atomically (a file beside it,"
                + " renamed over it) and readable by all (0644), as node_exporter's textfile"
                + " collector needs.", valueName: "path"))
    var output: String?

    func validate() throws {
        guard crit.seconds <= warn.seconds else {
            throw ValidationError("--crit must not be longer than --warn.")
        }
    }

    func run() async throws {
        let started = ContinuousClock.now
        let now = WallClock.current.now
        let chosen = Mutex<BackendSummary?>(nil)
        let (connection, log, warn, crit, cache) = (
            connection.settings, log.settings, warn, crit, cache.settings
        )
        let verdict: Result<(ExpiryCheck, BackendSummary), any Error>
        do {
            // Under the monitor's own limit (Nagios waits 60 s): 50 s unless --timeout says.
            verdict = .success(
                try await BackendScope.run(
                    connection, log, access: .readOnly, defaultTimeout: "50s"
                ) { found in
                    chosen.withLock { $0 = found.summary }
                    let listing = try await KeyListing.fetch(found, cache, now: now)
                    var check = ExpiryCheck(
                        keys: listing.keys, roleNames: listing.roleNames, now: now,
                        warnSeconds: warn.seconds, critSeconds: crit.seconds)
                    check.cachedAt = listing.cachedAt
                    check.rotations(
                        try RotationRecords().loadForCommand(account: found.summary.location))
                    return (check, found.summary)
                })
        } catch {
            verdict = .failure(error)
        }
        let backend = chosen.withLock { $0 }
        let status: ExpiryCheck.Status
        do {
            let (document, verdictStatus) = report(verdict, backend: backend, started: started)
            if let output {
                try PrivateFile.replaceAtomically(
                    output, with: Array(document.utf8),
                    permissions: [.ownerReadWrite, .groupRead, .otherRead])
            } else {
                try Output.write(document)
            }
            // Prometheus reads the document, not the status: written is success.
            status = format == .prometheus ? .ok : verdictStatus
        } catch {
            // The verdict could not be written: to the monitor, the check is unknown.
            Output.err("\(error)")
            status = .unknown
        }
        if status != .ok { throw ExitCode(status.rawValue) }
    }

    /// The verdict, or why there is none, in the chosen format, and its status.
    private func report(
        _ verdict: Result<(ExpiryCheck, BackendSummary), any Error>, backend: BackendSummary?,
        started: ContinuousClock.Instant
    ) -> (document: String, status: ExpiryCheck.Status) {
        let seconds = Self.seconds(since: started)
        switch verdict {
        case .failure(let error):
            let message = TextSanitizer.inert("\(error)")
            switch format {
            case .text: return ("UNKNOWN: \(message)\n", .unknown)
            case .json:
                let report = CheckReport.unknown(
                    message, backend: backend, warnSeconds: warn.seconds,
                    critSeconds: crit.seconds)
                return (((try? report.json()) ?? CheckReport.encodingFailed) + "\n", .unknown)
            case .prometheus:
                Output.err(message)
                return (
                    CheckReport.prometheusHeader(up: false, backend: backend, seconds: seconds),
                    .unknown
                )
            }
        case .success(let (check, answered)):
            switch format {
            case .text:
                var line = check.text(warn: warn.description, crit: crit.description)
                if let cachedAt = check.cachedAt {
                    line += " (cached \(DurationText.ago(check.now.timeIntervalSince(cachedAt))))"
                }
                return (line + " | " + check.performanceData + "\n", check.status)
            case .json:
                guard let json = try? check.report(backend: answered).json() else {
                    return (CheckReport.encodingFailed + "\n", .unknown)
                }
                return (json + "\n", check.status)
            case .prometheus:
                return (
                    CheckReport.prometheusHeader(up: true, backend: answered, seconds: seconds)
                        + check.prometheusCache() + check.prometheusRotations()
                        + check.prometheus(), check.status
                )
            }
        }
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        (ContinuousClock.now - start) / .seconds(1)
    }
}
