import Foundation
import KeySandbox
import MomentoKeyClient
import MomentoKeys
import Synchronization
import TestSupport
import Testing

/// The two implementations the contract suite runs against.
enum Implementation: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// `SandboxStore` called directly, through the per-key view `serve` uses.
    case sandbox
    /// `MomentoKeyService` over HTTP to `keyconsole serve` on loopback.
    case http

    var testDescription: String { rawValue }

    /// Runs `body` with a way to get a ``KeyService`` acting as any key of `sandbox`.
    func run(
        _ sandbox: SandboxFixture,
        _ body: @Sendable (_ serviceFor: @Sendable (Secret) -> any KeyService) async throws -> Void
    ) async throws {
        switch self {
        case .sandbox:
            try await body { key in sandbox.store.session(authenticatedBy: key) }
        case .http:
            try await sandbox.withServer { url in
                let clients = ClientPool(baseURL: url)
                do {
                    try await body { key in clients.client(for: key) }
                    await clients.shutdown()
                } catch {
                    await clients.shutdown()
                    throw error
                }
            }
        }
    }
}

/// HTTP clients made during one test, shut down at its end.
final class ClientPool: Sendable {
    let baseURL: URL
    private let clients = Mutex<[MomentoKeyService]>([])

    init(baseURL: URL) { self.baseURL = baseURL }

    func client(for key: Secret) -> MomentoKeyService {
        let client = MomentoKeyService(
            configuration: .init(baseURL: baseURL, apiKey: key, retry: .none))
        clients.withLock { $0.append(client) }
        return client
    }

    func shutdown() async {
        for client in clients.withLock({ $0 }) { try? await client.shutdown() }
    }
}
