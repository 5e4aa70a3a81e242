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
    func resolve() async throws(Failure) -> Backend {
        if options.sandbox.path == nil {
            let credentials: Credentials?
            do {
                credentials = try CredentialResolver(environment: environment)
                    .resolve(profile: options.profile)
            } catch {
                throw Failure(description: error.description)
            }
            if let credentials {
                return try momento(credentials)
            }
        }
        do {
            return .sandbox(try await SandboxStore.open(path: options.sandbox.resolvedPath))
        } catch {
            throw Failure(description: error.description)
        }
    }

    private func momento(_ credentials: Credentials) throws(Failure) -> Backend {
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
        let endpoint: String
        do {
            endpoint = try credentials.requireEndpoint(fallback: fallback)
        } catch {
            throw Failure(
                description: "\(error.description). \(CredentialsError.missingEndpointHint)")
        }
        let baseURL: URL
        if let override = options.apiURL ?? environment["KEYCONSOLE_API_URL"] {
            guard let url = URL(string: override), ["http", "https"].contains(url.scheme ?? ""),
                url.host != nil
            else {
                throw Failure(description: "The API URL \(override) is not an http(s) URL.")
            }
            baseURL = url
        } else {
            baseURL = Endpoint.keyManagementBaseURL(for: endpoint)
        }
        let configuration = MomentoKeyService.Configuration(
            baseURL: baseURL, apiKey: credentials.apiKey,
            proxy: ProxySettings.forTarget(baseURL, environment: environment),
            userAgent: "keyconsole/\(KeyConsoleVersion.current)")
        let service = MomentoKeyService(configuration: configuration, logger: logger)
        return .momento(service, credentials, endpoint: endpoint, baseURL: baseURL)
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
