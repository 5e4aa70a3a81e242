import Foundation
import MomentoKeys
import TextKit

/// Everything the list screen shows, and nothing else: `view` is a function of it.
public struct ConsoleState: Sendable, Hashable {
    /// A load under way.
    public struct Loading: Sendable, Hashable {
        /// Which load; answers from older loads are ignored.
        public var generation: Int
        /// The keys received so far.
        public var received: [ApiKeyInfo]
        /// How many pages they came in.
        public var pages = 0
        /// When the load started.
        public var started: Date
    }

    public var backend: BackendInfo
    public var readOnly: Bool
    /// Seconds between automatic refreshes; 0 turns them off.
    public var refreshInterval: Int
    /// The time of the latest tick.
    public var now: Date {
        didSet {
            // With the `e` toggle on, a key entering its last week joins the list.
            let seconds = Int64(now.timeIntervalSince1970.rounded(.down))
            if hasPolicy, seconds &- foundAt >= Self.findingsInterval || seconds < foundAt {
                // A key passes its max_age as time goes by: judged again each minute.
                refind()
                if findingsOnly { reselect() }
            }
            if expiringOnly, let boundary = selectionChanges, now >= boundary {
                reselect()
            } else if seconds != countedAt {
                recount()
            }

        }
    }
    /// The shown keys by urgency, while a filter or `e` narrows the list (the header's
    /// counts then): counted when the selection changes and when a second passes, not for
    /// every frame.
    public private(set) var shownUrgencies: [Countdown.Urgency: Int] = [:]
    /// The second `shownUrgencies` was counted at.
    private var countedAt: Int64 = .min

