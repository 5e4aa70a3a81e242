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
        let runner = SandboxRunner.make([("sandbox", sandbox, readOnly: false)], readOnly: true)
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

    @Test(
        "with several accounts: a read-only account's change is refused where it runs, the other's goes; a key of no known account goes nowhere"
    )
    func perAccount() async throws {
        let prod = try await SandboxFixture.make()
        let staging = try await SandboxFixture.make()
        let runner = SandboxRunner.make([
            ("prod", prod, readOnly: true), ("staging", staging, readOnly: false),
        ])
        let prodKey = try #require(try await prod.store.listAllKeys().first)
        let stagingKey = try #require(try await staging.store.listAllKeys().first)
        let posted = Mutex<[Msg]>([])
        let post: @Sendable (Msg) -> Void = { message in posted.withLock { $0.append(message) } }
        await runner.revoke(prodKey.keyId, listed: nil, account: 0, post: post)
        await runner.revoke(prodKey.keyId, listed: nil, account: nil, post: post)
        await runner.revoke(stagingKey.keyId, listed: nil, account: 1, post: post)
        #expect(
            posted.withLock { $0 } == [
                .revokeFailed(keyId: prodKey.keyId, error: .readOnly),
                .revokeFailed(keyId: prodKey.keyId, error: .unknownAccount),
                .revoked(keyId: stagingKey.keyId),
            ])
        #expect(try await prod.store.listAllKeys().contains { $0.keyId == prodKey.keyId })
        #expect(try await !staging.store.listAllKeys().contains { $0.keyId == stagingKey.keyId })
    }
}
