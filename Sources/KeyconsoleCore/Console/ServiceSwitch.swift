import Foundation
import MomentoKeyClient
import MomentoKeys
import Synchronization

/// The key service the console calls, replaced when a chosen endpoint moves the account
/// between the prod and preprod key API.
package final class ServiceSwitch: Sendable {
    private struct Current {
        var service: any KeyService
        var baseURL: URL?
        /// Every client the switch made (the backend closes its own).
        var made: [any KeyService] = []
    }

    private let current: Mutex<Current>
    /// Makes a client for a base URL; `nil` when the URL never changes (sandbox, `--api-url`).
    /// `baseURL` is `nil` for the sandbox.
    private let factory: (@Sendable (URL) -> any KeyService)?

    package init(
        service: any KeyService, baseURL: URL?,
        factory: (@Sendable (URL) -> any KeyService)?
    ) {
        self.current = Mutex(Current(service: service, baseURL: baseURL))
        self.factory = factory
    }

    /// The service to call now.
    package var service: any KeyService { current.withLock { $0.service } }

    /// The base URL of the key API called now (`nil` for the sandbox).
    package var baseURL: URL? { current.withLock { $0.baseURL } }

    /// Points the console at the key API for `endpoint`; true when that changed the URL.
    @discardableResult
    package func use(endpoint: String) -> Bool {
        guard let factory else { return false }
        let target = Endpoint.keyManagementBaseURL(for: endpoint)
        return current.withLock { state in
            guard state.baseURL != target else { return false }
            let service = factory(target)
            state.made.append(service)
            state.service = service
            state.baseURL = target
            return true
        }
    }

    /// Closes the clients this switch made.
    package func shutdown() async {
        for case let client as MomentoKeyService in current.withLock({ $0.made }) {
            try? await client.shutdown()
        }
    }
}
