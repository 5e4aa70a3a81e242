import Foundation
import GRDB
import MomentoKeys

/// The versioned schema of a sandbox database.
enum SandboxMigrations {
    /// The schema version written to `PRAGMA user_version`: the number of migrations.
    static let schemaVersion = 2

    /// Marks the database as a keyconsole sandbox of this schema version.
    static func mark(_ db: Database) throws {
        try db.execute(sql: "PRAGMA application_id = \(SandboxFile.applicationID)")
        try db.execute(sql: "PRAGMA user_version = \(schemaVersion)")
    }

    /// The first migration's name, which every sandbox's `grdb_migrations` holds.
    static let firstMigration = "v1: account, roles, keys"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(firstMigration) { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (
                        name TEXT PRIMARY KEY NOT NULL,
                        value BLOB NOT NULL
                    );
                    CREATE TABLE roles (
                        role_id TEXT PRIMARY KEY NOT NULL,
                        role_name TEXT NOT NULL,
                        role_type TEXT NOT NULL CHECK (role_type IN ('system', 'custom')),
                        description TEXT NOT NULL,
                        permissions TEXT
                    );
                    CREATE TABLE api_keys (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        key_id TEXT NOT NULL UNIQUE,
                        account_id TEXT NOT NULL,
                        description TEXT NOT NULL,
                        role_id TEXT NOT NULL REFERENCES roles(role_id),
                        issued_at INTEGER NOT NULL,
                        expires_at INTEGER,
                        revoked_at INTEGER
                    );
                    CREATE INDEX api_keys_live ON api_keys(revoked_at, seq);
                    """)
        }
        migrator.registerMigration(momentoRolesMigration) { db in
            // Custom roles of our own shape ({"cache": ["read"]}) in Momento's.
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT role_id, permissions FROM roles WHERE role_type = 'custom'"
                    + " AND permissions IS NOT NULL")
            for row in rows {
                let text: String = row["permissions"]
                guard let old = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)),
                    let new = momentoShape(old),
                    let data = try? JSONEncoder().encode(new)
                else { continue }
                try db.execute(
                    sql: "UPDATE roles SET permissions = ? WHERE role_id = ?",
                    arguments: [String(decoding: data, as: UTF8.self), row["role_id"] as String])
            }
        }
        return migrator
    }

    /// The second migration's name.
    static let momentoRolesMigration = "v2: custom roles in Momento's permission shape"

    /// A permission set of keyconsole's first shape (`{"cache": ["read", "write"], "topics":
    /// ["publish"]}`) in Momento's (`{"rules": [{"type": "cache", "permissions": [...],
    /// "caches": "*", "items": "*"}, ...]}`); `nil` when it is in Momento's shape already, or
    /// not an object of word lists.
    static func momentoShape(_ old: JSONValue) -> JSONValue? {
        guard case .object(let fields) = old, fields["rules"] == nil, !fields.isEmpty else {
            return nil
        }
        var rules: [JSONValue] = []
        for name in fields.keys.sorted() {
            guard case .array(let items) = fields[name]! else { return nil }
            let words = items.compactMap { if case .string(let word) = $0 { word } else { nil } }
            let type: String
            var selectors: [String: JSONValue]
            var map: [String: String] = [:]
            switch name {
            case "cache", "caches":
                (type, selectors) = ("cache", ["caches": .string("*"), "items": .string("*")])
            case "topic", "topics":
                (type, selectors) = ("topic", ["caches": .string("*"), "topics": .string("*")])
                map = ["publish": "write", "subscribe": "read"]
            case "store", "stores":
                (type, selectors) = ("store", ["stores": .string("*"), "items": .string("*")])
            default:
                (type, selectors) = (name, [:])
            }
            var permissions: [JSONValue] = []
            for word in words.map({ map[$0] ?? $0 }) where !permissions.contains(.string(word)) {
                permissions.append(.string(word))
            }
            selectors["type"] = .string(type)
            selectors["permissions"] = .array(permissions)
            rules.append(.object(selectors))
        }
        return .object(["rules": .array(rules)])
    }
}
