import Foundation
import GRDB
import MomentoKeys
import TestSupport
import Testing

@testable import KeySandbox

/// The sandbox's custom roles in Momento's permission shape: seeded so, migrated so from the
/// first schema, and read for who may manage keys.
@Suite("Sandbox roles in Momento's shape")
struct SandboxRolesTests {
    static func custom(_ store: SandboxStore) async throws -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for role in try await store.allRoles(type: .custom) { out[role.roleId] = role.permissions }
        return out
    }

    @Test("the demo account's custom roles are rule sets: one reads, one writes")
    func seeded() async throws {
        let sandbox = try await SandboxFixture.make()
        let roles = try await Self.custom(sandbox.store)
        let readers = try #require(roles["r-10042"])
        let bots = try #require(roles["r-10077"])
        #expect(PermissionSet(readers).readable && PermissionSet(bots).readable)
        #expect(RoleRank(roleId: "r-10042", permissions: readers) == .reader)
        #expect(RoleRank(roleId: "r-10077", permissions: bots) == .writer)
        #expect(PermissionSet(bots).lines.contains("only from: 10.20.0.0/16"))
    }

    @Test("a sandbox of the first schema: its roles of keyconsole's own shape move to Momento's")
    func migrated() async throws {
        let sandbox = try await SandboxFixture.make()
        try await sandbox.store.database.write { db in
            try db.execute(
                sql: "UPDATE roles SET permissions = ? WHERE role_id = 'r-10042'",
                arguments: [#"{"cache":["read"]}"#])
            try db.execute(
                sql: "UPDATE roles SET permissions = ? WHERE role_id = 'r-10077'",
                arguments: [#"{"cache":["read","write"],"topics":["publish"]}"#])
            try db.execute(
                sql: "DELETE FROM grdb_migrations WHERE identifier = ?",
                arguments: [SandboxMigrations.momentoRolesMigration])
            try db.execute(sql: "PRAGMA user_version = 1")
        }
        let reopened = try await SandboxStore.open(path: sandbox.store.path, clock: sandbox.wall)
        let roles = try await Self.custom(reopened)
        #expect(
            PermissionSet(try #require(roles["r-10077"])).lines == [
                "cache: read, write", "  caches: any", "  items: any", "topic: write",
                "  caches: any", "  topics: any",
            ])
        #expect(RoleRank(roleId: "r-10042", permissions: roles["r-10042"]) == .reader)
        #expect(RoleRank(roleId: "r-10077", permissions: roles["r-10077"]) == .writer)
        // Its keys still authenticate.
        #expect(try await reopened.listAllKeys().count == 12)
    }

    @Test("a custom role manages keys only with auth_management write")
    func managers() async throws {
        let sandbox = try await SandboxFixture.make()
        let manager =
            #"{"rules":[{"type":"auth_management","permissions":["read","write"],"items":"*"},{"type":"cache","permissions":["write"],"caches":"*","items":"*"}]}"#
        let writer =
            #"{"rules":[{"type":"cache","permissions":["write"],"caches":{"name":"auth_management"},"items":"*"}]}"#
        try await sandbox.store.database.write { db in
            for (id, permissions) in [("r-20001", manager), ("r-20002", writer)] {
                try db.execute(
                    sql: "INSERT INTO roles (role_id, role_name, role_type, description,"
                        + " permissions) VALUES (?, ?, 'custom', '', ?)",
                    arguments: [id, id, permissions])
            }
        }
        let request = CreateKeyRequest(
            roleId: RoleID.viewer, description: "made by a custom role",
            expiry: .at(sandbox.wall.now.addingTimeInterval(86400)))
        let managing = try await sandbox.issue("r-20001")
        let made = try await sandbox.store.session(authenticatedBy: managing.apiKey).createKey(
            request)
        #expect(made.keyInfo.roleId == RoleID.viewer)
        let writing = try await sandbox.issue("r-20002")
        await #expect(throws: KeyServiceError.self) {
            try await sandbox.store.session(authenticatedBy: writing.apiKey).createKey(request)
        }
    }
}
