import Foundation
import GRDB

/// What an SQLite file holds, read without changing it: so keyconsole writes only to its own
/// sandboxes, never to another program's database.
///
/// A sandbox is marked with `PRAGMA application_id` (``applicationID``) and its schema version
/// in `PRAGMA user_version`. Sandboxes made before the mark (our tables and `meta`, no
/// application id) are recognised by their tables, and marked when opened for writing.
enum SandboxFile: Equatable {
    /// No tables at all (a new or zero-byte file): a sandbox can be made in it.
    case empty
    /// A marked sandbox with this schema version.
    case marked(schemaVersion: Int)
    /// A sandbox made before the mark.
    case unmarked

    /// `kcon`, keyconsole's `PRAGMA application_id`.
    static let applicationID: Int32 = 0x6B63_6F6E
    /// The tables of a sandbox, including the ones SQLite and GRDB add.
    static let tables: Set<String> = [
        "meta", "roles", "api_keys", "grdb_migrations", "sqlite_sequence",
    ]

    /// Why a file is not a sandbox keyconsole may use.
    enum Refusal: Error {
        /// Another program's database, or not a database at all.
        case foreign(String)
        /// A sandbox of a newer keyconsole.
        case newer(schemaVersion: Int)
        /// A sandbox this user cannot read consistently.
        case unreadable(String)
    }

    /// Reads the file at `path` (which exists) without writing to it, or beside it: the
    /// header's bytes first (no SQLite connection), then, for a file with no application id,
    /// its tables from an immutable snapshot.
    static func inspect(path: String) throws -> SandboxFile {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Refusal.foreign("it cannot be read")
        }
        let header = (try? handle.read(upToCount: 100)) ?? Data()
        try? handle.close()
        if header.isEmpty { return .empty }
        guard header.count == 100, header.starts(with: Array("SQLite format 3\0".utf8)) else {
            throw Refusal.foreign("it is not an SQLite database")
        }
        func integer(at offset: Int) -> Int32 {
            Int32(bitPattern: header[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) })
        }
        let id = integer(at: 68)
        let version = Int(integer(at: 60))
        if id != 0 { return try classify(applicationID: id, version: version, tables: nil) }
        // No application id: a sandbox made before the mark, a new one whose mark is still in
        // its WAL, or another program's database. Its tables say which.
        let found: Contents
        do {
            found = try contents(path: path, immutable: true)
            if found.tables.isEmpty, walSize(path) > 0 {
                // Tables that live only in the WAL: read them as SQLite would.
                return try classify(
                    applicationID: 0, version: version,
                    tables: try contents(path: path, immutable: false))
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw Refusal.foreign("it is not an SQLite database")
        }
        return try classify(applicationID: 0, version: version, tables: found)
    }

    /// What a file's tables hold, as far as telling a sandbox goes.
    struct Contents {
        var tables: [String] = []
        var migrations: [String] = []
        var metaNames: [String] = []
    }

    private static func contents(path: String, immutable: Bool) throws -> Contents {
        let queue = immutable ? try immutableQueue(path: path) : try readOnlyQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            var found = Contents()
            found.tables = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            if found.tables.contains("grdb_migrations") {
                found.migrations = try String.fetchAll(
                    db, sql: "SELECT identifier FROM grdb_migrations")
            }
            if found.tables.contains("meta") {
                found.metaNames = (try? String.fetchAll(db, sql: "SELECT name FROM meta")) ?? []
            }
            return found
        }
    }

    /// The size of the file's `-wal`, 0 when there is none.
    static func walSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int) ?? 0
    }

    /// What a file with this application id, user version and contents is (`nil` contents:
    /// not read, for a file with an application id).
    static func classify(
        applicationID id: Int32, version: Int, tables found: Contents?
    ) throws(Refusal) -> SandboxFile {
        if id == applicationID {
            guard version <= SandboxMigrations.schemaVersion else {
                throw .newer(schemaVersion: version)
            }
            return .marked(schemaVersion: version)
        }
        if id != 0 {
            throw .foreign(
                "it is another program's SQLite database (application_id 0x"
                    + String(UInt32(bitPattern: id), radix: 16) + ")")
        }
        let found = found ?? Contents()
        if found.tables.isEmpty { return .empty }
        let required: Set<String> = ["meta", "roles", "api_keys", "grdb_migrations"]
        guard (0...SandboxMigrations.schemaVersion).contains(version),
            required.isSubset(of: found.tables), Set(found.tables).isSubset(of: Self.tables),
            found.migrations.contains(SandboxMigrations.firstMigration),
            Set(["account_id", "signing_secret"]).isSubset(of: found.metaNames)
        else {
            let shown =
                found.tables.prefix(5).joined(separator: ", ")
                + (found.tables.count > 5 ? ", …" : "")
            throw .foreign("it is an SQLite database of another program (tables: \(shown))")
        }
        return .unmarked
    }

    /// A connection that reads the file as it stands, making no `-shm` or `-wal` beside it
    /// (`immutable=1`; SQLite here is built with URI file names).
    private static func immutableQueue(path: String) throws -> DatabaseQueue {
        var components = URLComponents()
        components.scheme = "file"
        components.path = path
        components.queryItems = [URLQueryItem(name: "immutable", value: "1")]
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "keyconsole-sandbox-inspect"
        return try DatabaseQueue(path: components.string ?? path, configuration: configuration)
    }

    /// A read-only connection to the file. A sandbox in WAL mode needs its `-shm` file, which a
    /// reader of another user's file may not be able to create; then the file is read as
    /// immutable (a snapshot), when no change waits in its WAL.
    static func readOnlyQueue(path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        configuration.label = "keyconsole-sandbox-readonly"
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            _ = try queue.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master")
            }
            return queue
        } catch let error as DatabaseError
            where [.SQLITE_READONLY, .SQLITE_CANTOPEN].contains(error.resultCode)
        {
            // Changes in a WAL this user cannot share would be ignored by a snapshot: refuse
            // rather than show a stale list.
            guard walSize(path) == 0 else {
                throw Refusal.unreadable(
                    "its newest changes are in \(path)-wal, which this user cannot read with its"
                        + " owner's processes; ask them to close it, or use a copy")
            }
            return try immutableQueue(path: path)
        }
    }
}
