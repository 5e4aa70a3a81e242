import MomentoKeys

/// The sandbox as one API key sees it, the way `keyconsole serve` serves each request: every
/// call first authenticates the key (signature, revocation, expiry: 401), and create and
/// revoke need a role that may manage keys and a target role not above the caller's (403).
public struct SandboxSession: KeyService {
    let store: SandboxStore
    let apiKey: Secret

    /// The message of the 403 a Viewer key gets.
    public static let forbiddenMessage = "This API key's role does not permit managing API keys"

    /// The message of the 403 for a create or revoke of a key whose role ranks above the
    /// caller's (by ``RoleRank``).
    public static func aboveOwnRoleMessage(caller: String, target: String) -> String {
        "This API key's role (\(caller)) ranks below \(target): a key may create or revoke only"
            + " keys whose role is not above its own"
    }

    /// The caller's role and rank, if it may manage keys; 401 or 403 otherwise.
    private func requireManager() async throws(KeyServiceError) -> (roleId: String, rank: RoleRank)
    {
        let caller = try await store.authenticate(apiKey.exposedValue)
        guard try await store.managesKeys(roleId: caller.roleId) else {
            throw .forbidden(message: Self.forbiddenMessage)
        }
        let rank = try await store.rank(ofRole: caller.roleId)
        return (caller.roleId, rank ?? RoleRank(roleId: caller.roleId, permissions: nil))
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

    /// Creates a key if the caller may manage keys and the role is not above its own.
    public func createKey(_ request: CreateKeyRequest) async throws(KeyServiceError) -> CreatedKey {
        let caller = try await requireManager()
        // An unknown role is left to the store, which answers 404.
        if let target = try await store.rank(ofRole: request.roleId), !caller.rank.covers(target) {
            throw .forbidden(
                message: Self.aboveOwnRoleMessage(caller: caller.roleId, target: request.roleId))
        }
        return try await store.createKey(request)
    }

    /// Revokes a key if the caller may manage keys and the key's role is not above its own.
    public func revokeKey(id: String) async throws(KeyServiceError) {
        let caller = try await requireManager()
        try await store.revokeKey(id: id) { targetRole, targetRank throws(KeyServiceError) in
            guard caller.rank.covers(targetRank) else {
                throw .forbidden(
                    message: Self.aboveOwnRoleMessage(caller: caller.roleId, target: targetRole))
            }
        }
    }

    /// Lists roles if the key authenticates.
    public func listRoles(
        type: RoleType?, limit: Int?, nextToken: String?
    ) async throws(KeyServiceError) -> RolePage {
        _ = try await store.authenticate(apiKey.exposedValue)
        return try await store.listRoles(type: type, limit: limit, nextToken: nextToken)
    }
}
