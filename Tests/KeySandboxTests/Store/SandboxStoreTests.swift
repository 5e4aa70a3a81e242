import Foundation
import GRDB
import MomentoKeys
import TestSupport
import Testing

@testable import KeySandbox

@Suite("Sandbox store")
struct SandboxStoreTests {
    @Test("a new sandbox is seeded with a demo account across every urgency")
    func seeded() async throws {
        let sandbox = try await SandboxFixture.make()
        let keys = try await sandbox.store.listAllKeys()
        #expect(keys.count == 12)
        let now = sandbox.clock.now.timeIntervalSince1970
        let left = keys.map { $0.expiresAtEpochSeconds.map { Double($0) - now } }
        #expect(left.filter { $0 == nil }.count == 2, "never")
        #expect(left.compactMap { $0 }.filter { $0 <= 0 }.count == 1, "expired")
        #expect(left.compactMap { $0 }.filter { $0 > 0 && $0 < 3600 }.count == 2, "under an hour")
        #expect(
            left.compactMap { $0 }.filter { $0 >= 3600 && $0 < 86400 }.count == 2, "within a day")
        #expect(
            left.compactMap { $0 }.filter { $0 >= 86400 && $0 < 7 * 86400 }.count == 2,
            "within a week")
        #expect(left.compactMap { $0 }.filter { $0 >= 30 * 86400 }.count == 3, "months")
        #expect(
            Set(keys.map(\.roleId)) == ["r-owner", "r-operator", "r-viewer", "r-10042", "r-10077"])
        #expect(keys.allSatisfy { $0.accountId == sandbox.store.accountId })
    }

    @Test("reopening keeps the data; it is seeded once")
    func reopen() async throws {
        let sandbox = try await SandboxFixture.make()
        let created = try await sandbox.issue(RoleID.owner)
        let again = try await SandboxStore.open(
            path: sandbox.store.path, clock: sandbox.clock.sandboxClock)
        #expect(again.accountId == sandbox.store.accountId)
        #expect(try await again.listAllKeys().count == 13)
        // The signing secret is kept: the key still authenticates through the new handle.
        #expect(
            try await again.authenticate(created.apiKey.exposedValue).keyId == created.keyInfo.keyId
        )
    }

    @Test("WAL mode, mode 0600, and no plaintext key anywhere in the files")
    func storage() async throws {
        let sandbox = try await SandboxFixture.make()
        let created = try await sandbox.issue(RoleID.owner)
        let path = sandbox.store.path
        let mode = try await sandbox.store.database.read { db in
            try String.fetchOne(db, sql: "PRAGMA journal_mode")
        }
        #expect(mode == "wal")
        let permissions =
            try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        let signature = String(created.apiKey.exposedValue.split(separator: ".").last!)
        for file in [path, path + "-wal"] where FileManager.default.fileExists(atPath: file) {
            let bytes = try String(
                decoding: Data(contentsOf: URL(fileURLWithPath: file)), as: UTF8.self)
            #expect(!bytes.contains(created.apiKey.exposedValue))
            #expect(!bytes.contains(signature))
        }
    }

    @Test("two handles on one file (as two processes) see each other's writes and lose none")
    func twoHandles() async throws {
        let sandbox = try await SandboxFixture.make()
        let other = try await SandboxStore.open(
            path: sandbox.store.path, clock: sandbox.clock.sandboxClock)
        let expiry = Expiry.at(sandbox.clock.now.addingTimeInterval(86400))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, store) in [sandbox.store, other].enumerated() {
                group.addTask {
                    for n in 0..<40 {
                        _ = try await store.createKey(
                            CreateKeyRequest(
                                roleId: RoleID.viewer, description: "w\(index)-\(n)", expiry: expiry
                            ))
                    }
                }
            }
            try await group.waitForAll()
        }
        let seenByFirst = try await sandbox.store.listAllKeys()
        let seenBySecond = try await other.listAllKeys()
        #expect(seenByFirst.count == 92)
        #expect(seenByFirst == seenBySecond)
        try await other.revokeKey(id: seenByFirst[0].keyId)
        #expect(try await sandbox.store.listAllKeys().count == 91)
    }

    @Test("reset re-seeds, and keys issued before stop authenticating")
    func reset() async throws {
        let sandbox = try await SandboxFixture.make()
        let created = try await sandbox.issue(RoleID.owner)
        let fresh = try await sandbox.store.reset()
        #expect(try await fresh.listAllKeys().count == 12)
        #expect(fresh.accountId != sandbox.store.accountId)
        await #expect(
            throws: KeyServiceError.unauthorized(message: SandboxStore.unauthorizedMessage)
        ) {
            try await fresh.authenticate(created.apiKey.exposedValue)
        }
    }

    @Test("the default path follows XDG_DATA_HOME")
    func defaultPath() {
        #expect(
            SandboxStore.defaultPath(environment: ["XDG_DATA_HOME": "/d"], homeDirectory: "/h")
                == "/d/keyconsole/sandbox.sqlite")
        #expect(
            SandboxStore.defaultPath(environment: [:], homeDirectory: "/h")
                == "/h/.local/share/keyconsole/sandbox.sqlite")
    }

    @Test("a file that is not a sandbox gives a clear error")
    func notADatabase() async throws {
        let directory = TemporaryDirectory()
        let path = directory.write("junk.sqlite", String(repeating: "not sqlite ", count: 200))
        do throws(SandboxError) {
            _ = try await SandboxStore.open(path: path)
            Issue.record("opened a junk file")
        } catch {
            #expect(error.description.contains(path))
            #expect(error.description.contains("--sandbox"))
        }
    }

    @Test("descriptions longer than the limit are refused")
    func longDescription() async throws {
        let sandbox = try await SandboxFixture.make()
        await #expect(
            throws: KeyServiceError.badRequest(
                message: "description must be at most 1000 characters")
        ) {
            try await sandbox.store.createKey(
                CreateKeyRequest(
                    roleId: RoleID.owner, description: String(repeating: "x", count: 1001),
                    expiry: .never))
        }
    }
}
