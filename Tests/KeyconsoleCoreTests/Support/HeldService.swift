import Clocks
import MomentoKeys
import Synchronization

/// The sandbox's answers, with roles and revokes a test holds: roles wait for `rolesGate`
/// and are `roles`; with `holdRevokes`, a revoke waits until it is cancelled.
final class HeldService: KeyService {
    let base: any KeyService
    let roles: [Role]?
    let rolesGate: Gate?
    let holdRevokes: Bool
    /// List requests wait for it, when set.
    let listGate: Gate?
    /// Opens when a revoke starts.
    let revokeStarted = Gate()
    /// The clock the revoke times are read from.
    let clock: TestClock<Duration>
    private let log = Mutex<
        (revokeTimes: [Duration], cancelled: Bool, listPriorities: [RequestBudget.Priority])
    >(([], false, []))

    init(
        base: any KeyService, clock: TestClock<Duration>, roles: [Role]? = nil,
        rolesGate: Gate? = nil, holdRevokes: Bool = false, listGate: Gate? = nil
    ) {
        self.listGate = listGate
        self.base = base
        self.clock = clock
        self.roles = roles
        self.rolesGate = rolesGate
        self.holdRevokes = holdRevokes
    }

    /// When each revoke started, on the test clock.
    var revokeTimes: [Duration] { log.withLock { $0.revokeTimes } }
    /// Whether a held revoke saw its task cancelled.
    var revokeCancelled: Bool { log.withLock { $0.cancelled } }

    /// The budget priority each list request was sent with.
    var listPriorities: [RequestBudget.Priority] { log.withLock { $0.listPriorities } }

    func listKeys(limit: Int, nextToken: String?) async throws(KeyServiceError) -> KeyPage {
        log.withLock { $0.listPriorities.append(RequestBudget.priority) }
        await listGate?.wait()
        return try await base.listKeys(limit: limit, nextToken: nextToken)
    }

    func createKey(_ request: CreateKeyRequest) async throws(KeyServiceError) -> CreatedKey {
        try await base.createKey(request)
    }

    func revokeKey(id: String) async throws(KeyServiceError) {
        let start = TestClock<Duration>.Instant().duration(to: clock.now)
        log.withLock { $0.revokeTimes.append(start) }
        revokeStarted.open()
        guard holdRevokes else { return try await base.revokeKey(id: id) }
        // A request that never answers: it ends only when its task is cancelled.
        try? await TestClock<Duration>().sleep(for: .seconds(86400))
        log.withLock { $0.cancelled = Task.isCancelled }
        throw .network(host: "held", reason: "cancelled")
    }

    func listRoles(type: RoleType?, limit: Int?, nextToken: String?)
        async throws(KeyServiceError) -> RolePage
    {
        await rolesGate?.wait()
        guard let roles else {
            return try await base.listRoles(type: type, limit: limit, nextToken: nextToken)
        }
        return RolePage(roles: roles, nextToken: nil)
    }
}
