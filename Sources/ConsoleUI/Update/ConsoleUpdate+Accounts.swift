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
        let generation = state.accounts[account].beginLoad(at: state.now)
        return [.loadKeys(generation: generation, background: background, account: account)]
    }

    /// Starts a load of `account`'s roles.
    static func beginRoles(account: Int, _ state: inout ConsoleState) -> [Effect] {
        guard state.accounts.indices.contains(account) else { return [] }
        return [.loadRoles(generation: state.accounts[account].beginRoles(), account: account)]
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
            if let due = state.accounts[account].refreshDue(interval: state.refreshInterval),
                due <= state.now, state.accounts[account].loading == nil
            {
                effects += beginLoad(account: account, &state, background: true)
            }
        }
        return effects
    }

    /// The earliest automatic refresh of an account not loading now.
    static func nextAccountRefresh(_ state: ConsoleState) -> Date? {
        state.accounts.filter { $0.loading == nil }
            .compactMap { $0.refreshDue(interval: state.refreshInterval) }.min()
    }

    /// An answer of an account's load: pages so far, the list complete, a warning or a
    /// failure (which keeps the account's last list and marks it stale, the others untouched).
    static func accountLoad(_ msg: Msg, _ state: inout ConsoleState) -> [Effect] {
        switch msg {
        case .pageLoaded(let generation, let keys, let more, let pages, let number?):
            guard state.accounts[safe: number]?.loading?.generation == generation else {
                return []
            }
            // Taken out, so the pages so far have one owner, and stored once.
            var account = state.accounts[number]
            state.accounts[number].loading = nil
            let now = state.now
            let complete = account.receive(
                keys, more: more, pages: pages, generation: generation, at: now)
            state.accounts[number] = account
            guard complete == true else { return [] }
            state.marked.formIntersection(state.keys.map(\.keyId))
            return state.caching
                ? [
                    .cacheList(
                        keys: account.keys, roleNames: account.roleNames, at: now,
                        account: number)
                ] : []
        case .loadWarning(let generation, let message, let number?):
            guard state.accounts[safe: number]?.loading?.generation == generation else { break }
            flash(&state, "\(state.accounts[number].profile): \(message)", .error)
        case .loadFailed(let generation, let message, let number?):
            guard state.accounts.indices.contains(number),
                state.accounts[number].fail(message, generation: generation, at: state.now)
            else { break }
            flash(&state, "Refresh of \(state.accounts[number].profile) failed: \(message)", .error)
        case .rolesLoaded(let generation, let roles, let number?):
            guard state.accounts.indices.contains(number) else { break }
            var account = state.accounts[number]
            let recache = account.learn(roles, generation: generation, caching: state.caching)
            guard recache != nil else { break }
            state.accounts[number] = account
            if recache == true, let completed = account.lastRefresh {
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
