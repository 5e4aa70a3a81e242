import ArgumentParser
import ConsoleUI
import Foundation
import KeySandbox
import KeyconsoleCore
import Logging
import MomentoKeys
import ScreenModel
import TerminalIO

/// `keyconsole` with no subcommand: the full-screen console.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Open the full-screen console (the default).",
        discussion: """
            Examples:
              keyconsole
              keyconsole --read-only --profile prod
              keyconsole --ascii --no-color --refresh 0
            """)

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Hide create, revoke and rotate.")
    var readOnly = false

    @Option(help: "Seconds between automatic refreshes; 0 turns them off.")
    var refresh = 60

    @Flag(help: "No colours (NO_COLOR does the same).")
    var noColor = false

    @Flag(help: "ASCII glyphs only (automatic when the locale is not UTF-8).")
    var ascii = false

    @Flag(
        help:
            "No mouse: clicks and the wheel stay the terminal's, so its own selection works (the config's mouse = false does the same)."
    )
    var noMouse = false

    @Option(
        help: ArgumentHelp(
            "Colours for a dark or light background, or auto: COLORFGBG, else what the"
                + " terminal reports (the config's theme = does the same).", valueName: "theme"))
    var theme: Theme.Choice?

    @Flag(help: "Show times in UTC instead of the local time zone.")
    var utc = false

    @Option(
        help: ArgumentHelp(
            "Log file (default $XDG_STATE_HOME/keyconsole/keyconsole.log).", valueName: "path"))
    var logFile: String?

    @Flag(
        help: "Neither show the last list at start nor save it ($XDG_CACHE_HOME/keyconsole).")
    var noCache = false

    func validate() throws {
        guard refresh >= 0 else { throw ValidationError("--refresh must be 0 or more seconds.") }
    }

    func run() async throws {
        let config = ConsoleConfig.load()
        if theme == nil, let problem = config.themeProblem { throw CLIError(problem) }
        let logger = try ConsoleLogging.logger(path: logFile)
        let accounts: BackendResolver.Accounts
        do {
            accounts = try BackendResolver(options: connection.settings, logger: logger).accounts()
        } catch {
            throw CLIError(error.description)
        }
        let resolver = accounts.accounts[0].resolver
        // Each account's backend, opened before the terminal is taken: a broken setting is
        // said here, naming its profile.
        var backends: [Backend] = []
        for account in accounts.accounts {
            do {
                backends.append(
                    try await account.resolver.resolve(
                        .console, allowMissingEndpoint: true,
                        access: readOnly || account.readOnly ? .readOnly : .readWrite))
            } catch {
                for opened in backends { await opened.shutdown() }
                throw CLIError(
                    (accounts.isSeveral ? "profile \(account.profile ?? ""): " : "")
                        + error.description)
            }
        }
        let backend = backends[0]
        let table = resolver.regionTable()
        var services = Self.services(for: backend, resolver: resolver)
        var several: [ConsoleAccount] = []
        if accounts.isSeveral {
            for (account, opened) in zip(accounts.accounts, backends) {
                var endpoint: String?
                var isPreprod: Bool?
                var owner: String?
                if case .momento(_, let credentials, let own, let baseURL) = opened {
                    endpoint = own
                    owner = credentials.account
                    // Momento's own key API (not one named by api_url): the kind of cell its
                    // keys are for is the kind of key API the account's requests go to.
                    if (try? account.resolver.apiURLOverride()) == nil {
                        isPreprod = (baseURL.host ?? "").contains(".preprod.")
                    }
                }
                several.append(
                    ConsoleAccount(
                        profile: account.profile ?? "",
                        services: Self.services(for: opened, resolver: account.resolver),
                        audit: ConsoleRecords(backend: opened, logger: logger),
                        readOnly: account.readOnly, ownKeyId: opened.ownKeyId,
                        endpoint: endpoint, isPreprod: isPreprod, account: owner))
            }
            services = several[0].services
        }
        let runner = ConsoleRunner(
            services: services,
            info: Self.info(
                for: backend, table: table, apiURL: try? resolver.apiURLOverride(),
                savedEndpoint: config.endpoint),
            readOnly: readOnly || (!accounts.isSeveral && accounts.accounts[0].readOnly),
            refreshInterval: refresh, logger: logger, regions: table.regions,
            endpoint: NewKeyDelivery.endpoint(backend, connection.settings, table: table),
            cacheFolder: noCache ? nil : XDGDirectories().cache,
            audit: several.first?.audit ?? ConsoleRecords(backend: backend, logger: logger),
            mouse: !noMouse && config.mouse, accounts: several, leftOut: accounts.skipped)
        let shutdown = {
            if several.isEmpty { await services.shutdown() }
            for account in several { await account.services.shutdown() }
            for opened in backends { await opened.shutdown() }
        }
        let stoppedBy: Int32?
        do {
            stoppedBy = try await connection.settings.withListBound {
                try await runner.run(
                    noColor: noColor, ascii: ascii,
                    theme: (theme ?? config.theme)?.theme,
                    timeZone: utc ? TimeZone(identifier: "UTC")! : .current)
            }
        } catch {
            await shutdown()
            Output.err("Error: \(error)")
            throw ExitCode(2)
        }
        await shutdown()
        if let signal = stoppedBy {
            throw ExitCode(128 + signal)
        }
    }

    /// The backend's service, switched to the preprod or prod key API when a chosen endpoint
    /// calls for it (never with `--api-url`).
    private static func services(for backend: Backend, resolver: BackendResolver) -> ServiceSwitch {
        guard case .momento(let service, let credentials, _, let baseURL) = backend else {
            return ServiceSwitch(service: backend.service, baseURL: nil, factory: nil)
        }
        if (try? resolver.apiURLOverride()) != nil {
            return ServiceSwitch(service: service, baseURL: baseURL, factory: nil)
        }
        // Clients made for other key APIs share the first one's token bucket.
        let budget = service.configuration.budget
        return ServiceSwitch(service: service, baseURL: baseURL) { url in
            resolver.service(credentials, baseURL: url, budget: budget)
        }
    }

    /// What the header says: the backend, the key API's host when it is not Momento's, the
    /// profile the key came from, and where the endpoint comes from when it is not
    /// `savedEndpoint`, the region saved with `p`.
    static func info(
        for backend: Backend, table: RegionTable, apiURL: URL?, savedEndpoint: String?
    ) -> BackendInfo {
        switch backend {
        case .sandbox(let store, _):
            return BackendInfo(kind: .sandbox(path: abbreviate(store.path)))
        case .momento(_, let credentials, let endpoint, _):
            var profile: String?
            if case .profile(let name, _) = credentials.origin { profile = name }
            var info = BackendInfo(
                kind: endpoint.map { BackendInfo.Kind(endpoint: $0, table: table) }
                    ?? .production(endpoint: "no endpoint yet", region: nil),
                ownKeyId: credentials.keyId, ownKeyExpiresAt: credentials.decoded.expiresAt,
                apiHost: apiURL.map(apiHost), profile: profile)
            info.account = credentials.account
            // An endpoint of the credentials wins over a different region saved with p: said.
            if let own = credentials.endpoint, !own.isEmpty,
                let saved = savedEndpoint,
                Endpoint.normalizedHost(saved) != Endpoint.normalizedHost(own)
            {
                switch credentials.origin {
                case .environment: info.endpointSource = "MOMENTO_ENDPOINT"
                case .profile(let name, _): info.endpointSource = "profile \(name)"
                }
            }
            return info
        }
    }

    /// `host` or `host:port` of a URL, as the header names it.
    static func apiHost(_ url: URL) -> String {
        let host = url.host ?? url.absoluteString
        return url.port.map { "\(host):\($0)" } ?? host
    }

    /// `~/...` for paths under the home directory.
    static func abbreviate(_ path: String) -> String {
        let home = XDGDirectories.home()
        return path.hasPrefix(home + "/") ? "~" + path.dropFirst(home.count) : path
    }
}
