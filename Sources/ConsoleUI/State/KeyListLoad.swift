import Foundation
import MomentoKeys

/// A list of keys that loads, refreshes and fails: the one account's (``ConsoleState``) or
/// each account's of several (``AccountState``). One path applies a load's answers to either.
protocol KeyListLoad {
    var loading: ConsoleState.Loading? { get set }
    var generation: Int { get set }
    var rolesGeneration: Int { get set }
    var loaded: Bool { get set }
    var keys: [ApiKeyInfo] { get set }
    var lastRefresh: Date? { get set }
    var lastAttempt: Date? { get set }
    var lastListDuration: TimeInterval? { get set }
    var cachedAt: Date? { get set }
    var staleReason: String? { get set }
    var roleNames: [String: String] { get set }
    var roleRanks: [String: RoleRank] { get set }
    var rolePermissions: [String: PermissionSet] { get set }
    /// The role of the key this list is read with, when it is listed.
    var ownRoleId: String? { get }
    /// Set when the API answered 403 to a change: the key cannot manage keys.
    var learnedCannotManage: Bool { get set }
}

extension ConsoleState: KeyListLoad {}
extension AccountState: KeyListLoad {}

extension KeyListLoad {
    /// Starts a load at `now`: its generation (answers of older ones are ignored).
    mutating func beginLoad(at now: Date) -> Int {
        generation += 1
        loading = ConsoleState.Loading(generation: generation, received: [], started: now)
        return generation
    }

    /// Starts a roles request: its generation.
    mutating func beginRoles() -> Int {
        rolesGeneration += 1
        return rolesGeneration
    }

    /// Pages of load `generation`: `nil` when that load was since replaced; else whether the
    /// list is complete, when it replaces the last one, fresh as of `now`.
    mutating func receive(
        _ keys: [ApiKeyInfo], more: Bool, pages: Int, generation: Int, at now: Date
    ) -> Bool? {
        guard var load = loading, load.generation == generation else { return nil }
        // Taken out first, so the pages so far have one owner and grow in place; the first
        // answer's array is taken as it is (a fast backend's keys come in one answer).
        loading = nil
        if load.received.isEmpty {
            load.received = keys
        } else {
            load.received += keys
        }
        load.pages += pages
        guard !more else {
            loading = load
            return false
        }
        // Loaded first, then the keys: one index of the new list.
        loaded = true
        self.keys = load.received
        lastRefresh = now
        lastAttempt = now
        lastListDuration = now.timeIntervalSince(load.started)
        cachedAt = nil
        staleReason = nil
        return true
    }

    /// Load `generation` failed at `now`: the last list is kept and said to be stale, and the
    /// next refresh waits a full interval. False when that load was since replaced.
    mutating func fail(_ message: String, generation: Int, at now: Date) -> Bool {
        guard loading?.generation == generation else { return false }
        loading = nil
        lastAttempt = now
        staleReason = message
        return true
    }

    /// The roles of request `generation`, named and ranked: `nil` when it was since replaced;
    /// else whether the complete list should be cached again with the new names (the next
    /// start then shows custom roles by name).
    mutating func learn(_ roles: [Role], generation: Int, caching: Bool) -> Bool? {
        guard generation == rolesGeneration else { return nil }
        // Named once: the names are part of the index.
        var names = roleNames
        for role in roles {
            names[role.roleId] = role.roleName
            roleRanks[role.roleId] = RoleRank(role)
            if role.roleType == .custom, let permissions = role.permissions {
                rolePermissions[role.roleId] = PermissionSet(permissions)
            }
        }
        let recache =
            caching && loaded && loading == nil && cachedAt == nil && lastRefresh != nil
            && names != roleNames
        roleNames = names
        return recache
    }

    /// Whether the key this list is read with may change keys: not when its role cannot, nor
    /// once the API has refused a change (403); so while its role is not known.
    var ownKeyManages: Bool {
        !learnedCannotManage
            && (ownRoleId.map {
                RoleID.canManageKeys($0) || (rolePermissions[$0]?.managesKeys ?? false)
            } ?? true)
    }

    /// When the next automatic refresh starts: `interval` seconds after the last load ended,
    /// or ten times as long as the last complete list took, if longer (a large account leaves
    /// most of the rate limit to others). `nil` with no automatic refresh.
    func refreshDue(interval: Int) -> Date? {
        guard interval > 0, let last = lastAttempt else { return nil }
        return last.addingTimeInterval(
            ConsoleState.refreshInterval(interval, lastListDuration: lastListDuration))
    }
}
