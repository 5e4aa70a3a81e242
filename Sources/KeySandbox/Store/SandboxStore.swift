import Foundation
import GRDB
import MomentoKeys

/// The embedded sandbox: a local SQLite account with Momento's key semantics.
///
/// As a ``KeyService`` it acts as the account's owner (the console on the sandbox needs no
/// key). ``authenticate(_:)`` and ``session(as:)`` give the view of one key, as
/// `keyconsole serve` uses. The database keeps metadata only, never a plaintext key. Several
/// processes may use one file at once: it is in WAL mode and every write is one transaction.
public final class SandboxStore: KeyService {
    /// The database file.
    public let path: String
    /// The sandbox account's id.
    public let accountId: String
    let database: any DatabaseWriter
    /// Where the sandbox reads the time.
    public let clock: WallClock
    let signer: SandboxSigner

    /// The message Momento gives for a key it does not accept.
    public static let unauthorizedMessage = "Momento API key passed in is either invalid or expired"

    private init(
        path: String, accountId: String, database: any DatabaseWriter, clock: WallClock,
        signer: SandboxSigner
    ) {
        self.path = path
        self.accountId = accountId
        self.database = database
        self.clock = clock
        self.signer = signer
    }

    /// How a sandbox is opened.
    public enum Access: Sendable {
        /// For commands that change keys: created, migrated, marked and seeded as needed.
        case readWrite
        /// For commands that only read: an existing sandbox is not written to at all (so
        /// another user's file, mode 0644, can be listed); a missing or empty one is made as
        /// for ``readWrite``.
        case readOnly
    }

