import Foundation
import KeySandbox
import Logging
import MomentoKeys

/// Works out the backend from options, environment and files.
struct BackendResolver {
    var options: ConnectionOptions
    var environment: [String: String] = ProcessInfo.processInfo.environment
    var logger = Logger(label: "keyconsole")

    /// Why no backend could be had.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The sandbox when `--sandbox` is given or no credentials are configured; else Momento.
    /// With `allowMissingEndpoint` (the console, which then asks for a region), a v2 key with
    /// no endpoint anywhere is not an error.
    func resolve(allowMissingEndpoint: Bool = false) async throws(Failure) -> Backend {
        if options.sandbox.path == nil {
            let credentials: Credentials?
            do {
                credentials = try CredentialResolver(environment: environment)
                    .resolve(profile: options.profile)
            } catch {
                throw Failure(description: error.description)
            }
            if let credentials {
                return try momento(credentials, allowMissingEndpoint: allowMissingEndpoint)
            }
        }
        do {
            return .sandbox(try await SandboxStore.open(path: options.sandbox.resolvedPath))
        } catch {
            throw Failure(description: error.description)
        }
    }

    private func momento(_ credentials: Credentials, allowMissingEndpoint: Bool) throws(Failure)
        -> Backend
    {
        let table = regionTable()
        var fallback: String?
        if let region = options.region {
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
        return .momento(
            service(credentials, baseURL: baseURL), credentials, endpoint: endpoint,
            baseURL: baseURL)
    }

    /// The key API URL given with `--api-url` or `KEYCONSOLE_API_URL`, which no endpoint changes.
    func apiURLOverride() throws(Failure) -> URL? {
        guard let override = options.apiURL ?? environment["KEYCONSOLE_API_URL"] else { return nil }
        guard let url = URL(string: override), ["http", "https"].contains(url.scheme ?? ""),
            url.host != nil
        else {
            throw Failure(description: "The API URL \(override) is not an http(s) URL.")
        }
        return url
    }

    /// An HTTP client of the key API at `baseURL`, authenticated with `credentials`.
    func service(_ credentials: Credentials, baseURL: URL) -> MomentoKeyService {
        let configuration = MomentoKeyService.Configuration(
            baseURL: baseURL, apiKey: credentials.apiKey,
            proxy: ProxySettings.forTarget(baseURL, environment: environment),
            userAgent: "keyconsole/\(KeyConsoleVersion.current)")
        return MomentoKeyService(configuration: configuration, logger: logger)
    }

    /// The bundled regions with the user's file; a broken user file is logged and skipped.
    func regionTable() -> RegionTable {
        do {
            return try RegionTable.load(
                userFile: RegionTable.userFilePath(environment: environment))
        } catch {
            logger.warning("\(error.description)")
            return .bundled
        }
    }
}
