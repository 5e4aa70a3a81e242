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
        let now = sandbox.wall.now.timeIntervalSince1970
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
            path: sandbox.store.path, clock: sandbox.wall)
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
            path: sandbox.store.path, clock: sandbox.wall)
        let expiry = Expiry.at(sandbox.wall.now.addingTimeInterval(86400))
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
            #expect(error == .notASandbox(path: path, reason: "it is not an SQLite database"))
        }
    }

    @Test("descriptions longer than 200 characters, or with a NUL, are refused")
    func longDescription() async throws {
        let sandbox = try await SandboxFixture.make()
        await #expect(
            throws: KeyServiceError.badRequest(
                message: "description must be at most 200 characters")
        ) {
            try await sandbox.store.createKey(
                CreateKeyRequest(
                    roleId: RoleID.owner, description: String(repeating: "x", count: 201),
                    expiry: .never))
        }
        await #expect(
            throws: KeyServiceError.badRequest(
                message: "description must not contain a NUL character")
        ) {
            try await sandbox.store.createKey(
                CreateKeyRequest(roleId: RoleID.owner, description: "X\u{0}Y", expiry: .never))
        }
    }

    /// The bytes of the file at `path`, and whether its -wal and -shm files exist.
    static func snapshot(_ path: String) throws -> (bytes: Data, wal: Bool, shm: Bool) {
        (
            try Data(contentsOf: URL(fileURLWithPath: path)),
            FileManager.default.fileExists(atPath: path + "-wal"),
            FileManager.default.fileExists(atPath: path + "-shm")
        )
    }

    @Test("another program's SQLite database is refused and left byte for byte as it was")
    func foreignDatabase() async throws {
        let directory = TemporaryDirectory()
        for (name, setup) in [
            (
                "app.sqlite",
                "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, 'ada');"
            ),
            (
                "lookalike.sqlite",
                "CREATE TABLE meta (name TEXT, value BLOB); CREATE TABLE roles (x); CREATE TABLE api_keys (y); CREATE TABLE orders (z);"
            ),
            ("marked.sqlite", "PRAGMA application_id = 1234; CREATE TABLE t (x);"),
            ("unmarked-but-empty-tables.sqlite", "PRAGMA application_id = 99;"),
            (
                "our-tables-only.sqlite",
                "CREATE TABLE meta (name TEXT, value BLOB); CREATE TABLE roles (x); CREATE TABLE api_keys (y);"
            ),
            ("wal.sqlite", "PRAGMA journal_mode = WAL; CREATE TABLE notes (body TEXT);"),
        ] {
            let path = directory.path + "/" + name
            let queue = try DatabaseQueue(path: path)
            try await queue.write { db in try db.execute(sql: setup) }
            try queue.close()
            let before = try Self.snapshot(path)
            do throws(SandboxError) {
                _ = try await SandboxStore.open(path: path)
                Issue.record("opened \(name)")
            } catch {
                guard case .notASandbox(let refused, let reason) = error else {
                    Issue.record("\(name): \(error)")
                    continue
                }
                #expect(refused == path)
                #expect(reason.contains("another program"), "\(name): \(reason)")
                #expect(error.description.contains("leaves it as it is"))
                #expect(!error.description.contains("reset"), "no advice to reset another's file")
            }
            let after = try Self.snapshot(path)
            #expect(after.bytes == before.bytes, "\(name) untouched")
            #expect(!after.wal && !after.shm, "\(name): no WAL files made")
        }
        // The sandbox command that re-seeds refuses it too.
        let path = directory.path + "/app.sqlite"
        await #expect(throws: SandboxError.self) {
            try await SandboxStore.open(path: path, access: .readOnly)
        }
    }

    @Test("a new sandbox is marked; one made before the mark opens, keeps its keys and is marked")
    func marking() async throws {
        let sandbox = try await SandboxFixture.make()
        let created = try await sandbox.issue(RoleID.owner)
        func mark(_ store: SandboxStore) async throws -> [Int] {
            try await store.database.read { db in
                [
                    try Int.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
                    try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0,
                ]
            }
        }
        #expect(try await mark(sandbox.store) == [0x6B63_6F6E, 2])
        // As a sandbox made before this change: our tables and meta, no application id.
        try await sandbox.store.database.write { db in
            try db.execute(sql: "PRAGMA application_id = 0; PRAGMA user_version = 0")
        }
        #expect(try await mark(sandbox.store) == [0, 0])
        let reopened = try await SandboxStore.open(
            path: sandbox.store.path, clock: sandbox.wall)
        #expect(try await mark(reopened) == [0x6B63_6F6E, 2])
        #expect(reopened.accountId == sandbox.store.accountId)
        #expect(try await reopened.listAllKeys().count == 13)
        #expect(
            try await reopened.authenticate(created.apiKey.exposedValue).keyId
                == created.keyInfo.keyId)
        // A zero-byte file is a new sandbox.
        let empty = sandbox.directory.write("empty.sqlite", "")
        let made = try await SandboxStore.open(path: empty, clock: sandbox.wall)
        #expect(try await made.listAllKeys().count == 12)
        #expect(try await mark(made) == [0x6B63_6F6E, 2])
    }

    @Test("a sandbox of a newer keyconsole is refused untouched")
    func newerSchema() async throws {
        let sandbox = try await SandboxFixture.make()
        try await sandbox.store.database.write { db in
            try db.execute(sql: "PRAGMA user_version = 7")
        }
        await #expect(
            throws: SandboxError.newerSchema(path: sandbox.store.path, schemaVersion: 7)
        ) {
            try await SandboxStore.open(path: sandbox.store.path)
        }
    }

    @Test("opened read-only, a sandbox lists and authenticates but is never written to")
    func readOnly() async throws {
        let sandbox = try await SandboxFixture.make()
        let created = try await sandbox.issue(RoleID.owner)
        let path = sandbox.store.path
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let reader = try await SandboxStore.open(
            path: path, clock: sandbox.wall, access: .readOnly)
        #expect(reader.accountId == sandbox.store.accountId)
        #expect(try await reader.listAllKeys().count == 13)
        #expect(
            try await reader.session(authenticatedBy: created.apiKey).listAllKeys().count == 13)
        await #expect(throws: KeyServiceError.self, "a read-only handle cannot write") {
            try await reader.revokeKey(id: created.keyInfo.keyId)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        // A read-only open of a new file makes the sandbox, as a read-write one would.
        let fresh = sandbox.directory.path + "/new.sqlite"
        #expect(
            try await SandboxStore.open(path: fresh, access: .readOnly).listAllKeys().count == 12)
    }
}
