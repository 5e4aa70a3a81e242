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
    }

    /// Reads the file at `path` (which exists) without writing to it.
    static func inspect(path: String) throws -> SandboxFile {
        let queue = try readOnlyQueue(path: path)
        defer { try? queue.close() }
        let found: (id: Int32, version: Int, tables: [String])
        do {
            found = try queue.read { db in
                (
                    try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
                    try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0,
                    try String.fetchAll(
                        db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
                    )
                )
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw Refusal.foreign("it is not an SQLite database")
        }
        return try classify(applicationID: found.id, version: found.version, tables: found.tables)
    }

    /// What a file with this application id, user version and tables is.
    static func classify(
        applicationID id: Int32, version: Int, tables: [String]
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
        if tables.isEmpty { return .empty }
        let ours: Set<String> = ["meta", "roles", "api_keys"]
        guard version == 0, ours.isSubset(of: tables), Set(tables).isSubset(of: Self.tables) else {
            let shown = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
            throw .foreign("it is an SQLite database of another program (tables: \(shown))")
        }
        return .unmarked
    }

    /// A read-only connection to the file. A sandbox in WAL mode needs its `-shm` file, which a
    /// reader of another user's file may not be able to create; then the file is read as
    /// immutable (a snapshot: fine for a list, and nothing is written).
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
            // SQLite here is built with URI file names (SQLITE_USE_URI).
            var components = URLComponents()
            components.scheme = "file"
            components.path = path
            components.queryItems = [URLQueryItem(name: "immutable", value: "1")]
            guard let uri = components.string else { throw error }
            return try DatabaseQueue(path: uri, configuration: configuration)
        }
    }
}