    /// The shown keys in every sort order (see ``KeyIndex``), rebuilt when they change.
    public private(set) var index = KeyIndex()
    /// Positions in `index.keys` of the visible keys, in the order shown: the filter, the
    /// `e` toggle and the sort applied once per change of one of them.
    public private(set) var selection: [Int32] = []
    /// For each position in `index.keys`, its place in `selection` (-1 when not visible).
    private var places: [Int32] = []
    /// When the `e` toggle's selection changes next as time passes (a key enters its last
    /// week), if it does.
    private var selectionChanges: Date?
    /// The last complete list.
    public var keys: [ApiKeyInfo] = [] {
        didSet { if !merging, loaded || loading == nil { reindex() } }
    }
    /// Whether a complete list has arrived yet.
    public var loaded = false {
        didSet { if !merging, loaded != oldValue { reindex() } }
    }
    /// Set while the accounts' lists are merged: the list is indexed once, at the end.
    private var merging = false
    public var roleNames: [String: String] = [
        RoleID.owner: "Owner", RoleID.operator: "Operator", RoleID.viewer: "Viewer",
    ]
    {
        didSet { if !merging, roleNames != oldValue { reindex() } }
    }
    /// Ranks of the account's roles, from their permissions (see ``RoleRank``).
    public var roleRanks: [String: RoleRank] = [:]
    /// The permissions of the account's custom roles, by id (what the details show).
    public var rolePermissions: [String: PermissionSet] = [:]
    public var loading: Loading? {
        // Before the first complete list, the pages so far are what the list shows.
        didSet { if !merging, !loaded { reindex() } }
    }
    public var generation = 0
    /// The latest roles request: an answer to an older one (from a key API the console has
    /// since switched away from) is ignored.
    public var rolesGeneration = 0
    /// When the list last loaded completely.
    public var lastRefresh: Date?
    /// When the list shown was saved, while it is the cached list of an earlier run (until
    /// the first refresh completes).
    public var cachedAt: Date?
    /// Whether complete lists are saved (``Effect/cacheList(keys:roleNames:)``) for the next
    /// start.
    public var caching = false
    /// How long the last complete list took to load.
    public var lastListDuration: TimeInterval?
    /// When the last load ended, successfully or not (auto-refresh counts from it).
    public var lastAttempt: Date?
    /// Why the list shown is stale (the last refresh failed), if it is.
    public var staleReason: String?
    /// The filter being typed or kept (`/`).
    public var filterEditor = LineEditor(limit: ConsoleState.filterLimit) {
        didSet { if filterEditor.text != oldValue.text { reselect() } }
    }
    public var editingFilter = false
    public var expiringOnly = false {
        didSet { if expiringOnly != oldValue { reselect() } }
    }
    public var sort = SortColumn.expiry {
        didSet { if sort != oldValue { reselect() } }
    }
    public var reversed = false {
        didSet { if reversed != oldValue { reselect() } }
    }
    public var selectedKeyId: String?
    public var selectedIndex = 0
    public var scrollOffset = 0
    public var overlay: Overlay?
    /// The first line the details pane shows, when its fields do not fit.
    public var detailsScroll = 0
    /// The help, over the list or a pane, when open.
    public var help: HelpScreen?
    public var flash: Flash?
    public var width = 80
    public var height = 24
    public var quitting = false
    /// The regions table the picker offers.
    public var regions: [Region] = RegionTable.bundled.regions
    /// The endpoint new keys are for (chosen in the picker, or from the credentials).
    public var endpoint: String?
    /// Ids of the keys marked with Space.
    public var marked: Set<String> = []
    /// Set when the console's own key was revoked, or a complete list no longer has it.
    public var ownKeyGone = false
    /// Set when the API answered 403 to a change: this console's key cannot manage keys.
    public var learnedCannotManage = false
    /// Keys rotated but kept for an overlap: old key id to the new key's id.
    public var rotated: [String: String] = [:]
    /// The names of the config's secret stores, offered by the secret panel's `s`.
    public var storeNames: [String] = []
    /// Whether the region in use is the credentials' own (until `p` picks one for this run).
    public var regionFromCredentials = true
    /// Whether `c` sends by OSC 52 through the terminal (and whatever is on the way), rather
    /// than into the local tmux's buffer.
    public var copiesByOSC52 = true
    /// Why the config file's stores could not be read, if they could not.
    public var storeProblem: String?
    /// The audit journal, oldest first.
    public var journal: [JournalLine] = []
    /// The journal pane's first line.
    public var journalScroll = 0
    /// Rotations kept for an overlap, with their deadlines.
    public var keptRotations: [KeptRotation] = [] {
        didSet {
            if hasPolicy, keptRotations != oldValue {
                refind()
                if findingsOnly { reselect() }
            }
        }
    }
    /// The key policy of the one account (with several, each account has its own).
    public var policy = AccountPolicy.none {
        didSet { if policy != oldValue { reindex() } }
    }
    /// The policy's findings of each shown key that has any, by key id: judged when the list
    /// changes and each minute, not for every frame.
    public private(set) var findings: [String: [PolicyFinding]] = [:]
    /// How many findings there are in all.
    public private(set) var findingsCount = 0
    /// For each position in `index.keys`, whether its key has a finding (what `!` selects
    /// by, without a look-up by id per key).
    private var flagged: [Bool] = []
    /// The second the findings were judged at.
    private var foundAt: Int64 = 0
    /// How often the findings are judged again as time passes (a key passing its max_age).
    static let findingsInterval: Int64 = 60
    /// Whether `!` narrows the list to the keys with findings.
    public var findingsOnly = false {
        didSet { if findingsOnly != oldValue { reselect() } }
    }
    /// Whether the key `account` is managed with (with several accounts), or this console's,
    /// is an Owner's: it may go past the key policy with a reason. The sandbox acts as its
    /// account's owner.
    public func ownerHere(account: Int?) -> Bool {
        if let account, accounts.indices.contains(account) {
            return accounts[account].ownRoleId == RoleID.owner
        }
        if backend.ownKeyId == nil, case .sandbox = backend.kind { return true }
        return ownRoleId == RoleID.owner
    }

