import ConsoleUI
import Foundation
import MomentoKeys
import TextKit

/// What the console knows before it has loaded anything: the backend, the records it keeps
/// (secret stores, kept rotations, the journal) and the last complete list from the cache.
/// ``state`` turns them into the first ``ConsoleState``, reading nothing else.
package struct ConsoleStart: Sendable {
    /// Where the console points.
    package var info: BackendInfo
    /// Whether changes are off.
    package var readOnly = false
    /// Seconds between automatic refreshes (0: none).
    package var refreshInterval = 0
    /// The time the console starts at.
    package var now: Date
    /// The regions to pick from.
    package var regions: [Region] = []
    /// The endpoint new keys are for, when one is known.
    package var endpoint: String?
    /// The secret stores of the config.
    package var storeNames: [String] = []
    /// Why the config's stores could not be read.
    package var storeProblem: String?
    /// The key policy (of the one account).
    package var policy = AccountPolicy.none
    /// Whether `c` copies by OSC 52 to the terminal (not into a local tmux's buffer).
    package var copiesByOSC52 = true
    /// The rotations kept for an overlap, or why they could not be read.
    package var kept: Result<[KeptRotation], RotationRecords.Failure> = .success([])
    /// The journal's lines.
    package var journal: [JournalLine] = []
    /// Whether the list is cached (the sandbox's is not).
    package var caching = false
    /// The last complete list, from the cache.
    package var cached: KeyCache.Snapshot?
    /// The profiles `--all-profiles` left out: the first message says why, the accounts line
    /// names them.
    package var leftOut: [AccountSet.Skipped] = []
    /// With several accounts, each one's start: its profile, rules, key and cached list.
    package var accounts: [Account] = []

    /// One account of a console over several, before anything is loaded.
    package struct Account: Sendable {
        package var profile: String
        package var readOnly: Bool
        package var ownKeyId: String?
        package var endpoint: String?
        /// Whether it is a preprod Momento account (`nil`: the sandbox or a key API of its
        /// own).
        package var isPreprod: Bool?
        /// Its last complete list, from its own cache.
        package var cached: KeyCache.Snapshot?
        /// Its key policy.
        package var policy = AccountPolicy.none

        /// An account as given.
        package init(
            profile: String, readOnly: Bool, ownKeyId: String?, endpoint: String?,
            isPreprod: Bool? = nil, cached: KeyCache.Snapshot?
        ) {
            self.endpoint = endpoint
            self.isPreprod = isPreprod
            self.profile = profile
            self.readOnly = readOnly
            self.ownKeyId = ownKeyId
            self.cached = cached
        }
    }

    /// A start on `info` at `now`, with nothing else known yet.
    package init(info: BackendInfo, now: Date) {
        self.info = info
        self.now = now
    }

    /// Whether a region must be chosen before anything is listed (a Momento key with no
    /// endpoint): the list then comes from the region's API, not the cached one.
    package var needsEndpoint: Bool { endpoint == nil && info.kind.isMomento }

    /// The console's first state.
    package var state: ConsoleState {
        var state = ConsoleState(
            backend: info, readOnly: readOnly, refreshInterval: refreshInterval, now: now)
        state.regions = regions
        state.endpoint = endpoint
        state.needsEndpoint = needsEndpoint
        state.storeNames = storeNames
        state.storeProblem = storeProblem
        state.policy = policy
        state.copiesByOSC52 = copiesByOSC52
        switch kept {
        case .success(let kept):
            // Rotations kept for an overlap keep their mark across restarts.
            state.keptRotations = kept
            state.rotated = Dictionary(kept.map { ($0.oldKeyId, $0.newKeyId) }) { a, _ in a }
        case .failure(let failure):
            // A file that does not read is said, never taken for rotations due at once.
            state.flash = Flash(
                TextSanitizer.inert(failure.description), level: .error,
                until: now.addingTimeInterval(30))
        }
        state.leftOut = leftOut.map(\.profile)
        if let notice = AccountSet.notice(leftOut), state.flash == nil {
            state.flash = Flash(
                TextSanitizer.inert(notice), level: .info, until: now.addingTimeInterval(30))
        }
        state.journal = journal
        state.caching = caching
        // The last complete list, at once; the refresh replaces it when it ends. (Not while a
        // region must be chosen first: the list then comes from another API.)
        if accounts.count > 1 {
            state.needsEndpoint = false
            state.accounts = accounts.map { start in
                var account = AccountState(
                    profile: start.profile, readOnly: start.readOnly, ownKeyId: start.ownKeyId,
                    endpoint: start.endpoint)
                account.isPreprod = start.isPreprod
                account.policy = start.policy
                if caching, let cached = start.cached {
                    account.roleNames.merge(cached.roleNames) { $1 }
                    account.loaded = true
                    account.keys = cached.keys
                    account.cachedAt = cached.savedAt
                }
                return account
            }
            return state
        }
        if caching, !state.needsEndpoint, let cached {
            state.roleNames.merge(cached.roleNames) { $1 }
            state.loaded = true
            state.keys = cached.keys
            state.cachedAt = cached.savedAt
        }
        return state
    }
}
