import MomentoKeys

/// The sandbox as one API key sees it, the way `keyconsole serve` serves each request: every
/// call first authenticates the key (signature, revocation, expiry: 401), and create and
/// revoke need a role that may manage keys (403).
public struct SandboxSession: KeyService {
    let store: SandboxStore
    let apiKey: Secret

    /// The message of the 403 a Viewer key gets.
    public static let forbiddenMessage = "This API key's role does not permit managing API keys"

    private func requireManager() async throws(KeyServiceError) {
        let caller = try await store.authenticate(apiKey.exposedValue)
        guard RoleID.canManageKeys(caller.roleId) else {
            throw .forbidden(message: Self.forbiddenMessage)
        }
    }

    /// The API's largest page.
    public var largestPage: Int { 100 }

    /// Lists keys if the key authenticates.
    public func listKeys(limit: Int, nextToken: String?) async throws(KeyServiceError) -> KeyPage {
        guard (1...100).contains(limit) else {
            throw .badRequest(message: "limit must be between 1 and 100")
        }
        _ = try await store.authenticate(apiKey.exposedValue)
        return try await store.listKeys(limit: limit, nextToken: nextToken)
    }

    /// Creates a key if the caller may manage keys.
    public func createKey(_ request: CreateKeyRequest) async throws(KeyServiceError) -> CreatedKey {
        try await requireManager()
        return try await store.createKey(request)
    }

    /// Revokes a key if the caller may manage keys.
    public func revokeKey(id: String) async throws(KeyServiceError) {
        try await requireManager()
        try await store.revokeKey(id: id)
    }

    /// Lists roles if the key authenticates.
    public func listRoles(
        type: RoleType?, limit: Int?, nextToken: String?
    ) async throws(KeyServiceError) -> RolePage {
        _ = try await store.authenticate(apiKey.exposedValue)
        return try await store.listRoles(type: type, limit: limit, nextToken: nextToken)
    }
}
