import ArgumentParser
import Foundation
import KeyconsoleCore
import Logging
import MomentoKeys
import TextKit

/// `keyconsole migrate`: the v2 replacement of a v1 key, a disposable token or a legacy
/// token, created with the admin's v2 key for the v1 key's own endpoint.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Replace a v1 key with a v2 key for the same endpoint, and show the code change.",
        discussion: """
            The v1 key (or disposable or legacy token) is read from stdin, --from-profile NAME \
            of Momento's credentials file, or --from-env-file PATH (MOMENTO_API_KEY= or \
            MOMENTO_AUTH_TOKEN=); never from the command line, and never printed. keyconsole \
            says what it is, its endpoint and region, and its expiry, then creates the v2 key \
            with your admin v2 key (the usual credentials) for that endpoint. The new key goes \
            where create sends it (--output, --store, a pipe), or with --to-profile NAME into \
            the credentials file as api_key_v2= and endpoint=. --dry-run creates nothing. \
            There is no reliable mapping from v1 permissions to roles, so --role is required. \
            The v1 key keeps working until it expires: the v2 key API cannot revoke it.

            Examples:
              keyconsole migrate --from-profile legacy --role Operator --to-profile app-v2
              keyconsole migrate --from-env-file app.env --role Viewer --output app-v2.env --output-format env
              keyconsole migrate --role Operator --dry-run < old.key
            """)

    @OptionGroup var connection: ConnectionOptions

    @OptionGroup var log: LogOptions

    @Option(
        help: ArgumentHelp(
            "Read the v1 key from this profile of Momento's credentials file (api_key= or"
                + " token=).", valueName: "name"))
    var fromProfile: String?

    @Option(
        help: ArgumentHelp(
            "Read the v1 key from this env file (MOMENTO_API_KEY= or MOMENTO_AUTH_TOKEN=).",
            valueName: "path"))
    var fromEnvFile: String?

    @Option(
        help: "The new key's role, by name (Operator, or a custom role's name) or id.",
        completion: .custom { words, _, _ in CachedCompletion(words: words).roleNames() })
    var role: String

    @Option(help: "What the key is for (default: migrated from v1 <the v1 key's subject>).")
    var description: String?

    @OptionGroup var expiry: ExpiryOptions

    @OptionGroup var destination: SecretDestination

    @OptionGroup var policy: PolicyOverrideOption

    @Option(
        help: ArgumentHelp(
            "Add the new key as this profile of Momento's credentials file (api_key_v2=,"
                + " endpoint=); nothing else in the file changes.", valueName: "name"))
    var toProfile: String?

    @Flag(help: "Show what would be created, and create nothing.")
    var dryRun = false

    /// Anything else on the command line: a key there is refused without being repeated.
    @Argument(parsing: .allUnrecognized, help: .hidden)
    var stray: [String] = []

    func validate() throws {
        if destination.format == .json, toProfile != nil || dryRun {
            throw ValidationError(
                "--format json reports a key sent to --output, --store or stdout: leave out"
                    + " --to-profile and --dry-run.")
        }
        guard stray.isEmpty else {
            // Never quoted: it may be the key, which must not reach the scrollback too.
            throw ValidationError(
                "migrate takes no arguments (\(stray.count) given, not repeated here). "
                    + SecretInput.commandLineAdvice)
        }
        guard connection.region == nil else {
            throw ValidationError(
                "--region does not apply: the new key is for the v1 key's own endpoint.")
        }
        try SecretInput.refuseKeys(
            in: [
                ("--from-profile", fromProfile), ("--from-env-file", fromEnvFile), ("--role", role),
                ("--description", description), ("--to-profile", toProfile),
                ("--output", destination.output), ("--store", destination.store),
                ("--profile-name", destination.profileName),
                ("--region", connection.region), ("--api-url", connection.apiURL),
                ("--sandbox", connection.sandbox.path),
            ] + connection.profile.map { ("--profile", $0) })
        guard fromProfile == nil || fromEnvFile == nil else {
            throw ValidationError("Give at most one of --from-profile and --from-env-file.")
        }
        if let toProfile {
            guard SecretFileFormat.isValidProfileName(toProfile) else {
                throw ValidationError(
                    "--to-profile takes letters, digits, '.', '_' and '-' only (at most 64).")
            }
            guard destination.output == nil, destination.store == nil, !destination.print else {
                throw ValidationError(
                    "--to-profile writes the key to the credentials file: leave out --output,"
                        + " --store and --print.")
            }
        } else if !dryRun {
            try destination.refuseTerminal()
        }
    }

    /// Where the key goes, in words.
    private var destinationText: String {
        if let toProfile { return "profile \(toProfile) of \(credentialsPath)" }
        if let store = destination.store { return "the secret store \(store)" }
        if let output = destination.output {
            return "\(output) (\(destination.outputFormat.rawValue), mode 0600)"
        }
        return "stdout (\(destination.outputFormat.rawValue))"
    }

    /// Whether the new key's plaintext goes to stdout: then what is said goes to stderr.
    private var keyOnStdout: Bool {
        !dryRun && toProfile == nil && destination.output == nil && destination.store == nil
    }

    private var credentialsPath: String { CredentialResolver().credentialsPath }

    func run() async throws {
        let now = WallClock.current.now
        // With --format json the report is stdout's only output; the prose goes to stderr.
        let say: (String) -> Void = { [keyOnStdout, destination] line in
            if keyOnStdout || destination.format == .json {
                Output.err(line)
            } else {
                try? Output.out(line)
            }
        }
        // The v1 key first: nothing is looked up or created for a text that is not one.
        let old: V1Credential
        do {
            old = try V1Credential.read(try readOldKey())
        } catch let error as MigrationError {
            throw CLIError(error.description)
        }
        // What it is, said before anything else is needed.
        let table = BackendResolver(options: connection.settings).regionTable()
        for line in Self.describe(old, table: table, now: now) { say(line) }
        try checkAdminCredentials()
        let expiry = try self.expiry.expiry(now: now)
        let description = self.description ?? old.defaultDescription
        let config = ConsoleConfig.load()
        if let toProfile {
            do {
                try CredentialsAppender.check(name: toProfile, path: credentialsPath)
            } catch {
                throw CLIError(error.description)
            }
        }
        if dryRun {
            // What the real run checks before it creates: the store, the file, the account
            // and the role (read only).
            if let store = destination.store {
                _ = try NewKeyDelivery.store(named: store, in: config)
            }
            var status = stat()
            if let output = destination.output, lstat(output, &status) == 0 {
                throw CLIError(ExclusiveFile.Failure.exists(output).description)
            }
            let match = try await BackendScope.run(
                connection.settings, log.settings, access: .readOnly, endpoint: old.endpoint,
                command: "migrate"
            ) { backend in
                try checkAccount(backend, for: old)
                let match = try await RoleLookup.chosen(role: role, roleId: nil, backend.service)
                _ = try await CreationPolicy(
                    config: config, backend: backend, roleName: match.name,
                    override: policy.policyOverride
                ).check(expiry, now: now, backend: backend)
                return match
            }
            say("")
            say("Dry run: nothing was created. It would create a v2 key:")
            say("  role         \(match.name) (\(match.id))")
            say("  description  \(description)")
            say("  expires      \(Self.expiryText(expiry, now: now))")
            say("  endpoint     \(old.endpoint)")
            say("  written to   \(destinationText)")
            say("")
            for line in MigrationGuide.lines(for: old) { say(line) }
            return
        }
        try await NewKeyDelivery.run(
            toProfile == nil ? destination.settings : KeyDestination(), connection.settings,
            log.settings, now: now, endpoint: old.endpoint, config: config,
            command: "migrate"
        ) { backend, delivery, audit, logger in
            try checkAccount(backend, for: old)
            let match = try await RoleLookup.chosen(
                role: role, roleId: nil, backend.service)
            let overridden = try await CreationPolicy(
                config: config, backend: backend, roleName: match.name,
                override: policy.policyOverride
            ).check(expiry, now: now, backend: backend)
            let created = try await delivery.create(
                CreateKeyRequest(roleId: match.id, description: description, expiry: expiry),
                roleName: match.name, service: backend.service, logger: logger, audit: audit,
                action: .migrate, replaces: old.keyId, endpoint: old.endpoint,
                policyOverride: overridden)
            if let toProfile {
                try appendProfile(
                    created, name: toProfile, endpoint: old.endpoint, roleName: match.name,
                    audit: audit)
            } else {
                try await delivery.deliver(
                    created, roleName: match.name, endpoint: old.endpoint,
                    service: backend.service, audit: audit, adminKey: backend.apiKey)
            }
            let info = created.keyInfo
            if destination.format == .json {
                try delivery.report(
                    created, roleName: match.name, endpoint: old.endpoint, prose: "",
                    replaces: old.keyId)
                // What to do before the v1 key stops working still goes out, on stderr.
                for line in MigrationGuide.lines(for: old) { say(line) }
                return
            }
            say("")
            say(
                "Created v2 key \(info.keyId) (\(match.name)), expires "
                    + (info.expiresAt.map { DateText.iso8601($0) } ?? "never")
                    + ", for \(old.endpoint); it went to \(destinationText).")
            say("")
            for line in MigrationGuide.lines(for: old) { say(line) }
        }
    }

    /// The lines that say what the old credential is.
    static func describe(_ old: V1Credential, table: RegionTable, now: Date) -> [String] {
        var lines = [("kind", old.kind.rawValue)]
        if let subject = old.subject { lines.append(("subject", subject)) }
        if let keyId = old.keyId { lines.append(("key id", keyId)) }
        lines.append(("endpoint", old.endpoint))
        let region: String
        switch old.location(in: table) {
        case .region(let found):
            region =
                "\(found.name) (\(found.code), \(found.cell))"
                + (found.isBundled ? "" : ", a private cell of \(XDGDirectories().regionsFile)")
        case .preprod(let host): region = "a pre-production cell (\(host))"
        case .custom: region = "a custom endpoint (no region of the table has it)"
        }
        lines.append(("region", region))
        if let expires = old.expiresAt {
            let left = Int64(expires.timeIntervalSince1970 - now.timeIntervalSince1970)
            lines.append(
                (
                    "expires",
                    DateText.iso8601(expires)
                        + (old.hasExpired(at: now)
                            ? " (expired: its clients fail already)"
                            : " (in \(DurationText.describe(seconds: left)))")
                ))
        } else {
            lines.append(("expires", "never"))
        }
        return lines.map { label, value in
            label.padding(toLength: 9, withPad: " ", startingAt: 0) + TextSanitizer.inert(value)
        }
    }

    private static func expiryText(_ expiry: Expiry, now: Date) -> String {
        guard let date = expiry.date else { return "never (not recommended)" }
        let seconds = Int64(date.timeIntervalSince(now).rounded())
        return DateText.iso8601(date) + " (in \(DurationText.describe(seconds: seconds)))"
    }

    /// The old key's text: from the profile, the env file, or stdin.
    private func readOldKey() throws -> String {
        let bytes: [UInt8]
        let origin: String
        if let fromProfile {
            let path = credentialsPath
            origin = "profile \(fromProfile) of \(path)"
            let entries: [String: String]?
            do {
                entries = try CredentialResolver().profileEntries(fromProfile)
            } catch {
                throw CLIError(error.description)
            }
            guard let section = entries else {
                throw CLIError("No profile [\(fromProfile)] in \(path).")
            }
            guard let key = CredentialEntry.key(in: section, .v1First) else {
                throw CLIError(
                    "Profile [\(fromProfile)] in \(path) has no api_key= or token= entry.")
            }
            bytes = Array(key.utf8)
        } else if let fromEnvFile {
            origin = fromEnvFile
            let file = try Self.file(fromEnvFile)
            guard let text = String(validating: file, as: UTF8.self) else {
                throw CLIError("\(fromEnvFile) is not UTF-8 text.")
            }
            guard let key = KeyText.envKey(in: text) else {
                throw CLIError(
                    "\(fromEnvFile) sets neither MOMENTO_API_KEY nor MOMENTO_AUTH_TOKEN.")
            }
            bytes = Array(key.utf8)
        } else {
            origin = "standard input"
            bytes = try SecretInput.standardInput(
                prompt: "Paste the v1 key, then Enter and Ctrl-D: ")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CLIError("The key from \(origin) is not UTF-8 text.")
        }
        return text
    }

    private static func file(_ path: String) throws(CLIError) -> [UInt8] {
        let bytes: [UInt8]?
        do {
            bytes = try CredentialResolver.contents(of: path)
        } catch {
            throw CLIError(error.description)
        }
        guard let bytes else { throw CLIError("\(path) does not exist.") }
        return bytes
    }

    /// The admin's v2 key must be there before anything is created; a v1 key where it is
    /// looked for (MOMENTO_API_KEY, the default profile) is the usual mistake, and said so.
    private func checkAdminCredentials() throws {
        do {
            _ = try BackendResolver(options: connection.settings).choose(.command)
        } catch {
            var hint =
                "keyconsole migrate creates the replacement with your admin v2 key (--profile NAME,"
                + " MOMENTO_API_KEY, or the default profile); the v1 key is read from stdin,"
                + " --from-profile or --from-env-file."
            if ProcessInfo.processInfo.environment["MOMENTO_API_KEY"] != nil {
                hint +=
                    " If MOMENTO_API_KEY holds the v1 key, name the admin's profile with"
                    + " --profile NAME: MOMENTO_API_KEY is then not used."
            }
            let reason =
                error.description.hasSuffix(".") ? error.description : error.description + "."
            throw CLIError("\(reason) \(hint)")
        }
    }

    /// A v1 key of a preprod cell is replaced in the preprod account, and a prod one in the
    /// prod account: the admin key's account must be the one the endpoint belongs to.
    private func checkAccount(_ backend: Backend, for old: V1Credential) throws {
        guard case .momento(_, _, _, let baseURL) = backend,
            (try? BackendResolver(options: connection.settings).apiURLOverride()) == nil
        else { return }
        let wanted = Endpoint.keyManagementBaseURL(for: old.endpoint)
        guard baseURL == wanted else {
            throw CLIError(
                "The v1 key's endpoint \(old.endpoint) belongs to the account at \(wanted), but"
                    + " your admin key's endpoint points at \(baseURL): use an admin key of that"
                    + " account (--profile NAME). Nothing was created.")
        }
    }

    /// Appends the new key as a profile; a failure names the key, whose secret is then lost.
    private func appendProfile(
        _ created: CreatedKey, name: String, endpoint: String, roleName: String,
        audit: CommandAudit
    ) throws {
        let path = credentialsPath
        let text = SecretFileFormat.momentoProfile.render(
            key: created.apiKey, endpoint: endpoint, profileName: name)
        do {
            try CredentialsAppender.append(text, name: name, to: path)
        } catch {
            let id = created.keyInfo.keyId
            // The journal says the key exists but its secret was not kept.
            audit.record(.migrate, .failed) { entry in
                entry.keyId = id
                entry.role = roleName
                entry.description = created.keyInfo.description
                entry.endpoint = endpoint
                entry.reason = "not added to \(path): \(error.description)"
            }
            throw CLIError(
                "Created key \(id) (\(roleName)), but could not add it to \(path):"
                    + " \(error.description) It cannot be shown again: revoke it with"
                    + " `keyconsole revoke \(id) --yes` and migrate again.")
        }
    }
}
