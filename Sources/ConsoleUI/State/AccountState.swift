import Foundation
import MomentoKeys
import TextKit

/// One account of a console over several: its own list, load, refresh schedule, failures,
/// roles and rules (read-only, rank), so one account refused or unreachable never blocks,
/// empties or delays another.
public struct AccountState: Sendable, Hashable {
    /// The profile's name, as the ACCOUNT column shows it.
    public var profile: String
    /// Whether this account's keys are not changed here (`read_only` in its profile's
    /// settings).
    public var readOnly: Bool
    /// The key this account is managed with.
    public var ownKeyId: String? {
        didSet { findOwnRole() }
    }
    /// The endpoint (cell) its new keys are for, from its profile.
    public var endpoint: String?
    /// Whether it is a preprod Momento account (a migration takes only v1 keys of its kind
    /// of cell); `nil` for the sandbox or a key API of its own, where any may.
    public var isPreprod: Bool?
    /// The last complete list.
    public var keys: [ApiKeyInfo] = [] {
        // The own key's role and the expiries, found once per list, not per frame.
        didSet {
            findOwnRole()
            expiries = keys.compactMap(\.expiresAtEpochSeconds).sorted()
        }
    }
    /// The expiries of `keys`, soonest first (the header's counts, by binary search).
    private var expiries: [Int64] = []
    /// Whether a complete list has arrived (or came from the cache).
    public var loaded = false
    /// A load under way.
    public var loading: ConsoleState.Loading?
    /// The latest load; answers of older ones are ignored.
    public var generation = 0
    /// The latest roles request.
    public var rolesGeneration = 0
    /// When the list last loaded completely.
    public var lastRefresh: Date?
    /// When the last load ended, successfully or not (its refresh counts from it).
    public var lastAttempt: Date?
    /// How long the last complete list took.
    public var lastListDuration: TimeInterval?
    /// When the list shown was saved, while it is the cached one of an earlier run.
    public var cachedAt: Date?
    /// Why the list shown is stale (the last load failed), if it is.
    public var staleReason: String?
    /// The account's role names by id.
    public var roleNames: [String: String] = [
        RoleID.owner: "Owner", RoleID.operator: "Operator", RoleID.viewer: "Viewer",
    ]
    /// The ranks of the account's roles.
    public var roleRanks: [String: RoleRank] = [:]
    /// The permissions of the account's custom roles, by id (what the details show).
    public var rolePermissions: [String: PermissionSet] = [:]
    /// Set when the API answered 403 to a change: this account's key cannot manage keys.
    public var learnedCannotManage = false
    /// The account's key policy.
    public var policy = AccountPolicy.none

    /// An account not loaded yet.
    public init(
        profile: String, readOnly: Bool = false, ownKeyId: String? = nil, endpoint: String? = nil
    ) {
        self.profile = profile
        self.readOnly = readOnly
        self.ownKeyId = ownKeyId
        self.endpoint = endpoint
    }

    /// The keys shown: the last complete list, or the pages of the first load so far.
    public var shownKeys: [ApiKeyInfo] {
        if !loaded, let loading { return loading.received }
        return keys
    }

    /// The role of the account's own key, when it is listed.
    public private(set) var ownRoleId: String?

    private mutating func findOwnRole() {
        ownRoleId = ownKeyId.flatMap { id in keys.first { $0.keyId == id }?.roleId }
    }

    /// The rank of a role of this account.
    public func rank(_ roleId: String) -> RoleRank {
        roleRanks[roleId] ?? RoleRank(roleId: roleId, permissions: nil)
    }

    /// How many of its keys have expired, expire within a day, and within a week after that,
    /// at `now` (by the thresholds of `Countdown.urgency`); of the pages so far while the first
    /// list loads.
    public func counts(now: Date) -> (expired: Int, day: Int, week: Int) {
        let seconds = Int64(now.timeIntervalSince1970.rounded(.down))
        let sorted =
            loaded ? expiries : shownKeys.compactMap(\.expiresAtEpochSeconds).sorted()
        func before(_ limit: Int64) -> Int { sorted.countBefore { $0 < limit } }
        let expired = before(seconds + 1)
        let day = before(seconds + 86400)
        return (expired, day - expired, before(seconds + 7 * 86400) - day)
    }

    /// The account's state in a few words: loading, cached N min ago, STALE and why, or
    /// nothing when its list is fresh.
    public func status(now: Date) -> String? {
        if let staleReason { return "STALE: \(staleReason)" }
        if !loaded { return "loading" }
        if let cachedAt {
            return "cached \(DurationText.ago(now.timeIntervalSince(cachedAt)))"
        }
        return nil
    }
}
