/// A service whose every call first waits its turn in a token bucket, as the HTTP client's
/// requests do: the sandbox at Momento's pace, when a rate is asked for.
public struct PacedKeyService: KeyService {
    /// The service called.
    public let base: any KeyService
    /// The bucket every call waits on.
    public let budget: RequestBudget

    /// Paces `base` by `budget`.
    public init(_ base: any KeyService, budget: RequestBudget) {
        self.base = base
        self.budget = budget
    }

    private func turn() async throws(KeyServiceError) {
        do {
            try await budget.acquire()
        } catch {
            throw .network(host: "the sandbox", reason: "the request was cancelled")
        }
    }

    /// The base service's largest page.
    public var largestPage: Int { base.largestPage }

    /// Lists a page when its turn comes.
    public func listKeys(limit: Int, nextToken: String?) async throws(KeyServiceError) -> KeyPage {
        try await turn()
        return try await base.listKeys(limit: limit, nextToken: nextToken)
    }

    /// Creates a key when its turn comes.
    public func createKey(_ request: CreateKeyRequest) async throws(KeyServiceError) -> CreatedKey {
        try await turn()
        return try await base.createKey(request)
    }

    /// Revokes a key when its turn comes.
    public func revokeKey(id: String) async throws(KeyServiceError) {
        try await turn()
        try await base.revokeKey(id: id)
    }

    /// Lists roles when its turn comes.
    public func listRoles(
        type: RoleType?, limit: Int?, nextToken: String?
    ) async throws(KeyServiceError) -> RolePage {
        try await turn()
        return try await base.listRoles(type: type, limit: limit, nextToken: nextToken)
    }
}