    /// Opens the sandbox at `path`, creating, migrating, marking and seeding it as needed.
    /// Another program's database, or a sandbox of a newer keyconsole, is refused untouched.
    public static func open(
        path: String, clock: WallClock = .current, access: Access = .readWrite
    ) async throws(SandboxError) -> SandboxStore {
        let database: any DatabaseWriter
        let account: (id: String, secret: Data)
        do {
            let kind =
                FileManager.default.fileExists(atPath: path)
                ? try SandboxFile.inspect(path: path) : .empty
            if access == .readOnly, kind != .empty,
                let store = try await openReadOnly(path: path, clock: clock)
            {
                return store
            }
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700])
            }
            // SQLite gives the -wal and -shm files the database file's mode: create it 0600
            // first, as it holds the signing secret.
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(
                    atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
            }
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            configuration.label = "keyconsole-sandbox"
            // A small page cache per connection (SQLite's default is 2 MB): the sandbox is
            // local, and the operating system caches its file anyway.
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -256") }
            let pool = try DatabasePool(path: path, configuration: configuration)
            database = pool
            // The header read before may lag behind the WAL: the version as SQLite sees it.
            try refuseNewer(pool)
            try SandboxMigrations.migrator.migrate(pool)
            let now = clock.nowSeconds
            // GRDB's write is one IMMEDIATE transaction, committed when the closure returns.
            account = try await pool.write { db in
                try SandboxMigrations.mark(db)
                return try Self.readAccount(db) ?? Self.createAccount(db, now: now)
            }
        } catch let refusal as SandboxFile.Refusal {
            switch refusal {
            case .foreign(let reason): throw .notASandbox(path: path, reason: reason)
            case .newer(let version): throw .newerSchema(path: path, schemaVersion: version)
            case .unreadable(let reason): throw .cannotOpen(path: path, reason: reason)
            }
        } catch {
            throw .cannotOpen(path: path, reason: Self.describe(error))
        }
        let signer = await SandboxSigner(secret: account.secret)
        return SandboxStore(
            path: path, accountId: account.id, database: database, clock: clock, signer: signer)
    }

    /// Throws when the database's schema is newer than this keyconsole's.
    private static func refuseNewer(_ database: some DatabaseReader) throws {
        let version = try database.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") }
        if let version, version > SandboxMigrations.schemaVersion {
            throw SandboxFile.Refusal.newer(schemaVersion: version)
        }
    }

    /// The sandbox at `path` on a read-only connection, when its schema is complete and it has
    /// an account; `nil` when it needs writing first.
    private static func openReadOnly(
        path: String, clock: WallClock
    ) async throws -> SandboxStore? {
        let queue = try SandboxFile.readOnlyQueue(path: path)
        try refuseNewer(queue)
        let found = try await queue.read { db -> (id: String, secret: Data)? in
            guard try SandboxMigrations.migrator.hasCompletedMigrations(db) else { return nil }
            return try Self.readAccount(db)
        }
        guard let found else { return nil }
        let signer = await SandboxSigner(secret: found.secret)
        return SandboxStore(
            path: path, accountId: found.id, database: queue, clock: clock, signer: signer)
    }

    /// Deletes every key and custom role and seeds the demo account anew, with a new signing
    /// secret (so keys issued before stop authenticating). Returns the reopened sandbox.
    public func reset() async throws(SandboxError) -> SandboxStore {
        let now = clock.nowSeconds
        do {
            try await database.write { db in
                try db.execute(sql: "DELETE FROM api_keys; DELETE FROM roles; DELETE FROM meta;")
                _ = try Self.createAccount(db, now: now)
            }
        } catch {
            throw .cannotOpen(path: path, reason: Self.describe(error))
        }
        return try await Self.open(path: path, clock: clock)
    }

    // MARK: KeyService, as the account owner

    /// One page of live keys (expired ones included, revoked ones not), oldest first.
    ///
    /// The token names the last key returned, so keys created or revoked between pages never
    /// make a page repeat or skip another key.
    /// In the process, pages of 1,000 (`serve`'s sessions keep the API's 100).
    public var largestPage: Int { 1000 }

    /// One page of the keys not revoked, in the order they were issued.
    public func listKeys(limit: Int, nextToken: String?) async throws(KeyServiceError) -> KeyPage {
        guard (1...largestPage).contains(limit) else {
            throw .badRequest(message: "limit must be between 1 and \(largestPage)")
        }
        let after = try PageToken.decode(nextToken)
        // The store's own account id, one copy for all its keys (not one a key).
        let own = accountId
        let rows = try await read { db in
            var rows: [(seq: Int64, info: ApiKeyInfo)] = []
            rows.reserveCapacity(limit + 1)
            // A cursor's rows are read in place, by position: no row is copied.
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT seq, key_id, account_id = ?, account_id, description, role_id,
                    issued_at, expires_at
                    FROM api_keys WHERE revoked_at IS NULL AND seq > ? ORDER BY seq LIMIT ?
                    """,
                arguments: [own, after, limit + 1])
            while let row = try cursor.next() {
                rows.append(
                    (
                        seq: row[0],
                        info: ApiKeyInfo(
                            keyId: row[1], accountId: row[2] ? own : row[3], description: row[4],
                            roleId: row[5], issuedAtEpochSeconds: row[6],
                            expiresAtEpochSeconds: row[7])
                    ))
            }
            return rows
        }
        let page = rows.prefix(limit)
        let more = rows.count > limit
        return KeyPage(
            keyInfo: page.map(\.info), nextToken: more ? PageToken.encode(page.last!.seq) : nil)
    }

    /// Creates a key: the role must exist (404), the expiry be never or in the future (400).
    public func createKey(_ request: CreateKeyRequest) async throws(KeyServiceError) -> CreatedKey {
        let now = clock.nowSeconds
        let expiresAt: Int64?
        switch request.expiry {
        case .never:
            expiresAt = nil
        case .at(let seconds):
            guard seconds > now else {
                throw .badRequest(message: "expiry must be in the future")
            }
            expiresAt = seconds
        }
        if let problem = CreateKeyRequest.descriptionProblem(request.description) {
            throw .badRequest(message: problem)
        }
        guard !request.roleId.isEmpty else {
            throw .badRequest(message: "role_id is required")
        }
        let keyId = Self.newKeyId()
        let plaintext: String
        let refreshToken: String?
        do {
            plaintext = try await signer.apiKey(
                keyId: keyId, accountId: accountId, issuedAt: now, expiresAt: expiresAt)
            if let expiresAt, !request.excludeRefreshToken {
                refreshToken = try await signer.refreshToken(
                    keyId: keyId, accountId: accountId, issuedAt: now, expiresAt: expiresAt)
            } else {
                refreshToken = nil
            }
        } catch {
            throw .server(status: 500, message: "the sandbox could not sign the key")
        }
        let info = ApiKeyInfo(
            keyId: keyId, accountId: accountId, description: request.description,
            roleId: request.roleId, issuedAtEpochSeconds: now, expiresAtEpochSeconds: expiresAt)
        let roleExists = try await write { db in
            guard try Self.roleExists(db, request.roleId) else { return false }
            try Self.insertKey(db, info)
            return true
        }
        guard roleExists else {
            throw .notFound(message: "Role not found: \(request.roleId)")
        }
        return CreatedKey(
            apiKey: Secret(plaintext), refreshToken: refreshToken.map(Secret.init), keyInfo: info)
    }

    /// Revokes a key; 404 when the account has no such live key.
    public func revokeKey(id: String) async throws(KeyServiceError) {
        try await revokeKey(id: id) { _, _ in }
    }

    /// Revokes a key if `check` allows its role (it throws to refuse), in one transaction
    /// with the look-up; 404 when the account has no such live key.
    func revokeKey(
        id: String,
        allowing check:
            @escaping @Sendable (_ roleId: String, _ rank: RoleRank) throws(KeyServiceError) -> Void
    ) async throws(KeyServiceError) {
        let now = clock.nowSeconds
        let changed = try await write { db in
            guard
                let roleId = try String.fetchOne(
                    db, sql: "SELECT role_id FROM api_keys WHERE key_id = ? AND revoked_at IS NULL",
                    arguments: [id])
            else { return 0 }
            try check(
                roleId, try Self.rank(db, roleId) ?? RoleRank(roleId: roleId, permissions: nil))
            try db.execute(
                sql: "UPDATE api_keys SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL",
                arguments: [now, id])
            return db.changesCount
        }
        guard changed > 0 else { throw .notFound(message: "API key not found") }
    }

    /// The rank of a role of this account, by its permissions; `nil` when there is no such role.
    func rank(ofRole roleId: String) async throws(KeyServiceError) -> RoleRank? {
        try await read { db in try Self.rank(db, roleId) }
    }

    /// One page of roles: system roles first, then custom ones by name.
    public func listRoles(
        type: RoleType?, limit: Int?, nextToken: String?
    ) async throws(KeyServiceError) -> RolePage {
        let limit = limit ?? 100
        guard (1...100).contains(limit) else {
            throw .badRequest(message: "limit must be between 1 and 100")
        }
        let offset = try PageToken.decode(nextToken)
        let rows = try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT role_id, role_name, role_type, description, permissions FROM roles
                    WHERE (? IS NULL OR role_type = ?)
                    ORDER BY role_type = 'custom', CASE role_id WHEN 'r-owner' THEN 0
                             WHEN 'r-operator' THEN 1 WHEN 'r-viewer' THEN 2 ELSE 3 END,
                             role_name, role_id
                    LIMIT ? OFFSET ?
                    """,
                arguments: [type?.rawValue, type?.rawValue, limit + 1, offset]
            ).map(Self.role)
        }
        let roles = Array(rows.prefix(limit))
        return RolePage(
            roles: roles,
            nextToken: rows.count > limit ? PageToken.encode(offset + Int64(limit)) : nil)
    }

    // MARK: Authentication

    /// The key id of a plaintext key this sandbox issued, if its signature is good, it is a v2
    /// key (not a refresh token), and it is neither revoked nor expired. 401 otherwise.
    public func authenticate(_ plaintext: String) async throws(KeyServiceError) -> ApiKeyInfo {
        let token = plaintext.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let claims = await signer.verifiedClaims(token), claims.t == "g",
            let keyId = claims.jti
        else {
            throw .unauthorized(message: Self.unauthorizedMessage)
        }
        return try await liveKey(keyId)
    }

    /// The service as seen by one API key: every call authenticates it again, and create and
    /// revoke need an Owner or Operator key (403 otherwise).
    public func session(authenticatedBy apiKey: Secret) -> SandboxSession {
        SandboxSession(store: self, apiKey: apiKey)
    }

    /// The key if it exists, is not revoked and has not expired; 401 otherwise.
    func liveKey(_ keyId: String) async throws(KeyServiceError) -> ApiKeyInfo {
        let found = try await read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT key_id, account_id, description, role_id, issued_at, expires_at
                    FROM api_keys WHERE key_id = ? AND revoked_at IS NULL
                    """,
                arguments: [keyId]
            ).map(Self.keyInfo)
        }
        guard let info = found else { throw .unauthorized(message: Self.unauthorizedMessage) }
        guard !info.isExpired(at: clock.now) else {
            throw .unauthorized(message: Self.unauthorizedMessage)
        }
        return info
    }

    /// Creates a key without any caller check, for seeding and `serve --admin-key-file`.
    public func issueKey(
        roleId: String, description: String, expiry: Expiry
    ) async throws(KeyServiceError) -> CreatedKey {
        try await createKey(
            CreateKeyRequest(
                roleId: roleId, description: description, expiry: expiry,
                excludeRefreshToken: true))
    }

    // MARK: Database helpers

    private func read<T: Sendable>(
        _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(KeyServiceError) -> T {
        do {
            return try await database.read(body)
        } catch {
            throw .server(status: 500, message: "sandbox database error: \(Self.describe(error))")
        }
    }

    private func write<T: Sendable>(
        _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(KeyServiceError) -> T {
        do {
            // One IMMEDIATE transaction (GRDB's default for writes), committed on return.
            return try await database.write(body)
        } catch let error as KeyServiceError {
            throw error  // refused by the body: the transaction was rolled back
        } catch {
            throw .server(status: 500, message: "sandbox database error: \(Self.describe(error))")
        }
    }

    static func keyInfo(_ row: Row) -> ApiKeyInfo {
        ApiKeyInfo(
            keyId: row["key_id"], accountId: row["account_id"], description: row["description"],
            roleId: row["role_id"], issuedAtEpochSeconds: row["issued_at"],
            expiresAtEpochSeconds: row["expires_at"])
    }

    static func role(_ row: Row) -> Role {
        let permissions: JSONValue? = (row["permissions"] as String?).flatMap {
            try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8))
        }
        return Role(
            roleId: row["role_id"], roleName: row["role_name"],
            roleType: RoleType(rawValue: row["role_type"]) ?? .custom,
            description: row["description"], permissions: permissions)
    }

    static func rank(_ db: Database, _ roleId: String) throws -> RoleRank? {
        try role(db, roleId).map(RoleRank.init)
    }

    /// The role of this account with `roleId`, if there is one.
    static func role(_ db: Database, _ roleId: String) throws -> Role? {
        try Row.fetchOne(
            db,
            sql: "SELECT role_id, role_name, role_type, description, permissions FROM roles"
                + " WHERE role_id = ?", arguments: [roleId]
        ).map(role)
    }

    /// Whether keys of `roleId` may create and revoke keys: Owner, Operator, or a custom role
    /// with `auth_management` `write`.
    func managesKeys(roleId: String) async throws(KeyServiceError) -> Bool {
        if RoleID.canManageKeys(roleId) { return true }
        let role = try await read { db in try Self.role(db, roleId) }
        return role?.permissions.map { PermissionSet($0).managesKeys } ?? false
    }

    static func roleExists(_ db: Database, _ roleId: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM roles WHERE role_id = ?", arguments: [roleId])
            ?? false
    }

    static func readAccount(_ db: Database) throws -> (id: String, secret: Data)? {
        guard
            let id = try String.fetchOne(
                db, sql: "SELECT value FROM meta WHERE name = 'account_id'"),
            let secret = try Data.fetchOne(
                db, sql: "SELECT value FROM meta WHERE name = 'signing_secret'")
        else { return nil }
        return (id, secret)
    }

    /// Writes a new account (id, secret, roles) and the demo keys.
    static func createAccount(_ db: Database, now: Int64) throws -> (id: String, secret: Data) {
        var generator = SystemRandomNumberGenerator()
        let secret = Data((0..<64).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        let accountId = "sandbox-" + String(UUID().uuidString.prefix(8)).lowercased()
        try db.execute(
            sql: "INSERT INTO meta (name, value) VALUES ('account_id', ?), ('signing_secret', ?)",
            arguments: [accountId, secret])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for role in Role.system + SandboxSeed.customRoles {
            let permissions = try role.permissions.map {
                String(decoding: try encoder.encode($0), as: UTF8.self)
            }
            try db.execute(
                sql: """
                    INSERT INTO roles (role_id, role_name, role_type, description, permissions)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [
                    role.roleId, role.roleName, role.roleType.rawValue, role.description,
                    permissions,
                ])
        }
        for key in SandboxSeed.keys {
            try insertKey(
                db,
                ApiKeyInfo(
                    keyId: newKeyId(), accountId: accountId, description: key.description,
                    roleId: key.roleId, issuedAtEpochSeconds: now - key.age,
                    expiresAtEpochSeconds: key.expiresIn.map { now + $0 }))
        }
        return (accountId, secret)
    }

    /// Adds a live key: the one place a key row is written.
    static func insertKey(_ db: Database, _ key: ApiKeyInfo) throws {
        try db.execute(
            sql: """
                INSERT INTO api_keys (key_id, account_id, description, role_id, issued_at,
                                      expires_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                key.keyId, key.accountId, key.description, key.roleId, key.issuedAtEpochSeconds,
                key.expiresAtEpochSeconds,
            ])
    }

    /// A new random key id: 32 lower-case hex digits.
    static func newKeyId() -> String {
        UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "SQLite error \(error.resultCode)"
        }
        return String(describing: error)
    }
}