    /// The key policy of `account` (with several accounts), or of the one account.
    public func policy(account: Int?) -> AccountPolicy {
        guard let account, accounts.indices.contains(account) else { return policy }
        return accounts[account].policy
    }
    /// Whether any account shown has a policy with a rule.
    public var hasPolicy: Bool {
        isSeveral ? accounts.contains { !$0.policy.isEmpty } : !policy.isEmpty
    }

    /// This state with each secret it shows (a new key, its refresh token) replaced by filler
    /// of the same length: drawn over the secret, it changes those cells only and moves no
    /// line, so a terminal without an alternate screen keeps none of the secret in its
    /// history when the screen is then changed or handed back.
    public var scrubbed: ConsoleState {
        guard case .secret(var panel)? = overlay else { return self }
        func filler(_ secret: Secret) -> Secret {
            Secret(String(repeating: "*", count: secret.exposedValue.count))
        }
        panel.created = CreatedKey(
            apiKey: filler(panel.created.apiKey),
            refreshToken: panel.created.refreshToken.map(filler),
            keyInfo: panel.created.keyInfo)
        var copy = self
        copy.overlay = .secret(panel)
        return copy
    }

    /// The kept rotation that `keyId` is the new key of, if it is one: revoking it means the
    /// rotation's old key is then kept.
    public func rotation(replacedBy keyId: String) -> KeptRotation? {
        keptRotations.first { $0.newKeyId == keyId }
    }

    /// One line for a revoke's confirmation when `keyId` replaces a kept rotation's old key.
    public func rotationNote(revoking keyIds: [String]) -> String? {
        let rotations = keyIds.compactMap { rotation(replacedBy: $0) }
        guard let first = rotations.first else { return nil }
        if rotations.count == 1 { return first.revokingNote }
        return "\(rotations.count) of them replace old keys in kept rotations: those old keys"
            + " will then be kept, not revoked when the overlaps end"
    }

    /// The kept rotations whose overlap has ended while their old key is still listed.
    public var dueRotations: [KeptRotation] {
        keptRotations.filter { rotation in
            rotation.deadline <= now && keys.contains { $0.keyId == rotation.oldKeyId }
        }
    }
    /// Set when the console's key has no endpoint: the region picker opens first, and the
    /// keys load once a region is chosen.
    public var needsEndpoint = false

    /// The accounts of a console over several, each with its own list and load (empty: one
    /// account, as the rest of the state describes). Their lists make `keys`, merged.
    public var accounts: [AccountState] = [] {
        didSet {
            // Merged (and indexed) again only when a list or the role names changed: an
            // unchanged list compares by its storage, at once.
            if accounts.count != oldValue.count
                || accounts.map(\.shownKeys) != oldValue.map(\.shownKeys)
                || accounts.map(\.roleNames) != oldValue.map(\.roleNames)
            {
                mergeAccounts()
            }
        }
    }
    /// The account `A` narrows the list to (`nil`: every account).
    public var accountFilter: Int? {
        didSet { if accountFilter != oldValue { reselect() } }
    }
    /// The account of each key of the merged list, by key id (several accounts only).
    public private(set) var accountOf: [String: Int] = [:]
    /// The profiles `--all-profiles` left out (a v1 key, no key): named on the accounts line.
    public var leftOut: [String] = []
    /// Where each account's keys start in the merged list (account after account): a key's
    /// account by its position, without a lookup by id.
    private var accountStarts: [Int] = []

    /// Whether the console shows several accounts.
    public var isSeveral: Bool { accounts.count > 1 }

    /// The account of `keyId`, with several accounts.
    public func account(of keyId: String) -> Int? {
        isSeveral ? accountOf[keyId] : nil
    }

    /// The account the selected key belongs to (the one `A` narrowed to, when no key is
    /// selected), with several accounts.
    public var selectedAccount: Int? {
        guard isSeveral else { return nil }
        if let key = selectedKey, let account = accountOf[key.keyId] { return account }
        return accountFilter ?? 0
    }

