import ArgumentParser
import Foundation
import KeyconsoleCore
import Logging
import MomentoKeys
import TextKit

/// `keyconsole rotate`: a new key in an old one's place, and the old one revoked now or after
/// an overlap; `--finish` revokes the old keys whose overlap has ended (for cron).
struct RotateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Replace a key with a new one; revoke the old one now or after an overlap.",
        discussion: """
            The new key has the old one's role, description and validity (30 days when the old \
            one never expires). It goes to --output FILE, --store NAME or a pipe, as for \
            create. Then --revoke-old revokes the old key at once, or --overlap DURATION keeps \
            both and records when the old one is due (the console shows due rotations, check \
            warns of overdue ones); `keyconsole rotate --finish` revokes the old keys whose \
            overlap has ended.

            Examples:
              keyconsole rotate 0f3c2a9e --store aws-prod --overlap 24h
              keyconsole rotate 0f3c2a9e --output ci.key --revoke-old
              keyconsole rotate --finish              # from cron
              keyconsole rotate --list                # the kept rotations and when each is due
            """)

    @OptionGroup var connection: ConnectionOptions

    @OptionGroup var log: LogOptions

    @Argument(
        help: "The key to rotate: its id, or a unique prefix of 8 characters or more.",
        completion: .custom { words, _, _ in CachedCompletion(words: words).keyIds() })
    var keyId: String?

    @OptionGroup var destination: SecretDestination

    @OptionGroup var policy: PolicyOverrideOption

    @Flag(help: "Revoke the old key once the new one is delivered.")
    var revokeOld = false

    @Option(
        help: ArgumentHelp(
            "Keep the old key this long (90s, 45m, 12h, 7d, 4w), then it is due.",
            valueName: "duration"))
    var overlap: DurationArgument?

    @Flag(help: "Revoke the old keys whose overlap has ended, and forget their rotations.")
    var finish = false

    @Flag(help: "List this account's kept rotations: old key, new key, when each is due.")
    var list = false

    func validate() throws {
        if list {
            guard keyId == nil, !revokeOld, overlap == nil, !finish else {
                throw ValidationError(
                    "--list takes no key id, --revoke-old, --overlap or --finish.")
            }
            return
        }
        if finish {
            guard keyId == nil, !revokeOld, overlap == nil else {
                throw ValidationError("--finish takes no key id, --revoke-old or --overlap.")
            }
            return
        }
        guard keyId != nil else { throw ValidationError("Name the key to rotate, or --finish.") }
        guard revokeOld != (overlap != nil) else {
            throw ValidationError("Give exactly one of --revoke-old and --overlap DURATION.")
        }
        try destination.refuseTerminal()
    }

    func run() async throws {
        if finish {
            try await finishDue()
            return
        }
        if list {
            try await listKept()
            return
        }
        let now = WallClock.current.now
        let config = ConsoleConfig.load()
        try await NewKeyDelivery.run(
            destination.settings, connection.settings, log.settings, now: now, config: config,
            command: "rotate"
        ) { backend, delivery, audit, logger in
            let service = backend.service
            let keys = try await service.listAllKeys(warn: BackendScope.warn)
            let names = await BackendScope.roleNames(service)
            let old = try KeyMatcher.match(keyId ?? "", in: keys, roleNames: names)
            // Named for the policy's role tables, or refused when they would not hold.
            let roleName = try await RoleLookup.named(
                (old.roleId, names[old.roleId] ?? old.roleId), policy: backend.policy(config),
                service
            ).name
            let endpoint = try delivery.endpoint(for: backend, connection.settings)
            // The old key's validity, capped at the policy's max_lifetime (and said so).
            let creation = CreationPolicy(
                config: config, backend: backend, roleName: roleName,
                override: policy.policyOverride)
            let validity = Self.expiry(replacing: old, now: now)
            var expiry = validity
            if policy.policyOverride == nil {
                expiry = creation.rules.capped(validity, now: now)
                if expiry != validity, let date = expiry.date {
                    Output.err(
                        "The old key's validity is past the policy's"
                            + " \(creation.rules.named(.maxLifetime)): the new key expires"
                            + " \(DateText.iso8601(date)).")
                }
            }
            let overridden = try await creation.check(expiry, now: now, backend: backend)
            let request = CreateKeyRequest(
                roleId: old.roleId, description: old.description, expiry: expiry)
            let created = try await delivery.create(
                request, roleName: roleName, service: service, logger: logger, audit: audit,
                action: .rotate, replaces: old.keyId, policyOverride: overridden)
            try await delivery.deliver(
                created, roleName: roleName, endpoint: endpoint, service: service,
                audit: audit, adminKey: backend.apiKey)
            let newId = created.keyInfo.keyId
            let json = destination.format == .json
            // A key held for the report on stdout goes out first: nothing after this may
            // lose it. What follows is then said on stderr.
            let early = delivery.holdsKeyForReport
            if early {
                try delivery.report(
                    created, roleName: roleName, endpoint: endpoint, prose: "",
                    replaces: old.keyId)
            }
            let made =
                "Created key \(newId) (\(roleName)) to replace \(old.keyId)"
                + (destination.output.map { ", written to \($0)" } ?? "")
                + (destination.store.map { ", stored in \($0)" } ?? "")
            if !json { Output.err(made) }
            if let overlap {
                let deadline = now.addingTimeInterval(TimeInterval(overlap.seconds))
                try record(old: old, newId: newId, deadline: deadline, now: now, backend)
                audit.record(.rotate, .done) { entry in
                    entry.keyId = newId
                    entry.replaces = old.keyId
                    entry.role = roleName
                    entry.description = old.description
                    entry.overlapUntil = DateText.iso8601(deadline)
                }
                let kept =
                    "Kept \(old.keyId) until \(DateText.iso8601(deadline)); then"
                    + " `keyconsole rotate --finish` revokes it."
                if early {
                    Output.err(kept)
                } else {
                    try delivery.report(
                        created, roleName: roleName, endpoint: endpoint, prose: kept,
                        replaces: old.keyId, keptUntil: deadline)
                }
            } else {
                try await Self.revoke(old.keyId, service: service, audit: audit)
                if early {
                    Output.err("Revoked \(old.keyId)")
                } else {
                    try delivery.report(
                        created, roleName: roleName, endpoint: endpoint,
                        prose: "Revoked \(old.keyId)", replaces: old.keyId, revoked: old.keyId)
                }
            }
        }
    }

    /// The new key's expiry: the old key's validity from now, 30 days when it never expires.
    static func expiry(replacing old: ApiKeyInfo, now: Date) -> Expiry {
        let seconds: Int64 =
            old.expiresAtEpochSeconds == nil ? 30 * 86400 : max(3600, old.lifetimeSeconds ?? 0)
        // Kept within the year 9999, whatever the old key's dates say.
        return .at(now.addingTimeInterval(TimeInterval(min(seconds, Expiry.latestEpochSeconds))))
    }

    private func record(
        old: ApiKeyInfo, newId: String, deadline: Date, now: Date, _ backend: Backend
    ) throws {
        do {
            var record = KeptRotation(
                account: backend.summary.location, oldKeyId: old.keyId, newKeyId: newId,
                description: old.description, deadline: deadline, recordedAt: now)
            record.accountId = old.accountId
            try RotationRecords().add(record)
        } catch {
            throw CLIError(
                "\(error.description). The new key \(newId) is delivered; revoke \(old.keyId)"
                    + " yourself when its overlap ends.")
        }
    }

    /// Revokes a key (404: already gone), recording it.
    static func revoke(
        _ keyId: String, service: any KeyService, audit: CommandAudit
    ) async throws {
        do throws(KeyServiceError) {
            try await audit.revoke(keyId, service: service, goneIsDone: true)
        } catch {
            throw CLIError("Failed to revoke \(keyId): \(error.description)")
        }
    }

    /// `--list`: this account's kept rotations, soonest due first, with their deadlines.
    private func listKept() async throws {
        let now = WallClock.current.now
        try await BackendScope.run(
            connection.settings, log.settings, access: .readOnly, command: "rotate --list"
        ) { backend in
            let kept = try RotationRecords().loadForCommand(account: backend.summary.location)
                .sorted { $0.deadline < $1.deadline }
            guard !kept.isEmpty else {
                Output.err("No kept rotations.")
                return
            }
            for rotation in kept { try Output.out(rotation.summary(now: now)) }
        }
    }

    /// `--finish`: revokes the old keys of this account whose overlap has ended, each only
    /// when its replacement is listed and valid for at least the overlap (on the list just
    /// fetched); an old key whose replacement is gone or lapsing is kept, said in one line
    /// naming both keys, and the run exits 1 once the other rotations are done.
    private func finishDue() async throws {
        let now = WallClock.current.now
        let records = RotationRecords()
        try await BackendScope.run(connection.settings, log.settings, command: "rotate --finish") {
            backend in
            let account = backend.summary.location
            let keys = try await backend.service.listAllKeys(
                warn: BackendScope.warn)
            // Only rotations whose old key this account lists: another account behind the
            // same key API keeps its records.
            let listed = Set(keys.map(\.keyId))
            let due = try records.loadForCommand(account: account).filter {
                $0.isDue(at: now) && listed.contains($0.oldKeyId)
            }
            guard !due.isEmpty else {
                let pending = try records.loadForCommand(account: account).filter {
                    listed.contains($0.oldKeyId)
                }
                Output.err(
                    pending.isEmpty
                        ? "No rotation is due."
                        : "No rotation is due; \(pending.count) pending, the first due"
                            + " \(DateText.iso8601(epochSeconds: Int64(pending.map(\.deadline).min()!.timeIntervalSince1970)))"
                            + " (rotate --list shows them).")
                return
            }
            let audit = CommandAudit(backend: backend)
            var failed: [String] = []
            var kept: [String] = []
            for record in due {
                if let problem = record.handoverProblem(keys: keys, now: now) {
                    kept.append(record.oldKeyId)
                    Output.err(
                        problem.sentence(oldKeyId: record.oldKeyId, newKeyId: record.newKeyId))
                    continue
                }
                do {
                    try await Self.revoke(record.oldKeyId, service: backend.service, audit: audit)
                    try? records.remove(oldKeyId: record.oldKeyId, account: account)
                    Output.err(
                        "Revoked \(record.oldKeyId), replaced by \(record.newKeyId) (due"
                            + " \(DateText.iso8601(record.deadline)))")
                } catch {
                    failed.append(record.oldKeyId)
                    Output.err("\(error)")
                }
            }
            var problems: [String] = []
            if !failed.isEmpty {
                problems.append(
                    "\(failed.count) of \(due.count) due rotations were not finished: "
                        + failed.joined(separator: ", "))
            }
            if !kept.isEmpty {
                problems.append(
                    "\(kept.count) of \(due.count) due rotations are broken, their old keys kept: "
                        + kept.joined(separator: ", "))
            }
            if !problems.isEmpty { throw CLIError(problems.joined(separator: "; ")) }
        }
    }
}
