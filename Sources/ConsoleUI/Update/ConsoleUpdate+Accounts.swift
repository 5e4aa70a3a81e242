import Foundation
import MomentoKeys

/// A console over several accounts: each account loads, refreshes and fails on its own; their
/// lists are shown as one (``ConsoleState/accounts``).
extension ConsoleUpdate {
    /// Starts a load of `account`'s keys.
    static func beginLoad(account: Int, _ state: inout ConsoleState, background: Bool = false)
        -> [Effect]
    {
        guard state.accounts.indices.contains(account) else { return [] }
        state.accounts[account].generation += 1
        let generation = state.accounts[account].generation
        state.accounts[account].loading = ConsoleState.Loading(
            generation: generation, received: [], started: state.now)
        return [.loadKeys(generation: generation, background: background, account: account)]
    }

    /// Starts a load of `account`'s roles.
    static func beginRoles(account: Int, _ state: inout ConsoleState) -> [Effect] {
        guard state.accounts.indices.contains(account) else { return [] }
        state.accounts[account].rolesGeneration += 1
        return [
            .loadRoles(generation: state.accounts[account].rolesGeneration, account: account)
        ]
    }

    /// Loads of every account not loading now (the start, `r`).
    static func beginLoads(_ state: inout ConsoleState, roles: Bool = false) -> [Effect] {
        var effects: [Effect] = []
        for account in state.accounts.indices where state.accounts[account].loading == nil {
            effects += beginLoad(account: account, &state)
            if roles { effects += beginRoles(account: account, &state) }
        }
        return effects
    }

    /// The automatic refreshes due at `state.now`, each account on its own schedule.
    static func accountRefreshes(_ state: inout ConsoleState) -> [Effect] {
        var effects: [Effect] = []
        for account in state.accounts.indices {
            if let due = refreshDue(state.accounts[account], interval: state.refreshInterval),
                due <= state.now, state.accounts[account].loading == nil
            {
                effects += beginLoad(account: account, &state, background: true)
            }
        }
        return effects
    }

    /// When `account`'s next automatic refresh starts: the interval after its last load ended,
    /// or ten times as long as its last complete list took, if longer.
    static func refreshDue(_ account: AccountState, interval: Int) -> Date? {
        guard interval > 0, let last = account.lastAttempt else { return nil }
        return last.addingTimeInterval(
            ConsoleState.refreshInterval(interval, lastListDuration: account.lastListDuration))
    }

    /// The earliest automatic refresh of an account not loading now.
    static func nextAccountRefresh(_ state: ConsoleState) -> Date? {
        state.accounts.filter { $0.loading == nil }
            .compactMap { refreshDue($0, interval: state.refreshInterval) }.min()
    }

    /// An answer of an account's load: pages so far, the list complete, a warning or a
    /// failure (which keeps the account's last list and marks it stale, the others untouched).
    static func accountLoad(_ msg: Msg, _ state: inout ConsoleState) -> [Effect] {
        switch msg {
        case .pageLoaded(let generation, let keys, let more, let pages, let number?):
            guard state.accounts.indices.contains(number),
                var loading = state.accounts[number].loading, loading.generation == generation
            else { return [] }
            // Taken out first, so the pages so far have one owner and grow in place.
            state.accounts[number].loading = nil
            var account = state.accounts[number]
            // The first answer's array as it is (no copy), as for one account.
            if loading.received.isEmpty {
                loading.received = keys
            } else {
                loading.received += keys
            }
            loading.pages += pages
            guard !more else {
                account.loading = loading
                state.accounts[number] = account
                return []
            }
            account.loaded = true
            account.keys = loading.received
            account.lastRefresh = state.now
            account.lastAttempt = state.now
            account.lastListDuration = state.now.timeIntervalSince(loading.started)
            account.cachedAt = nil
            account.staleReason = nil
            state.accounts[number] = account
            state.marked.formIntersection(state.keys.map(\.keyId))
            return state.caching
                ? [
                    .cacheList(
                        keys: account.keys, roleNames: account.roleNames, at: state.now,
                        account: number)
                ] : []
        case .loadWarning(let generation, let message, let number?):
            guard state.accounts[safe: number]?.loading?.generation == generation else { break }
            flash(&state, "\(state.accounts[number].profile): \(message)", .error)
        case .loadFailed(let generation, let message, let number?):
            guard state.accounts[safe: number]?.loading?.generation == generation else { break }
            state.accounts[number].loading = nil
            state.accounts[number].lastAttempt = state.now
            state.accounts[number].staleReason = message
            flash(&state, "Refresh of \(state.accounts[number].profile) failed: \(message)", .error)
        case .rolesLoaded(let generation, let roles, let number?):
            guard state.accounts[safe: number]?.rolesGeneration == generation else { break }
            var account = state.accounts[number]
            for role in roles {
                account.roleNames[role.roleId] = role.roleName
                account.roleRanks[role.roleId] = RoleRank(role)
            }
            state.accounts[number] = account
            if state.caching, account.loaded, account.loading == nil, account.cachedAt == nil,
                let completed = account.lastRefresh
            {
                return [
                    .cacheList(
                        keys: account.keys, roleNames: account.roleNames, at: completed,
                        account: number)
                ]
            }
        default:
            break
        }
        return []
    }

    /// `A`: the list narrowed to the first account, the next, and back to all; the others
    /// stay loaded.
    static func nextAccount(_ state: inout ConsoleState) {
        guard state.isSeveral else { return }  // one account: nothing to narrow
        let next = state.accountFilter.map { $0 + 1 } ?? 0
        state.accountFilter = next < state.accounts.count ? next : nil
        flash(
            &state,
            state.accountFilter.map { "Account: \(state.accounts[$0].profile) only (A: next)" }
                ?? "Every account", .info)
    }
}