    /// Whether `keyId` is a key this console manages an account with (its account's own).
    public func isOwnKey(_ keyId: String) -> Bool {
        if let account = account(of: keyId) { return accounts[account].ownKeyId == keyId }
        return keyId == backend.ownKeyId
    }

    /// The role of the key the selected key's account is managed with (with several
    /// accounts), or of this console's own key.
    public var ownRoleIdHere: String? {
        selectedAccount.map { accounts[$0].ownRoleId } ?? ownRoleId
    }

    /// Whether the destructive actions are off where the selection is: `--read-only`, or the
    /// selected key's account's `read_only`.
    public var readOnlyHere: Bool {
        readOnly || (selectedAccount.map { accounts[$0].readOnly } ?? false)
    }

    /// Whether `action` works on one account only (the region, finishing rotations) while
    /// several are shown: not offered on the hint line.
    public func onlyOneAccount(_ action: Action) -> Bool {
        isSeveral && (action == .regionPicker || action == .finishRotations)
    }

    /// Whether `action` asks for its account first (`n`, `M` with several accounts): then
    /// the selected key's account does not decide whether it may run.
    public func choosesAccount(_ action: Action) -> Bool {
        isSeveral && (action == .newKey || action == .migrate)
    }

    /// Whether `action` is off for read-only: where the selection is, or, for one that asks
    /// its account first, only when every account is read-only.
    public func readOnly(for action: Action) -> Bool {
        guard choosesAccount(action) else { return readOnlyHere }
        return readOnly || accounts.allSatisfy(\.readOnly)
    }

    /// Whether the key `action` is done with may manage keys: the selected key's account's,
    /// or, for one that asks its account first, any account's.
    public func canManage(for action: Action) -> Bool {
        guard choosesAccount(action) else { return canManage }
        return accounts.contains { !$0.readOnly && $0.ownKeyManages }
    }

    /// Every account's shown list as one: account after account, a key id listed by two
    /// accounts kept under the first; the role names of all (the first's where ids collide;
    /// each key is named by its own account's, see ``roleName(of:)``).
    private mutating func mergeAccounts() {
        guard isSeveral else { return }
        var merged: [ApiKeyInfo] = []
        var owners: [String: Int] = [:]
        var starts: [Int] = []
        // Anew at each merge: a role renamed or gone on its server is not kept.
        var names: [String: String] = [:]
        for (number, account) in accounts.enumerated() {
            starts.append(merged.count)
            for key in account.shownKeys where owners[key.keyId] == nil {
                owners[key.keyId] = number
                merged.append(key)
            }
            names.merge(account.roleNames) { first, _ in first }
        }
        accountOf = owners
        accountStarts = starts
        merging = true
        loaded = true
        loading = nil
        if names != roleNames { roleNames = names }
        keys = merged
        merging = false
        reindex()
    }

    /// A console about to load its first page.
    public init(backend: BackendInfo, readOnly: Bool = false, refreshInterval: Int = 60, now: Date)
    {
        self.backend = backend
        self.readOnly = readOnly
        self.refreshInterval = refreshInterval
        self.now = now
    }

    /// Seconds between automatic refreshes: `refreshInterval`, or ten times as long as the
    /// last complete list took, if longer.
    public var effectiveRefreshInterval: TimeInterval {
        Self.refreshInterval(refreshInterval, lastListDuration: lastListDuration)
    }

    /// Seconds between automatic refreshes of a list whose last complete load took
    /// `lastListDuration`: `interval`, or ten times that, if longer (a large account leaves
    /// most of the rate limit to others). The one account's and each of several.
    public static func refreshInterval(_ interval: Int, lastListDuration: TimeInterval?)
        -> TimeInterval
    {
        max(TimeInterval(interval), 10 * (lastListDuration ?? 0))
    }

    /// The longest filter.
    public static let filterLimit = 200

    /// The filter text.
    public var filter: String { filterEditor.text }

    /// The keymap in force: the help's when it is open, otherwise the pane's.
    public var keyContext: KeyContext { help == nil ? paneContext : .help }

