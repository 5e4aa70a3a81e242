import Foundation
import KeySandbox
import MomentoKeyClient
import MomentoKeys

/// What the console or a command talks to.
package enum Backend: Sendable {
    /// The embedded sandbox, acting as the account owner; paced by `budget` when a rate was
    /// asked for (`--rate-limit`, `KEYCONSOLE_RATE_LIMIT`).
    case sandbox(SandboxStore, budget: RequestBudget? = nil)
    /// A Momento account (or a `keyconsole serve`) over HTTP.
    /// `endpoint` is `nil` only for the console, which then asks for a region.
    case momento(MomentoKeyService, Credentials, endpoint: String?, baseURL: URL)

    /// The service to call.
    package var service: any KeyService {
        switch self {
        case .sandbox(let store, let budget?): PacedKeyService(store, budget: budget)
        case .sandbox(let store, nil): store
        case .momento(let service, _, _, _): service
        }
    }

    /// The id of the key this process is authenticated with, when there is one.
    package var ownKeyId: String? {
        switch self {
        case .sandbox: nil
        case .momento(_, let credentials, _, _): credentials.keyId
        }
    }

    /// The profile of Momento CLI's credentials file the key came from, when it came from one.
    package var profile: String? {
        guard case .momento(_, let credentials, _, _) = self,
            case .profile(let name, _) = credentials.origin
        else { return nil }
        return name
    }

    /// The account's id, when it is known without a request: the sandbox's own, or the
    /// account the admin key names (its `sub` claim), when it names one.
    package var accountId: String? {
        switch self {
        case .sandbox(let store, _): store.accountId
        case .momento(_, let credentials, _, _): credentials.decoded.subject
        }
    }

    /// The key this process authenticates with, which no child process may see.
    package var apiKey: Secret? {
        switch self {
        case .sandbox: nil
        case .momento(_, let credentials, _, _): credentials.apiKey
        }
    }

    /// Which backend answered, as scripts are told.
    package var summary: BackendSummary {
        switch self {
        case .sandbox(let store, _): BackendSummary(kind: "sandbox", location: store.path)
        case .momento(_, _, _, let baseURL):
            BackendSummary(kind: "momento", location: Self.location(baseURL))
        }
    }

    /// The URL as the journal, the rotation records and monitoring name the account: scheme,
    /// host, port and path only (no user name, password, query or fragment).
    package static func location(_ url: URL) -> String {
        guard var parts = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            return url.absoluteString
        }
        parts.user = nil
        parts.password = nil
        parts.query = nil
        parts.fragment = nil
        return parts.string ?? url.absoluteString
    }

    /// Closes network connections.
    package func shutdown() async {
        if case .momento(let service, _, _, _) = self {
            try? await service.shutdown()
        }
    }
}
