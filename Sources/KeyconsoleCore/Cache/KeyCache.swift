import Foundation
import GRDB
import MomentoKeys
import SystemPackage

/// The last complete key list of one account, as the console saw it: one SQLite file per
/// account (its id, when the admin key names it, else the acting key's id) and key API under
/// `$XDG_CACHE_HOME/keyconsole/` (folder 0700, file 0600), so the console starts with it at
/// once and refreshes behind it. Two accounts in one region never share a file, and a new
/// admin key of the same account finds the list the old one saved.
///
/// Metadata only: ids, roles, descriptions, dates and role names. Never a key or a token.
package struct KeyCache: Sendable {
    /// A saved list.
    package struct Snapshot: Sendable, Hashable {
        /// The keys, in the order the API listed them.
        package var keys: [ApiKeyInfo]
        /// Role names by id.
        package var roleNames: [String: String]
        /// When the list was complete.
        package var savedAt: Date

        /// A list as given.
        package init(keys: [ApiKeyInfo], roleNames: [String: String], savedAt: Date) {
            self.keys = keys
            self.roleNames = roleNames
            self.savedAt = savedAt
        }
    }

    /// Why the cache could not be read or written.
    package struct Failure: Error, CustomStringConvertible {
        package let description: String
    }

    /// The cache's file.
    package let path: String
    /// The key API the list came from.
    package let baseURL: String
    /// The account whose list it is (``Credentials/account``).
    package let account: String

    /// The schema this version writes; a file of another version is started again.
    package static let schemaVersion = 2

    /// The cache of `account` at `baseURL`, in `folder`; `nil` when the account is not known
    /// (a key without an id: no account could be told from another).
    package static func forAccount(_ account: String?, baseURL: URL?, folder: URL?) -> KeyCache? {
        guard let account, !account.isEmpty, let baseURL, let folder else { return nil }
        return KeyCache(folder: folder, baseURL: baseURL, account: account)
    }

    /// The cache of `account` at `baseURL`, in `folder`.
    package init(folder: URL, baseURL: URL, account: String) {
        self.baseURL = baseURL.absoluteString
        self.account = account
        let name = Self.fingerprint(self.baseURL + "\n" + account)
        path = folder.appendingPathComponent("keys-\(name).sqlite").path
    }

    /// The saved list; `nil` when there is none (or it is another account's, or unreadable).
    package func load() -> Snapshot? {
        // Only a private regular file of ours is read: never one planted or shared.
        guard Self.isPrivateFile(path) else { return nil }
        do {
            let queue = try DatabaseQueue(
                path: path, configuration: Self.configuration(readOnly: true))
            return try queue.read { db -> Snapshot? in
                let meta = try Dictionary(
                    uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT name, value FROM meta").map
                    {
                        (row: Row) -> (String, String) in (row["name"], row["value"])
                    })
                guard meta["schema"] == String(Self.schemaVersion), meta["base_url"] == baseURL,
                    meta["account"] == account, let saved = meta["saved_at"].flatMap(Double.init)
                else { return nil }
                // Room for every key at once, and one copy of the account's id for all.
                var keys: [ApiKeyInfo] = []
                keys.reserveCapacity(
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM keys") ?? 0)
                // Shared as the rows are read, so each copy is freed before the next is made.
                var shared = ""
                let rows = try Row.fetchCursor(
                    db,
                    sql: "SELECT key_id, account_id, description, role_id, issued_at, expires_at"
                        + " FROM keys ORDER BY position")
                while let row = try rows.next() {
                    guard let id = row[0] as String?, let account = row[1] as String?,
                        let description = row[2] as String?, let role = row[3] as String?,
                        let issued = row[4] as Int64?
                    else { return nil }
                    if account != shared { shared = account }
                    keys.append(
                        ApiKeyInfo(
                            keyId: id, accountId: shared, description: description, roleId: role,
                            issuedAtEpochSeconds: issued, expiresAtEpochSeconds: row[5] as Int64?))
                }
                var names: [String: String] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT role_id, role_name FROM roles") {
                    guard let id = row[0] as String?, let name = row[1] as String? else {
                        return nil
                    }
                    names[id] = name
                }
                return Snapshot(
                    keys: keys, roleNames: names, savedAt: Date(timeIntervalSince1970: saved))
            }
        } catch {
            return nil
        }
    }

    /// Replaces the saved list with `snapshot`; a file SQLite cannot read (a broken cache) is
    /// replaced too.
    package func save(_ snapshot: Snapshot) throws(Failure) {
        do {
            try write(snapshot)
        } catch let error as DatabaseError
            where error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT
        {
            unlink(path)
            do {
                try write(snapshot)
            } catch {
                throw Self.failure(path, error)
            }
        } catch {
            throw Self.failure(path, error)
        }
    }

    private static func failure(_ path: String, _ error: any Error) -> Failure {
        if let failure = error as? Failure { return failure }
        return Failure(description: "the key cache \(path) could not be written: \(error)")
    }

    private func write(_ snapshot: Snapshot) throws {
        do {
            try Self.prepareFolder(URL(fileURLWithPath: path).deletingLastPathComponent())
            try Self.createPrivately(path)
            let queue = try DatabaseQueue(
                path: path, configuration: Self.configuration(readOnly: false))
            try queue.write { db in
                let version =
                    try db.tableExists("meta")
                    ? String.fetchOne(db, sql: "SELECT value FROM meta WHERE name = 'schema'")
                    : nil
                if version != String(Self.schemaVersion) {
                    // Another version's file (or a new one): start again.
                    try db.execute(
                        sql: """
                            DROP TABLE IF EXISTS meta; DROP TABLE IF EXISTS keys;
                            DROP TABLE IF EXISTS roles;
                            CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
                            CREATE TABLE keys (
                                position INTEGER PRIMARY KEY, key_id TEXT NOT NULL,
                                account_id TEXT NOT NULL, description TEXT NOT NULL,
                                role_id TEXT NOT NULL, issued_at INTEGER NOT NULL,
                                expires_at INTEGER);
                            CREATE TABLE roles (role_id TEXT PRIMARY KEY, role_name TEXT NOT NULL);
                            """)
                }
                try db.execute(sql: "DELETE FROM meta; DELETE FROM keys; DELETE FROM roles;")
                for (name, value) in [
                    ("schema", String(Self.schemaVersion)), ("base_url", baseURL),
                    ("account", account),
                    ("saved_at", String(snapshot.savedAt.timeIntervalSince1970)),
                ] {
                    try db.execute(
                        sql: "INSERT INTO meta (name, value) VALUES (?, ?)",
                        arguments: [name, value])
                }
                let insert = try db.makeStatement(
                    sql: "INSERT INTO keys (position, key_id, account_id, description, role_id,"
                        + " issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                for (position, key) in snapshot.keys.enumerated() {
                    try insert.execute(arguments: [
                        position, key.keyId, key.accountId, key.description, key.roleId,
                        key.issuedAtEpochSeconds, key.expiresAtEpochSeconds,
                    ])
                }
                let role = try db.makeStatement(
                    sql: "INSERT INTO roles (role_id, role_name) VALUES (?, ?)")
                for (id, name) in snapshot.roleNames { try role.execute(arguments: [id, name]) }
            }
        }
    }

    /// Removes every cached list in `folder`; how many lists there were.
    package static func clear(folder: URL) throws(Failure) -> Int {
        guard FileManager.default.fileExists(atPath: folder.path) else { return 0 }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw Failure(description: "\(folder.path) could not be read: \(error)")
        }
        var lists = 0
        for name in names where name.hasPrefix("keys-") && name.contains(".sqlite") {
            do {
                try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
            } catch {
                throw Failure(description: "\(folder.path)/\(name) could not be removed: \(error)")
            }
            if name.hasSuffix(".sqlite") { lists += 1 }
        }
        return lists
    }

    private static func configuration(readOnly: Bool) -> Configuration {
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(2)
        configuration.label = "keyconsole.cache"
        return configuration
    }

    /// The folder, created 0700 when missing; an existing one must be a folder of ours that
    /// no one else may write to (not a symbolic link).
    private static func prepareFolder(_ folder: URL) throws {
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var info = stat()
        guard lstat(folder.path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR,
            info.st_uid == geteuid(), info.st_mode & 0o022 == 0
        else {
            throw Failure(
                description: "the cache folder \(folder.path) is not a folder of yours that only"
                    + " you can write to")
        }
    }

    /// Whether `path` is a regular file (not a link) of this user that only this user can
    /// read or write.
    package static func isPrivateFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
            && info.st_uid == geteuid() && info.st_mode & 0o077 == 0
    }

    /// The file, created empty and 0600 before SQLite opens it; an existing file must be a
    /// regular file of ours that only we can read.
    private static func createPrivately(_ path: String) throws(Failure) {
        do {
            let fd = try FileDescriptor.open(
                FilePath(path), .readWrite, options: [.create, .exclusiveCreate, .closeOnExec],
                permissions: [.ownerReadWrite])
            try fd.close()
            return
        } catch Errno.fileExists {
        } catch {
            throw Failure(description: "the key cache \(path) could not be created: \(error)")
        }
        guard isPrivateFile(path) else {
            throw Failure(
                description: "the key cache \(path) is not a private file of yours (0600);"
                    + " remove it with `keyconsole cache clear`")
        }
    }

    /// A file name for `text`: 64-bit FNV-1a, in hex (the file says whose list it holds).
    package static func fingerprint(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