    /// The confirmation on screen, if one is: its keymap and its step (a bulk revoke over
    /// several accounts asks each account's count in turn). Keys typed before a confirmation,
    /// or a step of one, was drawn never answer it.
    public var confirmation: Confirmation? {
        let context = keyContext
        guard context.isConfirmation else { return nil }
        if case .bulkRevoke(let dialog)? = overlay, context == .bulkRevoke {
            return Confirmation(context: context, step: dialog.step)
        }
        return Confirmation(context: context, step: 0)
    }

    /// A confirmation on screen: its keymap and step.
    public struct Confirmation: Sendable, Hashable {
        /// The keymap it answers to.
        public var context: KeyContext
        /// Its step (0 for a confirmation of one step).
        public var step: Int
    }

    /// The keymap of what is on screen under the help: a dialog's step, a pane, the filter
    /// being typed, or the list.
    public var paneContext: KeyContext {
        switch overlay {
        case nil: editingFilter ? .filter : .list
        case .details: .details
        case .journal: .journal
        case .sortMenu: .sortMenu
        case .accountMenu: .accountMenu
        case .revoke(let dialog): dialog.keyContext
        case .bulkRevoke(let dialog): dialog.keyContext
        case .regionPicker(let picker): picker.keyContext
        case .create(let dialog): dialog.keyContext
        case .secret(let panel): panel.keyContext
        case .rotateFinish(let finish): finish.keyContext
        }
    }

    /// Whether a new key's plaintext is on screen.
    public var secretRevealed: Bool {
        if case .secret(let panel)? = overlay { return panel.revealed }
        return false
    }

    /// The list being shown: the last complete list, or the pages of the first load so far.
    public var shownKeys: [ApiKeyInfo] {
        if !loaded, let loading { return loading.received }
        return keys
    }

    /// The shown keys after the filter and the `e` toggle, in sort order.
    public var visibleKeys: VisibleKeys { VisibleKeys(keys: index.keys, positions: selection) }

    /// Where the key with this id is in the visible list, if it is visible.
    public func visiblePosition(of keyId: String) -> Int? {
        guard let position = index.position(of: keyId), places[position] >= 0 else { return nil }
        return Int(places[position])
    }

    /// The `e` toggle's window: keys with less than this many seconds left.
    public static let expiringWindow: Int64 = 7 * 86400

    /// Rebuilds the index of the shown keys, then the selection.
    private mutating func reindex() {
        if isSeveral {
            let (owners, accounts, keys, starts) = (accountOf, accounts, shownKeys, accountStarts)
            // Each key's role by its own account's names, its account by its position.
            index = KeyIndex(
                keys: keys,
                roleNameAt: { position in
                    let account = max(0, starts.countBefore { $0 <= position } - 1)
                    let roleId = keys[position].roleId
                    return accounts.indices.contains(account)
                        ? accounts[account].roleNames[roleId] ?? roleId : roleId
                },
                account: { key in owners[key.keyId].map { accounts[$0].profile } })
        } else {
            index = KeyIndex(keys: shownKeys, roleName: roleName)
        }
        refind()
        reselect()
    }

    /// Judges the shown keys by their accounts' policies.
    private mutating func refind() {
        foundAt = Int64(now.timeIntervalSince1970.rounded(.down))
        guard hasPolicy else {
            if !findings.isEmpty { (findings, findingsCount, flagged) = ([:], 0, []) }
            return
        }
        let rotatedAt = KeptRotation.startedAt(keptRotations)
        if isSeveral {
            findings = [:]
            let owners = accountOf
            for (number, account) in accounts.enumerated() {
                let found = account.policy.findings(
                    account.shownKeys.lazy.filter { owners[$0.keyId] == number },
                    roleName: { account.roleNames[$0.roleId] ?? $0.roleId }, now: now,
                    rotatedAt: rotatedAt)
                findings.merge(found) { first, _ in first }
            }
        } else {
            let names = roleNames
            findings = policy.findings(
                shownKeys, roleName: { names[$0.roleId] ?? $0.roleId }, now: now,
                rotatedAt: rotatedAt)
        }
        findingsCount = findings.values.reduce(0) { $0 + $1.count }
        let found = findings
        flagged = index.keys.map { found[$0.keyId] != nil }
    }

