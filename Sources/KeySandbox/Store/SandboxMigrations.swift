import GRDB

/// The versioned schema of a sandbox database.
enum SandboxMigrations {
    /// The schema version written to `PRAGMA user_version`: the number of migrations.
    static let schemaVersion = 1

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
        return migrator
    }
}
