import ConsoleUI
import Foundation
import Logging
import MomentoKeys
import ScreenModel
import Synchronization
import TerminalIO
import TextKit

/// Runs the console: feeds keys, ticks and answers to ``ConsoleUpdate/update(_:_:)``, draws
/// ``ConsoleView/render(_:_:)`` when the grid changed, and does the effects.
///
/// Effects run as child tasks of one discarding task group (nothing is kept once done), so quitting (or a signal) cancels every
/// request still under way. Time comes from an injected clock, so tests move it.
package final class ConsoleRunner: Sendable {
    package let services: ServiceSwitch
    package let info: BackendInfo
    package let readOnly: Bool
    package let refreshInterval: Int
    package let logger: Logger
    package let regions: [Region]
    package let endpoint: String?
    /// Where the chosen endpoint is saved.
    package let configPath: String
    /// Momento CLI's credentials file, to which a profile may be appended.
    package let credentialsPath: String
    /// tmux's clipboard, when the console runs inside tmux (OSC 52 otherwise, or when tmux
    /// fails).
    package let clipboard: TmuxClipboard
    /// Where the last complete list of each account is kept (`nil`: no cache).
    package let cacheFolder: URL?
    /// The audit journal, the secret stores and the rotation records (`nil` in tests that
    /// need none).
    package let audit: ConsoleRecords?
    /// Whether clicks and the wheel are asked for (off with `--no-mouse`, and while a new key
    /// is revealed, so the terminal's own selection can copy it).
    package let mouse: Bool
    /// The accounts of a console over several (empty: the one account of `services`).
    package let accounts: [ConsoleAccount]
    /// The profiles `--all-profiles` left out: said first, and named on the accounts line (the
    /// terminal's alternate screen would hide a line on stderr).
    package let leftOut: [AccountSet.Skipped]
    /// Where the cache is written, one save after another.
    let cacheQueue = DispatchQueue(label: "keyconsole.cache")

    package init(
        services: ServiceSwitch, info: BackendInfo, readOnly: Bool, refreshInterval: Int,
        logger: Logger, regions: [Region], endpoint: String?,
        configPath: String = ConsoleConfig.path,
        credentialsPath: String = CredentialResolver(
            environment: ProcessInfo.processInfo.environment,
            homeDirectory: XDGDirectories.home()
        ).credentialsPath,
        clipboard: TmuxClipboard = TmuxClipboard(environment: ProcessInfo.processInfo.environment),
        cacheFolder: URL? = nil, audit: ConsoleRecords? = nil, mouse: Bool = true,
        accounts: [ConsoleAccount] = [], leftOut: [AccountSet.Skipped] = []
    ) {
        self.accounts = accounts
        self.leftOut = leftOut
        self.mouse = mouse
        self.audit = audit
        self.cacheFolder = cacheFolder
        self.services = services
        self.info = info
        self.readOnly = readOnly
        self.refreshInterval = refreshInterval
        self.logger = logger
        self.regions = regions
        self.endpoint = endpoint
        self.configPath = configPath
        self.credentialsPath = credentialsPath
        self.clipboard = clipboard
    }

    /// Something for the loop to look at.
    private enum Input: Sendable {
        /// The terminal may have keys, a resize or a signal.
        case terminal
        /// An effect's answer.
        case message(Msg)
        /// The wake-up the state asked for at this time.
        case wake(Date)
        /// Bytes for the terminal (OSC 52, when tmux could not take a copy).
        case write([UInt8])
    }

    /// Runs on the real terminal until the user quits or a signal arrives; returns the
    /// signal number, if any.
    package func run(noColor: Bool, ascii: Bool, theme: Theme? = nil, timeZone: TimeZone)
        async throws(TerminalError) -> Int32?
    {
        let terminal = try Terminal(noColor: noColor, ascii: ascii, theme: theme)
        defer { terminal.close() }
        return await run(
            on: terminal, clock: ContinuousClock(), wall: .current, timeZone: timeZone,
            stopped: { signal in
                // Work that does not end when cancelled (a lock wait, a stuck request) does
                // not keep the process: it ends within the stop's time all the same.
                ExitDeadline.arm(
                    after: Terminal.stopSeconds, status: signal.map { 128 + $0 } ?? 0)
            })
    }

    /// Runs on `driver`, with time from `clock` (sleeping) and `wall` (dates), until the user
    /// quits or a signal arrives; returns the signal number, if any. `observe` sees each
    /// message with the state it led to (tests wait on it); `stopped` is called once the
    /// terminal is restored, with the signal that stopped the console, before the work still
    /// under way is waited for.
    package func run<C: Clock<Duration>>(
        on driver: some TerminalDriver, clock: C, wall: WallClock,
        timeZone: TimeZone, observe: (@Sendable (Msg, ConsoleState) -> Void)? = nil,
        stopped: (@Sendable (Int32?) -> Void)? = nil
    ) async -> Int32? {
        let (inputs, feed) = AsyncStream.makeStream(of: Input.self)
        let context = ViewContext(capabilities: driver.capabilities, timeZone: timeZone)
        let wakeups = driver.wakeups
        return await withDiscardingTaskGroup(returning: Int32?.self) { group in
            group.addTask {
                for await _ in wakeups { feed.yield(.terminal) }
            }
            let initial = start(now: wall.now).state
            var (state, effects) = ConsoleUpdate.start(initial)
            let size = driver.size
            (state, _) = ConsoleUpdate.update(
                state, .resized(width: size.width, height: size.height))
            var lastDrawn: Screen?
            // The keymap on screen, and the state drawn while a secret is on screen (only
            // then: a copy kept of every state would make each change of the list copy it),
            // whose secret is drawn over before the screen changes under it or the terminal is
            // handed back.
            var shownConfirmation: ConsoleState.Confirmation?
            var secretShown: ConsoleState?
            let scrub = {
                if let secretShown {
                    driver.draw(ConsoleView.render(secretShown.scrubbed, context))
                }
            }
            var armed: Date?
            var stopSignal: Int32?
            var mouseOn = false
            // Whether the state may have changed since the last draw: a wake-up of the poll
            // thread that brought nothing costs no render.
            var changed = true
            var iterator = inputs.makeAsyncIterator()
            let post: @Sendable (Msg) -> Void = { feed.yield(.message($0)) }
            logger.info("console started", metadata: ["backend": "\(info.kind)"])
            while true {
                for effect in effects {
                    switch effect {
                    case .copyToClipboard(let text):
                        if let work = copy(text, secret: false, driver, feed) {
                            group.addTask(operation: work)
                        }
                    case .copySecret(let secret):
                        if let work = copy(secret.exposedValue, secret: true, driver, feed) {
                            group.addTask(operation: work)
                        }
                    case .clearScreen:
                        // The key's cells are drawn over first (the layout unchanged), then
                        // the screen without the key: a terminal (tmux with alternate-screen
                        // off, screen's default) may keep what a clear removes in its history.
                        scrub()
                        driver.draw(ConsoleView.render(state, context))
                        driver.clearAll()
                        lastDrawn = nil
                        secretShown = nil
                    case .suspend:
                        scrub()
                        suspend(state, driver, context)
                        lastDrawn = nil
                        secretShown = nil
                        let size = driver.size
                        feed.yield(.message(.resized(width: size.width, height: size.height)))
                    case .writeSecret(let request):
                        feed.yield(.message(write(request)))
                    case .cacheList(let keys, let roleNames, let completed, let account):
                        if let cache = cache(account) {
                            let snapshot = KeyCache.Snapshot(
                                keys: keys, roleNames: roleNames, savedAt: completed)
                            group.addTask { [logger, cacheQueue] in
                                // One save at a time, off the tasks' threads.
                                await withCheckedContinuation { done in
                                    cacheQueue.async {
                                        do throws(KeyCache.Failure) {
                                            try cache.save(snapshot)
                                        } catch {
                                            logger.warning("\(error.description)")
                                        }
                                        done.resume()
                                    }
                                }
                            }
                        }
                    case .saveEndpoint(let endpoint):
                        if let failure = save(endpoint) { feed.yield(.message(failure)) }
                    case .loadKeys(let generation, let background, let account):
                        // As many keys as the list shown has: room for the usual list at once.
                        let expected =
                            account.flatMap {
                                state.accounts.indices.contains($0)
                                    ? state.accounts[$0].keys.count : nil
                            } ?? state.keys.count
                        group.addTask {
                            await RequestBudget.$priority.withValue(
                                background ? .background : .user
                            ) {
                                await self.loadKeys(
                                    generation, account: account, expected: expected,
                                    clock: clock, post: post)
                            }
                        }
                    case .loadRoles(let generation, let account):
                        group.addTask {
                            await self.loadRoles(generation, account: account, post: post)
                        }
                    case .revoke(let keyId):
                        let listed = ListedKey(keyId, in: state)
                        let account = state.account(of: keyId)
                        group.addTask {
                            await self.revoke(keyId, listed: listed, account: account, post: post)
                        }
                    case .revokeMany(let keyIds):
                        let keys = keyIds.map {
                            ($0, ListedKey($0, in: state), state.account(of: $0))
                        }
                        group.addTask { await self.revokeMany(keys, post: post) }
                    case .createKey(let request, let account, let policyOverride):
                        var create = AuditedCreate(
                            .create, roleName: state.roleName(request.roleId, account: account))
                        create.policyOverride = policyOverride
                        group.addTask {
                            await self.create(request, create, account: account, post: post)
                        }
                    case .migrateKey(
                        let request, let endpoint, let replaces, let account, let policyOverride):
                        var create = AuditedCreate(
                            .migrate, roleName: state.roleName(request.roleId, account: account),
                            replaces: replaces,
                            endpoint: endpoint)
                        create.policyOverride = policyOverride
                        group.addTask {
                            await self.create(request, create, account: account, post: post)
                        }
                    case .storeSecret(let request):
                        // Journaled under the new key's own account.
                        let account = state.account(of: request.keyInfo.keyId)
                        group.addTask { await self.store(request, account: account, post: post) }
                    case .loadJournal:
                        // Files are read and written off the loop: a lock may be waited for.
                        group.addTask {
                            if let audit = self.audit { post(.journalLoaded(audit.lines())) }
                        }
                    case .rotationFinished(
                        let oldKeyId, let newKeyId, let description, let overlap, let account):
                        let now = wall.now
                        group.addTask {
                            self.rotationFinished(
                                oldKeyId: oldKeyId, newKeyId: newKeyId, description: description,
                                overlapSeconds: overlap, account: account, now: now, post: post)
                        }
                    }
                }
                effects = []
                if state.quitting { break }
                if changed || lastDrawn == nil {
                    // Mouse reporting off before a revealed key is drawn, so the terminal's
                    // own selection can take it.
                    let wantsMouse = mouse && !state.secretRevealed
                    if wantsMouse != mouseOn {
                        driver.setMouse(wantsMouse)
                        mouseOn = wantsMouse
                    }
                    // A confirmation about to be drawn sees only the keys pressed after it:
                    // what was typed before is dropped first, then it is drawn.
                    let inForce = state.confirmation
                    if inForce != nil, shownConfirmation != inForce {
                        driver.discardInput()
                    }
                    shownConfirmation = inForce
                    let grid = ConsoleView.render(state, context)
                    if grid != lastDrawn {
                        driver.draw(grid)
                        lastDrawn = grid
                    }
                    if case .secret? = state.overlay {
                        secretShown = state
                    } else {
                        secretShown = nil
                    }
                }
                let wake = ConsoleUpdate.nextWake(state)
                if wake != armed {
                    armed = wake
                    let delay = Duration.milliseconds(
                        max(0, Int64((wake.timeIntervalSince(wall.now) * 1000).rounded(.up))))
                    group.addTask {
                        guard (try? await clock.sleep(for: delay)) != nil else { return }
                        feed.yield(.wake(wake))
                    }
                }
                guard let input = await iterator.next() else { break }
                var messages: [Msg] = []
                switch input {
                case .terminal:
                    for event in driver.readEvents() {
                        switch event {
                        case .key(let key): messages.append(.key(key))
                        case .resized(let width, let height):
                            messages.append(.resized(width: width, height: height))
                        case .signal(let number): stopSignal = number
                        case .suspend: messages.append(.key(.controlZ))
                        }
                    }
                case .message(let message):
                    messages.append(message)
                case .wake(let deadline):
                    // A timer for a deadline since moved is stale: only the armed one re-arms.
                    if deadline == armed { armed = nil }
                case .write(let bytes):
                    driver.writeRaw(bytes)
                }
                if stopSignal != nil { break }
                let time = wall.now
                changed = !messages.isEmpty || time >= ConsoleUpdate.nextWake(state)
                if changed {
                    (state, effects) = ConsoleUpdate.update(state, .tick(time))
                }
                for message in messages {
                    let opened = state.confirmation
                    let (next, more) = ConsoleUpdate.update(state, message)
                    state = next
                    effects += more
                    observe?(message, state)
                    // Keys of the same read behind a paste, or behind the key that opened a
                    // confirmation, arrived before the confirmation was drawn: dropped.
                    if case .key(let key) = message,
                        key.isPaste
                            || (state.confirmation != nil && state.confirmation != opened)
                    {
                        break
                    }
                }
            }
            // A key on screen is drawn over before the terminal is restored (and cleared).
            scrub()
            if case .secret? = state.overlay {
                var hidden = state
                hidden.overlay = nil
                hidden.help = nil
                driver.draw(ConsoleView.render(hidden, context))
            }
            // Restore the terminal first; then wait for the cancelled work to end.
            group.cancelAll()
            feed.finish()
            driver.close()
            stopped?(stopSignal)
            logger.info("console stopped", metadata: ["signal": "\(stopSignal ?? 0)"])
            return stopSignal
        }
    }

    /// What the console starts from: read once from the records and the cache.
    private func start(now: Date) -> ConsoleStart {
        var start = ConsoleStart(info: info, now: now)
        start.readOnly = readOnly
        start.refreshInterval = refreshInterval
        start.regions = regions
        start.endpoint = endpoint
        start.copiesByOSC52 = !clipboard.isInsideTmux
        start.leftOut = leftOut
        if accounts.count > 1 {
            start.caching = cacheFolder != nil
            // The accounts' caches are read side by side: the first frame waits for all.
            let snapshots = Mutex([KeyCache.Snapshot?](repeating: nil, count: accounts.count))
            DispatchQueue.concurrentPerform(iterations: accounts.count) { number in
                let snapshot = cache(number)?.load()
                snapshots.withLock { $0[number] = snapshot }
            }
            let cached = snapshots.withLock { $0 }
            var kept: [KeptRotation] = []
            for (number, account) in accounts.enumerated() {
                if let records = account.audit {
                    do throws(RotationRecords.Failure) {
                        kept += try records.kept()
                    } catch {
                        logger.warning("\(error.description)")
                        start.kept = .failure(error)
                    }
                }
                var opening = ConsoleStart.Account(
                    profile: account.profile, readOnly: account.readOnly,
                    ownKeyId: account.ownKeyId, endpoint: account.endpoint,
                    isPreprod: account.isPreprod, cached: cached[number])
                opening.policy = account.audit?.policy ?? .none
                start.accounts.append(opening)
            }
            // Accounts behind one key API read the same records: each rotation once.
            var seen = Set<String>()
            kept = kept.filter { seen.insert($0.oldKeyId).inserted }
            if case .success = start.kept { start.kept = .success(kept) }
        }
        if let audit {
            start.storeNames = audit.stores.keys.sorted()
            start.storeProblem = audit.storeProblem
            start.policy = audit.policy
            if accounts.count <= 1 {
                start.kept = Result { () throws(RotationRecords.Failure) in try audit.kept() }
                if case .failure(let failure) = start.kept {
                    logger.warning("\(failure.description)")
                }
            }
            start.journal = audit.lines()
        }
        if accounts.count <= 1, let cache = cache() {
            start.caching = true
            // Not read while a region must be chosen first: it would not be shown.
            start.cached = start.needsEndpoint ? nil : cache.load()
            if let cached = start.cached {
                logger.info(
                    "read the cached list",
                    metadata: ["keys": "\(cached.keys.count)", "path": "\(cache.path)"])
            }
        }
        return start
    }

    /// The cache of the account and key API in use now, when there is one (not the sandbox's);
    /// with several accounts, `account`'s own.
    private func cache(_ account: Int? = nil) -> KeyCache? {
        if let account, accounts.indices.contains(account) {
            return KeyCache.forAccount(
                accounts[account].account ?? accounts[account].ownKeyId,
                baseURL: accounts[account].services.baseURL, folder: cacheFolder)
        }
        return KeyCache.forAccount(
            info.account ?? info.ownKeyId, baseURL: services.baseURL, folder: cacheFolder)
    }

    /// Account number `index` of several, when there is one.
    private func account(_ index: Int?) -> ConsoleAccount? {
        guard let index, accounts.indices.contains(index) else { return nil }
        return accounts[index]
    }

    /// The key API of `account` (the one account's when `nil`).
    func services(_ account: Int?) -> ServiceSwitch {
        self.account(account)?.services ?? services
    }

    /// The records of `account` (the one account's when `nil`).
    func audit(_ account: Int?) -> ConsoleRecords? {
        guard let account else { return audit ?? accounts.first?.audit }
        return self.account(account)?.audit ?? audit
    }

    /// Whether changes to `account`'s keys are off: `--read-only`, or its `read_only`.
    func isReadOnly(_ account: Int?) -> Bool {
        readOnly || (self.account(account)?.readOnly ?? false)
    }

    /// Draws the state (a revealed key is masked by now) and gives the terminal back until
    /// the process is continued.
    private func suspend(
        _ state: ConsoleState, _ driver: some TerminalDriver, _ context: ViewContext
    ) {
        driver.draw(ConsoleView.render(state, context))
        logger.info("suspended")
        driver.suspend()
        logger.info("resumed")
    }

    /// Puts `text` on the clipboard: outside tmux, OSC 52 goes out at once (`nil`); inside
    /// tmux, the work that hands it to tmux's clipboard, falling back to OSC 52 (wrapped for
    /// tmux) when tmux fails.
    private func copy(
        _ text: String, secret: Bool, _ driver: some TerminalDriver,
        _ feed: AsyncStream<Input>.Continuation
    ) -> (@Sendable () async -> Void)? {
        guard clipboard.isInsideTmux else {
            driver.writeRaw(OSC52.sequence(copying: text, insideTmux: false))
            return nil
        }
        return { [clipboard, logger] in
            if await clipboard.copy(text, secret: secret) { return }
            logger.info("tmux load-buffer failed; copying with OSC 52")
            feed.yield(.write(OSC52.sequence(copying: text, insideTmux: true)))
        }
    }

}