    /// Applies the filter, the `e` toggle and the sort to the index.
    private mutating func reselect() {
        selection = index.select(
            filter: filter, within: expiringOnly ? Self.expiringWindow : nil, now: now,
            sort: sort, reversed: reversed)
        if isSeveral, let accountFilter {
            let keys = index.keys
            selection = selection.filter { accountOf[keys[Int($0)].keyId] == accountFilter }
        }
        if findingsOnly {
            let flags = flagged
            selection = selection.filter { flags.indices.contains(Int($0)) && flags[Int($0)] }
        }
        places = [Int32](repeating: -1, count: index.keys.count)
        for (place, position) in selection.enumerated() {
            places[Int(position)] = Int32(truncatingIfNeeded: place)
        }
        let seconds = Int64(now.timeIntervalSince1970.rounded(.down))
        selectionChanges = index.firstExpiry(after: seconds + Self.expiringWindow - 1).map {
            Date(timeIntervalSince1970: TimeInterval($0 - Self.expiringWindow + 1))
        }
        recount()
    }

    /// Counts the shown keys by urgency when a filter or `e` narrows the list.
    private mutating func recount() {
        countedAt = Int64(now.timeIntervalSince1970.rounded(.down))
        guard !filter.isEmpty || expiringOnly || accountFilter != nil || findingsOnly else {
            if !shownUrgencies.isEmpty { shownUrgencies = [:] }
            return
        }
        let keys = index.keys
        shownUrgencies = Countdown.tally(
            expiries: selection.lazy.map { keys[Int($0)].expiresAtEpochSeconds }, now: now)
    }

    /// The display name of a role id.
    public func roleName(_ roleId: String) -> String {
        roleNames[roleId] ?? roleId
    }

    /// The profile of `key`'s account, with several accounts.
    public func profile(of key: ApiKeyInfo) -> String? {
        account(of: key.keyId).map { accounts[$0].profile }
    }

    /// The display name of `key`'s role. With several accounts, its own account's name, or
    /// its id while that account has none (custom role ids are each account's own: another
    /// account's name for the same id may name another role).
    public func roleName(of key: ApiKeyInfo) -> String {
        roleName(key.roleId, account: account(of: key.keyId))
    }

    /// The display name of a role id in `account`: that account's name, or the id while it
    /// has none (never another account's); all accounts' names when `account` is `nil`.
    public func roleName(_ roleId: String, account: Int?) -> String {
        guard let account, accounts.indices.contains(account) else { return roleName(roleId) }
        return accounts[account].roleNames[roleId] ?? roleId
    }

    /// What `key`'s custom role grants, once its account's roles have loaded.
    public func permissions(of key: ApiKeyInfo) -> PermissionSet? {
        if let account = account(of: key.keyId), accounts.indices.contains(account) {
            return accounts[account].rolePermissions[key.roleId]
        }
        return rolePermissions[key.roleId]
    }

    /// The role of this console's own key, when it is in the list.
    public var ownRoleId: String? {
        guard let id = backend.ownKeyId else { return nil }
        return index.key(withId: id)?.roleId
    }

    /// The rank of a role: from its permissions once the roles loaded.
    public func rank(_ roleId: String) -> RoleRank {
        roleRanks[roleId] ?? RoleRank(roleId: roleId, permissions: nil)
    }

    /// The rank of this console's own key, when its role is known.
    public var ownRank: RoleRank? { ownRoleId.map(rank) }

