import ArgumentParser
import Foundation
import KeyconsoleCore
import MomentoKeys
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

            With several accounts (--profile given more than once, --all-profiles, or the \
            config's profiles) the status is the worst of all (critical, then unknown, then \
            warning): text has that line and then one line per account, JSON one report per \
            account under "accounts", and every Prometheus series a profile label; an account \
            that cannot be reached is keyconsole_up{profile="..."} 0 while the others report.

            Examples:
              keyconsole check --warn 7d --crit 1d
              keyconsole check --format json
              keyconsole check --format prometheus --output keys.prom
              keyconsole check --format prometheus > keys.prom.tmp && mv keys.prom.tmp keys.prom
              keyconsole check --cached --cache-max-age 5m --format json
              keyconsole check --all-profiles --format prometheus --output keys.prom
            """)

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, prometheus
    }

    @OptionGroup var connection: ConnectionOptions

    @OptionGroup var log: LogOptions

    @OptionGroup var cache: CacheOptions

    @Option(
        help: ArgumentHelp(
            "Warn when a key expires within this long (default: the policy's warn_before, else"
                + " 7d).", valueName: "duration"))
    var warn: DurationArgument?

    @Option(
        help: ArgumentHelp(
            "Critical when a key expires within this long, or has expired (default: the"
                + " policy's critical_before, else 1d).", valueName: "duration")
    )
    var crit: DurationArgument?

    @Option(help: "text, json or prometheus.")
    var format: Format = .text

    @Option(
        help: ArgumentHelp(
            "Write the document to this file instead of stdout, atomically (a file beside it,"
                + " renamed over it) and readable by all (0644), as node_exporter's textfile"
                + " collector needs.", valueName: "path"))
    var output: String?

    func validate() throws {
        if let crit, let warn, crit.seconds > warn.seconds {
            throw ValidationError("--crit must not be longer than --warn.")
        }
    }

    /// The thresholds for an account of `policy`: `--warn` and `--crit` when given, else the
    /// policy's (refused when they cross).
    private func thresholds(_ policy: KeyPolicy) throws -> (warn: Int64, crit: Int64) {
        let (warn, crit) = (
            warn?.seconds ?? policy.warnBefore, crit?.seconds ?? policy.criticalBefore
        )
        guard crit <= warn else {
            throw CLIError(
                "--crit or critical_before (\(KeyPolicy.duration(crit))) is longer than --warn or"
                    + " warn_before (\(KeyPolicy.duration(warn))).")
        }
        return (warn, crit)
    }

    /// The thresholds a report that was not made names: as given, else the defaults.
    private var warnSeconds: Int64 { warn?.seconds ?? KeyPolicy.defaultWarnBefore }
    private var critSeconds: Int64 { crit?.seconds ?? KeyPolicy.defaultCriticalBefore }

    func run() async throws {
        let started = ContinuousClock.now
        let now = WallClock.current.now
        let (connection, log, cache) = (connection.settings, log.settings, cache.settings)
        let config = ConsoleConfig.load()
        var results: [BackendScope.AccountResult<ExpiryCheck>] = []
        var before: CLIError?
        do {
            // Under the monitor's own limit (Nagios waits 60 s): 50 s unless --timeout says.
            results = try await BackendScope.runEach(
                connection, log, access: .readOnly, defaultTimeout: "50s"
            ) { found in
                let policy = found.policy(config)
                let (warn, crit) = try thresholds(policy.whole)
                let listing = try await KeyListing.fetch(found, cache, now: now)
                var check = ExpiryCheck(
                    keys: listing.keys, roleNames: listing.roleNames, now: now,
                    warnSeconds: warn, critSeconds: crit)
                check.cachedAt = listing.cachedAt
                check.rotations(
                    try RotationRecords().loadForCommand(account: found.summary.location))
                check.judge(policy)
                if let notice = policy.unnamedRoles(listing.keys, roleNames: listing.roleNames) {
                    BackendScope.warn(notice)
                }
                return check
            }
        } catch {
            before = error
        }
        let status: ExpiryCheck.Status
        do {
            let (document, verdictStatus) =
                results.count > 1
                ? several(results, now: now, started: started)
                : report(
                    results.first.map { one in
                        one.result.map { ($0, one.summary!) }.mapError { $0 as any Error }
                    } ?? .failure(before ?? CLIError("No account was asked for.")),
                    backend: results.first?.summary, started: started)
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

    /// The verdict over several accounts, in the chosen format, and the worst status: text
    /// has the overall line (with the performance data of all keys) and then one line per
    /// account; JSON one report per account; Prometheus every series with its `profile`.
    private func several(
        _ results: [BackendScope.AccountResult<ExpiryCheck>], now: Date,
        started: ContinuousClock.Instant
    ) -> (document: String, status: ExpiryCheck.Status) {
        let seconds = Self.seconds(since: started)
        var worst = ExpiryCheck.Status.ok
        var lines: [String] = []
        var reports: [CheckReport] = []
        var documents: [String] = []
        var every: [ApiKeyInfo] = []
        var states: [String] = []
        for account in results {
            let profile = account.profile ?? ""
            let name = TextSanitizer.inert(profile)
            switch account.result {
            case .success(var check):
                check.profile = profile
                worst = worst.worse(check.status)
                every += check.keys
                states.append("\(name) \(check.status.name)")
                lines.append("\(name): " + textLine(check))
                if let summary = account.summary {
                    var report = check.report(backend: summary)
                    report.profile = profile
                    reports.append(report)
                }
                documents.append(
                    exposition(check, backend: account.summary, seconds: seconds))
            case .failure(let error):
                // Server text is inert in every format.
                let message = TextSanitizer.inert(error.description)
                worst = worst.worse(.unknown)
                states.append("\(name) UNKNOWN")
                lines.append("\(name): UNKNOWN: \(message)")
                var report = CheckReport.unknown(
                    message, backend: account.summary, warnSeconds: warnSeconds,
                    critSeconds: critSeconds)
                report.profile = profile
                reports.append(report)
                if format == .prometheus { Output.err("\(name): \(message)") }
                documents.append(
                    CheckReport.prometheusHeader(
                        up: false, backend: account.summary, seconds: seconds, profile: profile))
            }
        }
        switch format {
        case .text:
            let all = ExpiryCheck(
                keys: every, roleNames: [:], now: now,
                warnSeconds: warnSeconds, critSeconds: critSeconds)
            let first =
                "\(worst.name): \(results.count) accounts: \(states.joined(separator: ", "))"
                + " | " + all.performanceData
            return (([first] + lines).joined(separator: "\n") + "\n", worst)
        case .json:
            guard let json = try? CheckReport.Accounts(status: worst, accounts: reports).json()
            else { return (CheckReport.encodingFailed + "\n", .unknown) }
            return (json + "\n", worst)
        case .prometheus:
            return (PrometheusDocument.merge(documents), worst)
        }
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
                    message, backend: backend, warnSeconds: warnSeconds,
                    critSeconds: critSeconds)
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
                return (textLine(check) + " | " + check.performanceData + "\n", check.status)
            case .json:
                guard let json = try? check.report(backend: answered).json() else {
                    return (CheckReport.encodingFailed + "\n", .unknown)
                }
                return (json + "\n", check.status)
            case .prometheus:
                return (exposition(check, backend: answered, seconds: seconds), check.status)
            }
        }
    }

    /// The verdict's text line: the check's, and the age of a cached list.
    private func textLine(_ check: ExpiryCheck) -> String {
        var line = check.text(
            warn: warn?.description ?? KeyPolicy.duration(check.warnSeconds),
            crit: crit?.description ?? KeyPolicy.duration(check.critSeconds))
        if let cachedAt = check.cachedAt {
            line += " (cached \(DurationText.ago(check.now.timeIntervalSince(cachedAt))))"
        }
        return line
    }

    /// The Prometheus document of a check that was made: `keyconsole_up 1` and the duration,
    /// the cache's age, the rotations and the keys, each series with the check's `profile`
    /// when it has one.
    private func exposition(_ check: ExpiryCheck, backend: BackendSummary?, seconds: Double)
        -> String
    {
        CheckReport.prometheusHeader(
            up: true, backend: backend, seconds: seconds, profile: check.profile)
            + check.prometheusCache() + check.prometheusRotations() + check.prometheusFindings()
            + check.prometheus()
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        (ContinuousClock.now - start) / .seconds(1)
    }
}
