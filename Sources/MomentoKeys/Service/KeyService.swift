/// The key-management operations, implemented by Momento's HTTP API and by the sandbox.
///
/// Every method throws only ``KeyServiceError``.
public protocol KeyService: Sendable {
    /// One page of keys: at most `limit` (1...``largestPage``), starting after `nextToken`.
    func listKeys(limit: Int, nextToken: String?) async throws(KeyServiceError) -> KeyPage
    /// The largest page `listKeys` gives: 100 for the HTTP API.
    var largestPage: Int { get }
    /// Creates a key. Never retried: a second attempt would create a second key.
    func createKey(_ request: CreateKeyRequest) async throws(KeyServiceError) -> CreatedKey
    /// Revokes the key with this id; it stops authenticating at once.
    func revokeKey(id: String) async throws(KeyServiceError)
    /// One page of roles, of one type or both.
    func listRoles(
        type: RoleType?, limit: Int?, nextToken: String?
    ) async throws(KeyServiceError) -> RolePage
}

extension KeyService {
    /// 100 keys, the HTTP API's largest page.
    public var largestPage: Int { 100 }

    /// Every key, page by page, as the pages arrive; at most `maxKeys` (``KeyPages/maxKeys``
    /// unless given).
    public func allKeys(
        pageSize: Int = 100, maxPages: Int = 10_000, maxKeys: Int = KeyPages.maxKeys
    ) -> KeyPages {
        KeyPages(service: self, pageSize: pageSize, maxPages: maxPages, maxKeys: maxKeys)
    }

    /// Every role of the account, system roles first as the API returns them.
    public func allRoles(type: RoleType? = nil) async throws(KeyServiceError) -> [Role] {
        var roles: [Role] = []
        var token: String?
        var seen: Set<String> = []
        repeat {
            let page = try await listRoles(type: type, limit: 100, nextToken: token)
            try KeyPages.follow(page.nextToken, seen: &seen, maxPages: 10_000)
            roles += page.roles
            token = page.nextToken
        } while token != nil
        return roles
    }

    /// Every key, collected into one array; `warn` is told when the API listed a key twice.
    public func listAllKeys(
        pageSize: Int = 100, warn: (String) -> Void = { _ in }
    ) async throws(KeyServiceError) -> [ApiKeyInfo] {
        var keys: [ApiKeyInfo] = []
        var pages = allKeys(pageSize: pageSize).makeAsyncIterator()
        while let page = try await pages.next() {
            keys += page
        }
        if let warning = pages.duplicatesWarning { warn(warning) }
        return keys
    }
}
