import ConsoleUI
import Foundation
import Logging
import MomentoKeys
import Synchronization
import TestSupport
import Testing

@testable import KeyconsoleCore

/// Read-only is enforced where the console's actions run, not only in the keys it offers: a
/// revoke or a create that reaches a read-only runner (a view that forgot the flag) is not sent.
@Suite("A read-only console sends no change, whatever reaches it")
struct ReadOnlyRunnerTests {
    @Test("a revoke or create effect on a read-only runner is refused before any request")
    func refusedWhereRun() async throws {
        let sandbox = try await SandboxFixture.make()
        let runner = ConsoleRunner(
            services: ServiceSwitch(service: sandbox.store, baseURL: nil, factory: nil),
            info: BackendInfo(kind: .sandbox(path: "sandbox.sqlite")), readOnly: true,
            refreshInterval: 0, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
            regions: RegionTable.bundled.regions, endpoint: nil,
            configPath: sandbox.directory.path + "/config",
            credentialsPath: sandbox.directory.path + "/credentials",
            clipboard: TmuxClipboard(environment: [:]))
        let before = try await sandbox.store.listAllKeys()
        let target = try #require(before.first)
        let posted = Mutex<[Msg]>([])
        await runner.revoke(target.keyId, listed: nil) { message in
            posted.withLock { $0.append(message) }
        }
        await runner.create(
            CreateKeyRequest(roleId: RoleID.viewer, description: "no", expiry: .never),
            AuditedCreate(roleName: "Viewer")
        ) { message in posted.withLock { $0.append(message) } }
        #expect(
            posted.withLock { $0 } == [
                .revokeFailed(keyId: target.keyId, error: .readOnly), .createFailed(.readOnly),
            ])
        let after = try await sandbox.store.listAllKeys()
        #expect(after.map(\.keyId) == before.map(\.keyId), "nothing was revoked or created")
    }
}
