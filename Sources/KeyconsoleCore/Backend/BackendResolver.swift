import Foundation
import KeySandbox
import Logging
import MomentoKeyClient
import MomentoKeys
import Synchronization

/// Works out the backend from options, environment and files.
package struct BackendResolver {
    package var options: ConnectionSettings
    package var environment: [String: String] = ProcessInfo.processInfo.environment
    package var logger = Logger(label: "keyconsole")
    /// The endpoint used when the credentials give none, before `--region` and the saved one
    /// (a migration's: the v1 key's own).
    package var endpointFallback: String?
    /// When the run's requests must be answered (`--timeout`), for commands; none for the
    /// console.
    package var deadline: (at: ContinuousClock.Instant, text: String)?
    /// Turns a host into its numeric addresses (the system's resolver; tests inject one).
    package var resolve: @Sendable (String) throws(ServeAddress.Failure) -> [String] =
        ServeAddress.systemResolve

    /// A resolver of `options` in `environment`.
    package init(
        options: ConnectionSettings,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger = Logger(label: "keyconsole"), endpointFallback: String? = nil
    ) {
        self.options = options
        self.environment = environment
        self.logger = logger
        self.endpointFallback = endpointFallback
    }

    /// Why no backend could be had.
    package struct Failure: Error, CustomStringConvertible {
        package let description: String
    }

    /// Who asks: the console, which opens the demo sandbox when nothing at all is configured,
    /// or a command for scripts, which uses the sandbox only when it is asked for.
    package enum Caller {
        case console, command
    }

    /// What a caller gets: the sandbox at a path, or the Momento account of some credentials.
    package enum Choice: Equatable {
        case sandbox(path: String)
        case momento(Credentials)
    }

    /// The sandbox when it is asked for (`--sandbox`, `KEYCONSOLE_SANDBOX`), else the Momento
    /// account the credentials name. With nothing configured at all, the console gets the
    /// default sandbox and a command an error saying what it looked for. With
    /// `allowMissingEndpoint` (the console, which then asks for a region), a v2 key with no
    /// endpoint anywhere is not an error. `access` is how a sandbox is opened: read-only for
    /// commands that only read.
    package func resolve(
        _ caller: Caller, allowMissingEndpoint: Bool = false,
        access: SandboxStore.Access = .readWrite
    ) async throws(Failure) -> Backend {
        switch try choose(caller) {
        case .sandbox(let path):
            // The sandbox answers at once; it is paced only when a rate is asked for.
            let paced = options.rateLimit != nil || environment["KEYCONSOLE_RATE_LIMIT"] != nil
            let budget = paced ? try budget(account: path) : nil
            do {
                return .sandbox(
                    try await SandboxStore.open(path: path, access: access), budget: budget)
            } catch {
                throw Failure(description: error.description)
            }
        case .momento(let credentials):
            return try momento(credentials, allowMissingEndpoint: allowMissingEndpoint)
        }
    }

    /// The choice of backend, from options, environment and files, without opening it.
    package func choose(_ caller: Caller) throws(Failure) -> Choice {
        if let path = try sandboxRequested() {
            return .sandbox(path: path)
        }
        let resolver = CredentialResolver(
            environment: environment, homeDirectory: XDGDirectories.home(environment: environment))
        let credentials: Credentials?
        do {
            credentials = try resolver.resolve(profile: options.profile)
        } catch {
            throw Failure(description: error.description)
        }
        if let credentials { return .momento(credentials) }
        if let source = apiURLSource {
            throw Failure(
                description: "\(source) names an API URL, but no API key is configured: set"
                    + " MOMENTO_API_KEY (and MOMENTO_ENDPOINT), or use --profile NAME.")
        }
        switch caller {
        case .console:
            return .sandbox(path: XDGDirectories(environment: environment).sandboxFile)
        case .command:
            throw Failure(
                description: "No Momento credentials: MOMENTO_API_KEY is not set and"
                    + " \(resolver.credentialsPath) does not exist. Set MOMENTO_API_KEY and"
                    + " MOMENTO_ENDPOINT, or use --profile NAME; for the demo sandbox, pass"
                    + " --sandbox PATH or set KEYCONSOLE_SANDBOX=default.")
        }
    }

    /// The sandbox path asked for, if any. `--sandbox` wins over everything; the environment's
    /// `KEYCONSOLE_SANDBOX` gives way to `--profile` and `--api-url`, and may not stand beside
    /// a key or an API URL in the environment.
    package func sandboxRequested() throws(Failure) -> String? {
        if options.profile != nil || options.apiURL != nil, options.sandboxPath == nil {
            return nil
        }
        let path: String?
        do {
            path = try options.requestedSandbox(environment: environment)
        } catch {
            throw Failure(description: error.description)
        }
        guard let path else { return nil }
        if options.sandboxPath == nil {
            let rivals = ["MOMENTO_API_KEY", "KEYCONSOLE_API_URL"].filter {
                environment[$0] != nil
            }
            if !rivals.isEmpty {
                throw Failure(
                    description: "\(ConnectionSettings.sandboxVariable) asks for the sandbox but"
                        + " \(rivals.joined(separator: " and "))"
                        + (rivals.count == 1 ? " asks" : " ask") + " for a Momento account:"
                        + " unset one of them.")
            }
        }
        return path
    }

    /// Where an API URL was given (`--api-url` or `KEYCONSOLE_API_URL`), if it was.
    package var apiURLSource: String? {
        if options.apiURL != nil { return "--api-url" }
        return environment["KEYCONSOLE_API_URL"] != nil ? "KEYCONSOLE_API_URL" : nil
    }

    private func momento(_ credentials: Credentials, allowMissingEndpoint: Bool) throws(Failure)
        -> Backend
    {
        let (endpoint, baseURL) = try address(
            of: credentials, allowMissingEndpoint: allowMissingEndpoint)
        return .momento(
            service(
                credentials, baseURL: baseURL,
                budget: try budget(account: credentials.account)),
            credentials,
            endpoint: endpoint,
            baseURL: baseURL)
    }

    /// The cache of the account the options and environment name, without a request: `nil`
    /// for the sandbox, for no credentials, and for a key without an id.
    package func cache(folder: URL) -> KeyCache? {
        guard case .momento(let credentials)? = try? choose(.command),
            let (_, baseURL) = try? address(of: credentials, allowMissingEndpoint: true)
        else { return nil }
        return KeyCache.forAccount(credentials.account, baseURL: baseURL, folder: folder)
    }

    /// The endpoint and key API URL of `credentials`'s account.
    private func address(of credentials: Credentials, allowMissingEndpoint: Bool) throws(Failure)
        -> (endpoint: String?, baseURL: URL)
    {
        let table = regionTable()
        var fallback: String?
        if let endpointFallback {
            fallback = endpointFallback
        } else if let region = options.region {
            guard let found = table.region(named: region) else {
                throw Failure(
                    description: "Unknown region \(region). `keyconsole regions` lists them.")
            }
            fallback = found.endpoint
        } else {
            fallback = ConsoleConfig.load().endpoint  // the region picker's saved choice
        }
        let endpoint: String?
        do {
            endpoint = try credentials.requireEndpoint(fallback: fallback)
        } catch {
            guard allowMissingEndpoint else {
                throw Failure(
                    description: "\(error.description). \(CredentialsError.missingEndpointHint)")
            }
            endpoint = nil
        }
        let baseURL = try apiURLOverride() ?? Endpoint.keyManagementBaseURL(for: endpoint ?? "")
        return (endpoint, baseURL)
    }

    /// The key API URL given with `--api-url` or `KEYCONSOLE_API_URL`, which no endpoint changes.
    package func apiURLOverride() throws(Failure) -> URL? {
        guard let override = options.apiURL ?? environment["KEYCONSOLE_API_URL"] else { return nil }
        guard let url = URL(string: override), ["http", "https"].contains(url.scheme ?? ""),
            url.host != nil, url.port.map({ (1...65535).contains($0) }) ?? true
        else {
            throw Failure(
                description: "The API URL \(override) is not an http(s) URL with a host (and a port"
                    + " from 1 to 65535).")
        }
        if url.scheme == "http" {
            return try Self.requireLoopback(url, resolve: resolve)
        }
        return url
    }

    /// Plain `http://` carries the admin key unencrypted: only to this machine. The host is
    /// judged by the addresses it resolves to (`127.1` and `[::1]` are loopback, a name that
    /// resolves elsewhere is not), before any connection is made; the URL returned names the
    /// address judged, so the connection is made to it and no second look-up (a name that
    /// answers otherwise the next time) can send the key elsewhere.
    package static func requireLoopback(
        _ url: URL, resolve: (String) throws(ServeAddress.Failure) -> [String]
    ) throws(Failure) -> URL {
        let host = url.host ?? ""
        let refusal =
            "Plain http:// would send the admin key unencrypted, so it is used only with a"
            + " loopback address (this machine); use https:// for \(host)"
        let address: String
        do throws(ServeAddress.Failure) {
            address = try ServeAddress(host: host, allowRemote: false, resolve: resolve).address
        } catch {
            switch error {
            case .notLoopback(_, let addresses):
                throw Failure(
                    description: refusal
                        + " (it resolves to \(addresses.joined(separator: ", "))).")
            case .unresolved(_, let reason):
                throw Failure(description: refusal + " (it does not resolve: \(reason)).")
            }
        }
        let literal = address.contains(":") ? "[\(address)]" : address
        let parts = URLComponents(url: url, resolvingAgainstBaseURL: false)
        let rest =
            (url.port.map { ":\($0)" } ?? "") + (parts?.percentEncodedPath ?? "")
            + (parts?.percentEncodedQuery.map { "?" + $0 } ?? "")
        guard let pinned = URL(string: "http://" + literal + rest) else {
            throw Failure(
                description: "The API URL \(url.absoluteString) cannot be made to name \(address).")
        }
        return pinned
    }

    /// The token buckets, one for each account (Momento's limit is per account) and rate:
    /// every client of an account waits on its bucket (5 a second, 2 of them for the
    /// console's automatic refreshes, unless the rate is set), whichever key API it goes to; a
    /// `Retry-After` holds back that account alone.
    private static let budgets = Mutex<[String: RequestBudget]>([:])

    /// The token bucket of `account` (the admin key's id, or the sandbox's path) at the rate
    /// of `--rate-limit` or `KEYCONSOLE_RATE_LIMIT` (5 when neither is given); `nil` when the
    /// rate is 0.
    package func budget(account: String) throws(Failure) -> RequestBudget? {
        var rate = 5.0
        if let given = options.rateLimit {
            rate = given
        } else if let text = environment["KEYCONSOLE_RATE_LIMIT"] {
            guard let value = Double(text), value >= 0, value <= 1000 else {
                throw Failure(
                    description: "KEYCONSOLE_RATE_LIMIT must be a number of requests a second,"
                        + " 0 to 1000.")
            }
            rate = value
        }
        guard rate > 0 else { return nil }
        let name = "\(rate) \(account)"
        return Self.budgets.withLock { budgets in
            if let budget = budgets[name] { return budget }
            let budget = RequestBudget(rate: rate, backgroundRate: min(2, rate * 0.4))
            budgets[name] = budget
            return budget
        }
    }

    /// An HTTP client of the key API at `baseURL`, authenticated with `credentials`.
    package func service(_ credentials: Credentials, baseURL: URL, budget: RequestBudget?)
        -> MomentoKeyService
    {
        var configuration = MomentoKeyService.Configuration(
            baseURL: baseURL, apiKey: credentials.apiKey,
            proxy: ProxySettings.forTarget(baseURL, environment: environment),
            userAgent: "keyconsole/\(KeyConsoleVersion.current)", budget: budget)
        configuration.deadline = deadline
        return MomentoKeyService(configuration: configuration, logger: logger)
    }

    /// The bundled regions with the user's file; a broken user file is logged and skipped.
    package func regionTable() -> RegionTable {
        do {
            return try RegionTable.load(
                userFile: XDGDirectories(environment: environment).regionsFile)
        } catch {
            logger.warning("\(error.description)")
            return .bundled
        }
    }
}