    /// Why this console's key may not create, revoke or rotate a key of `roleId`: its role
    /// ranks above the console's own (`nil` when it may, or when the own role is unknown).
    public func rankRefusal(_ roleId: String, verb: String, account: Int? = nil) -> String? {
        let ranking = ranking(account)
        guard let own = ranking.ownRoleId, !ranking.rank(own).covers(ranking.rank(roleId)) else {
            return nil
        }
        let of = ranking.profile.map { " of \($0)" } ?? ""
        return "your \(roleName(own)) key\(of) cannot \(verb) a key of role"
            + " \(roleName(roleId)), which ranks above it"
    }

    /// Whose rank rules: `account`'s own key and roles (with several accounts), or this
    /// console's.
    private func ranking(_ account: Int?) -> (
        ownRoleId: String?, rank: (String) -> RoleRank, profile: String?
    ) {
        if let account, accounts.indices.contains(account) {
            let own = accounts[account]
            return (own.ownRoleId, own.rank, own.profile)
        }
        return (ownRoleId, rank, nil)
    }

    /// Whether this console may create and revoke keys (false for a Viewer key); with
    /// several accounts, the key of the selected key's account.
    public var canManage: Bool {
        if let account = selectedAccount { return accounts[account].ownKeyManages }
        return ownKeyManages
    }

    /// The roles a new key can have: the system roles, then the account's custom roles by name,
    /// none ranked above this console's own key.
    public var roleChoices: [CreateDialog.RoleChoice] { roleChoices(account: nil) }

    /// The roles a new key of `account` (with several accounts) can have, none ranked above
    /// that account's own key.
    public func roleChoices(account: Int?) -> [CreateDialog.RoleChoice] {
        let names =
            account.flatMap { accounts.indices.contains($0) ? accounts[$0].roleNames : nil }
            ?? roleNames
        let name = { (roleId: String) in names[roleId] ?? roleId }
        let system = [RoleID.owner, RoleID.operator, RoleID.viewer]
        let custom = names.keys.filter { !system.contains($0) }.sorted {
            name($0).localizedCaseInsensitiveCompare(name($1)) == .orderedAscending
        }
        // A key hands out no more power than it has.
        let ranking = ranking(account)
        let ownRank = ranking.ownRoleId.map(ranking.rank)
        return (system + custom).filter { ownRank?.covers(ranking.rank($0)) ?? true }.map {
            CreateDialog.RoleChoice(roleId: $0, name: name($0))
        }
    }

    /// Rows of the list area at the current size, less those a long message takes.
    public var listRows: Int {
        max(1, height - (isSeveral ? 6 : 5) - max(0, flashLines.count - 1))
    }

    /// The message at the bottom, wrapped to the width: at most 3 lines (none while the
    /// filter is typed there). Without one, a stale list's reason stays there in full (the
    /// header has room for its start only).
    public var flashLines: [String] {
        guard !editingFilter else { return [] }
        let text: String
        if let flash {
            text = flash.text
        } else if let staleReason, filter.isEmpty {
            text = "Stale: \(staleReason)"
        } else if let cachedAt, filter.isEmpty {
            // Until the refresh ends, the list may be stale: say so, and how far it has got.
            var progress = ""
            if let loading {
                let pages = loading.pages == 1 ? "1 page" : "\(loading.pages) pages"
                progress =
                    loading.pages == 0
                    ? "; refreshing"
                    : "; refreshing, \(pages), \(loading.received.count) keys so far"
            }
            text =
                "Cached list (\(DurationText.ago(now.timeIntervalSince(cachedAt)))) may be stale"
                + progress
        } else {
            return []
        }
        let lines = DisplayWidth.wrap(
            TextSanitizer.inert(text), width: max(1, width - 2), words: true)
        return lines.count > 3
            ? Array(lines.prefix(2)) + [lines[2...].joined(separator: " ")] : lines
    }

    /// The selected key among the visible ones.
    public var selectedKey: ApiKeyInfo? {
        let visible = visibleKeys
        guard !visible.isEmpty else { return nil }
        return visible[min(max(selectedIndex, 0), visible.count - 1)]
    }
}
