import Clocks
import ConsoleUI
import Foundation
import KeySandbox
import KeyconsoleCore
import Logging
import MomentoKeys
import ScreenModel
import Synchronization
import TerminalIO
import TestSupport
import Testing

/// The runner on a terminal in memory and a test clock: nothing here waits in real time.
@Suite("The console runner, on a terminal in memory", .timeLimit(.minutes(1)))
struct ConsoleRunnerTests {
    /// Runs a console over `services` on a terminal in memory and `clock` while `body` drives
    /// it; the signal it stopped with, once `body` has made it stop.
    private static func running(
        _ services: ServiceSwitch, folder: TemporaryDirectory, clock: TestClock<Duration>,
        info: BackendInfo = BackendInfo(kind: .sandbox(path: "sandbox.sqlite")),
        endpoint: String? = nil, size: (width: Int, height: Int) = (80, 24),
        refreshInterval: Int = 0, cacheFolder: URL? = nil, mouse: Bool = true,
        observe: (@Sendable (Msg, ConsoleState) -> Void)? = nil,
        _ body: (MemoryTerminal) async throws -> Void
    ) async throws -> Int32? {
        let terminal = MemoryTerminal(width: size.width, height: size.height)
        let runner = ConsoleRunner(
            services: services, info: info, readOnly: false, refreshInterval: refreshInterval,
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
            regions: RegionTable.bundled.regions, endpoint: endpoint,
            configPath: folder.path + "/config",
            credentialsPath: folder.path + "/momento/credentials",
            clipboard: TmuxClipboard(environment: [:]), cacheFolder: cacheFolder, mouse: mouse)
        async let stopped = runner.run(
            on: terminal, clock: clock,
            wall: .following(clock, from: Date(timeIntervalSince1970: 1_795_348_800)),
            timeZone: utc, observe: observe)
        try await body(terminal)
        let signal = await stopped
        #expect(terminal.isClosed, "the terminal is restored")
        return signal
    }

    private static let utc = TimeZone(identifier: "UTC")!

    @Test(
        "typeahead never confirms: Enter, Enter in the read that opens the review create nothing; a paste's trailing Enters are dropped"
    )
    func typeaheadNeverConfirms() async throws {
        let sandbox = try await SandboxFixture.make()
        let clock = TestClock<Duration>()
        let services = ServiceSwitch(service: sandbox.store, baseURL: nil, factory: nil)
        let before = try await sandbox.store.listAllKeys().count
        let contexts = Mutex<[KeyContext]>([])
        let observe: @Sendable (Msg, ConsoleState) -> Void = { _, state in
            contexts.withLock { $0.append(state.keyContext) }
        }
        _ = try await Self.running(
            services, folder: sandbox.directory, clock: clock, observe: observe
        ) { terminal in
            #expect(await terminal.screen(showing: "12 keys") != nil)
            terminal.press(.character("n"))
            #expect(await terminal.screen(showing: "New key") != nil)
            // In the description: a paste that ended early, and the Enters behind it in the
            // same read.
            terminal.press(.tab)
            terminal.press(.paste("ci"), .enter, .enter)
            #expect(await terminal.screen(showing: "Description  ci") != nil)
            // Keys of a later read are typed as usual.
            terminal.type("-x")
            #expect(await terminal.screen(showing: "ci-x") != nil)
            #expect(!contexts.withLock { $0.contains(.createReview) }, "the paste confirmed")
            // Enter opens the review; the two Enters typed ahead of it are dropped.
            terminal.press(.enter, .enter, .enter)
            #expect(await terminal.screen(showing: "Enter create") != nil)
            terminal.press(.escape)
            #expect(await terminal.screen(showing: "12 keys") != nil)
            let after = try await sandbox.store.listAllKeys().count
            #expect(after == before, "nothing was created")
            terminal.send(signal: SIGTERM)
        }
    }

    @Test(
        "mouse reporting is on in the list, off while a new key is revealed, never with --no-mouse"
    )
    func mouseReporting() async throws {
        // The sandbox's time is the console's, so the new key's expiry is in its future.
        let sandbox = try await SandboxFixture.make(
            start: Date(timeIntervalSince1970: 1_795_348_800))
        let clock = TestClock<Duration>()
        let services = ServiceSwitch(service: sandbox.store, baseURL: nil, factory: nil)
        _ = try await Self.running(
            services, folder: sandbox.directory, clock: clock,
            endpoint: "cell-4-us-west-2-1.prod.a.momentohq.com"
        ) { terminal in
            #expect(await terminal.screen(showing: "12 keys") != nil)
            #expect(terminal.mouseEnabled)
            // A click on the third row selects its key.
            terminal.press(.mouse(MouseEvent(.click, row: 5, column: 10)))
            #expect(await terminal.screen { $0[5].hasPrefix(" ▶") } != nil)
            terminal.press(.character("n"))
            #expect(await terminal.screen(showing: "New key") != nil)
            terminal.press(.enter)
            #expect(await terminal.screen(showing: "Enter create") != nil)
            terminal.press(.enter)
            #expect(await terminal.screen(showing: "store it now") != nil)
            #expect(terminal.mouseEnabled)
            terminal.press(.character("v"))
            #expect(await terminal.screen(showing: "API key:") != nil)
            #expect(!terminal.mouseEnabled, "revealed, the terminal's selection copies the key")
            terminal.press(.character("v"))
            #expect(await terminal.screen { !$0.joined().contains("API key:") } != nil)
            #expect(terminal.mouseEnabled)
            terminal.send(signal: SIGTERM)
        }
        _ = try await Self.running(
            services, folder: sandbox.directory, clock: clock, mouse: false
        ) { terminal in
            #expect(await terminal.screen(showing: "keys") != nil)
            #expect(!terminal.mouseEnabled)
            terminal.send(signal: SIGTERM)
        }
    }

    /// Bulk-revokes all 12 keys of the sandbox through the service the console is given,
    /// paced by `budget` on `clock`; the start time of each revoke.
    private static func bulkRevoke(
        budget: RequestBudget, clock: TestClock<Duration>
    ) async throws -> [Duration] {
        let sandbox = try await SandboxFixture.make()
        let service = HeldService(base: sandbox.store, clock: clock)
        let paced = PacedKeyService(service, budget: budget)
        let services = ServiceSwitch(service: paced, baseURL: nil, factory: nil)
        let stopped = try await Self.running(services, folder: sandbox.directory, clock: clock) {
            terminal in
            #expect(await terminal.screen(showing: "12 keys") != nil)
            for _ in 0..<12 { terminal.press(.character(" ")) }
            #expect(await terminal.screen(showing: "(12 marked)") != nil)
            terminal.press(.character("d"))
            #expect(await terminal.screen(showing: "Type 12 to confirm") != nil)
            terminal.type("12")
            terminal.press(.enter)
            #expect(await terminal.screen(showing: "Revoked 12 of 12.") != nil)
            terminal.press(.enter, .character("q"))
        }
        #expect(stopped == nil)
        #expect(try await sandbox.store.listKeys(limit: 100, nextToken: nil).keyInfo.isEmpty)
        return service.revokeTimes
    }

    @Test(
        "bulk revoke is paced by the request budget alone: at --rate-limit 20, 12 revokes go in one burst"
    )
    func bulkRevokeHonoursRateLimit() async throws {
        let clock = TestClock<Duration>()
        // The list took one token; 12 of the 20 a second remain for the revokes, at once.
        let times = try await Self.bulkRevoke(
            budget: RequestBudget(rate: 20, clock: clock), clock: clock)
        #expect(times.count == 12)
        #expect(times.allSatisfy { $0 == .zero }, "no pause of the console's own: \(times)")
    }

    @Test(
        "an automatic refresh lists in the background share of the budget; r and the start do not")
    func refreshPriorities() async throws {
        let sandbox = try await SandboxFixture.make()
        let clock = TestClock<Duration>()
        let service = HeldService(base: sandbox.store, clock: clock)
        let services = ServiceSwitch(service: service, baseURL: nil, factory: nil)
        let stopped = try await Self.running(
            services, folder: sandbox.directory, clock: clock, refreshInterval: 60
        ) { terminal in
            #expect(await terminal.screen(showing: "refreshed 12:00:00") != nil)
            await clock.advance(by: .seconds(60))
            #expect(await terminal.screen(showing: "refreshed 12:01:00") != nil)
            await clock.advance(by: .seconds(1))
            terminal.press(.character("r"))
            #expect(await terminal.screen(showing: "refreshed 12:01:01") != nil)
            terminal.press(.character("q"))
        }
        #expect(stopped == nil)
        #expect(service.listPriorities == [.user, .background, .user])
    }

    @Test("the cached list shows at once with its age; the refresh replaces it and is cached")
    func startsFromCache() async throws {
        let sandbox = try await SandboxFixture.make()
        let own = try await sandbox.issue(RoleID.owner, description: "console key")
        let clock = TestClock<Duration>()
        let gate = Gate()
        let service = HeldService(base: sandbox.store, clock: clock, listGate: gate)
        let url = URL(string: "http://cache.test:8080")!
        let services = ServiceSwitch(service: service, baseURL: url, factory: nil)
        let folder = URL(fileURLWithPath: sandbox.directory.path + "/cache")
        let cache = KeyCache(folder: folder, baseURL: url, account: own.keyInfo.keyId)
        let old = ApiKeyInfo(
            keyId: "0000cached0000", accountId: "a", description: "Revoked since",
            roleId: "r-viewer",
            issuedAtEpochSeconds: 1_795_000_000, expiresAtEpochSeconds: nil)
        try cache.save(
            KeyCache.Snapshot(
                keys: [old, own.keyInfo], roleNames: [:],
                savedAt: Date(timeIntervalSince1970: 1_795_348_800 - 180)))
        let stopped = try await Self.running(
            services, folder: sandbox.directory, clock: clock,
            info: BackendInfo(kind: .sandbox(path: "s.sqlite"), ownKeyId: own.keyInfo.keyId),
            cacheFolder: folder
        ) { terminal in
            let first = await terminal.screen(showing: "cached 3 min ago") ?? []
            #expect(first.contains { $0.contains("Revoked since") })
            #expect(first.contains { $0.contains("2 keys") })
            gate.open()
            let fresh = await terminal.screen(showing: "refreshed 12:00:00") ?? []
            #expect(!fresh.contains { $0.contains("Revoked since") })
            #expect(fresh.contains { $0.contains("13 keys") })
            terminal.press(.character("q"))
        }
        #expect(stopped == nil)
        // The runner waited for the save before it returned.
        let saved = try #require(cache.load())
        #expect(saved.keys.count == 13)
        #expect(!saved.keys.contains { $0.keyId == old.keyId })
        #expect(saved.roleNames["r-10042"] == "Cache Readers")
    }

    @Test("SIGTERM while a revoke is in flight restores the terminal and cancels the request")
    func signalCancelsWork() async throws {
        let sandbox = try await SandboxFixture.make()
        let clock = TestClock<Duration>()
        let service = HeldService(base: sandbox.store, clock: clock, holdRevokes: true)
        let services = ServiceSwitch(service: service, baseURL: nil, factory: nil)
        let stopped = try await Self.running(services, folder: sandbox.directory, clock: clock) {
            terminal in
            #expect(await terminal.screen(showing: "12 keys") != nil)
            terminal.press(.character("d"))
            let pane = await terminal.screen(showing: "to confirm") ?? []
            // The word after "Type " (the list shows around the pane, so not by position).
            let line = try #require(pane.first { $0.contains("Type ") })
            let code = try #require(
                line[line.range(of: "Type ")!.upperBound...].split(separator: " ").first)
            terminal.type(String(code))
            terminal.press(.enter)
            await service.revokeStarted.wait()
            #expect(!terminal.isClosed)
            terminal.send(signal: SIGTERM)
        }
        #expect(stopped == SIGTERM)
        #expect(service.revokeCancelled)
        #expect(try await sandbox.store.listKeys(limit: 100, nextToken: nil).keyInfo.count == 12)
    }

    @Test("after a switch to the preprod key API, the old API's late roles answer is ignored")
    func oldRolesIgnored() async throws {
        let sandbox = try await SandboxFixture.make()
        let clock = TestClock<Duration>()
        let keys = try await sandbox.store.listKeys(limit: 100, nextToken: nil).keyInfo
        let system = [RoleID.owner, RoleID.operator, RoleID.viewer]
        let custom = try #require(keys.first { !system.contains($0.roleId) }?.roleId)
        func role(_ name: String) -> [Role] {
            [Role(roleId: custom, roleName: name, roleType: .custom, description: "")]
        }
        let oldRoles = Gate()
        let old = HeldService(
            base: sandbox.store, clock: clock, roles: role("Stale name"), rolesGate: oldRoles)
        let new = HeldService(base: sandbox.store, clock: clock, roles: role("Fresh name"))
        let made = Mutex<[URL]>([])
        let services = ServiceSwitch(service: old, baseURL: Endpoint.productionKeyAPI) { url in
            made.withLock { $0.append(url) }
            return new
        }
        let cell = "cell-4-us-west-2-1.prod.a.momentohq.com"
        let observed = Observed()
        let record: @Sendable (Msg, ConsoleState) -> Void = { observed.record($0, $1) }
        let stopped = try await Self.running(
            services, folder: sandbox.directory, clock: clock,
            info: BackendInfo(kind: .production(endpoint: cell, region: "US West (Oregon)")),
            endpoint: cell, size: (100, 30), observe: record
        ) { terminal in
            #expect(await terminal.screen(showing: "12 keys") != nil)
            terminal.press(.character("p"))
            terminal.type("no such region")
            terminal.press(.enter)
            terminal.type("cache.cell-alpha-dev.preprod.a.momentohq.com")
            terminal.press(.enter)
            let switched = await observed.state {
                if case .rolesLoaded(2, _, _) = $0 { true } else { false }
            }
            #expect(switched.roleNames[custom] == "Fresh name")
            #expect(made.withLock { $0 } == [Endpoint.preprodKeyAPI])
            oldRoles.open()
            let late = await observed.state {
                if case .rolesLoaded(1, _, _) = $0 { true } else { false }
            }
            #expect(late.roleNames[custom] == "Fresh name")
            terminal.press(.character("q"))
        }
        #expect(stopped == nil)
        let saved = try String(contentsOfFile: sandbox.directory.path + "/config", encoding: .utf8)
        #expect(saved.contains(#"endpoint = "cell-alpha-dev.preprod.a.momentohq.com""#))
    }

    @Test("c copies the key id with OSC 52 outside tmux, written around the grid")
    func copyWritesOSC52() async throws {
        let sandbox = try await SandboxFixture.make()
        let services = ServiceSwitch(service: sandbox.store, baseURL: nil, factory: nil)
        let stopped = try await Self.running(
            services, folder: sandbox.directory, clock: TestClock()
        ) { terminal in
            #expect(await terminal.screen(showing: "12 keys") != nil)
            terminal.press(.character("c"))
            let flash = await terminal.screen(showing: "to the terminal clipboard") ?? []
            let id = try #require(
                flash.first { $0.contains("Sent") }?.split(separator: " ").dropFirst().first)
            #expect(terminal.rawWrites == OSC52.sequence(copying: String(id), insideTmux: false))
            terminal.press(.character("q"))
        }
        #expect(stopped == nil)
    }

    @Test(
        "w adds a Momento CLI profile to the existing credentials file, appended; a name already there is refused"
    )
    func appendsProfile() async throws {
        // The sandbox's time is the console's, so the new key's expiry is in its future.
        let sandbox = try await SandboxFixture.make(
            start: Date(timeIntervalSince1970: 1_795_348_800))
        let services = ServiceSwitch(service: sandbox.store, baseURL: nil, factory: nil)
        let folder = sandbox.directory.path + "/momento"
        let credentials = folder + "/credentials"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let before = "[default]\napi_key_v2=old\nendpoint=cell-a.example\n"
        _ = FileManager.default.createFile(
            atPath: credentials, contents: Data(before.utf8), attributes: [.posixPermissions: 0o600]
        )
        let endpoint = "cell-4-us-west-2-1.prod.a.momentohq.com"
        // The sandbox's store behind a Momento account's console: a sandbox key is never
        // written as a profile (below).
        let stopped = try await Self.running(
            services, folder: sandbox.directory, clock: TestClock(),
            info: BackendInfo(kind: .production(endpoint: endpoint, region: "us-west-2")),
            endpoint: endpoint
        ) { terminal in
            #expect(await terminal.screen(showing: "12 keys") != nil)
            terminal.press(.character("n"))
            #expect(await terminal.screen(showing: "New key") != nil)
            terminal.press(.enter)
            #expect(await terminal.screen(showing: "Enter create") != nil)
            terminal.press(.enter)
            #expect(await terminal.screen(showing: "store it now") != nil)
            terminal.press(.character("w"))
            terminal.type(credentials)
            terminal.press(.tab, .right, .right, .tab, .enter)
            #expect(await terminal.screen(showing: "A profile named default is already") != nil)
            #expect((try? String(contentsOfFile: credentials, encoding: .utf8)) == before)
            terminal.press(
                .backspace, .backspace, .backspace, .backspace, .backspace, .backspace, .backspace)
            terminal.type("ci")
            terminal.press(.enter)
            #expect(await terminal.screen(showing: "profile ci added to") != nil)
            terminal.press(.escape)
            // A confirmation takes only keys pressed once it is drawn.
            #expect(await terminal.screen(showing: "Is the key stored?") != nil)
            terminal.press(.character("y"))
            #expect(await terminal.screen(showing: "forgot its plaintext") != nil)
            terminal.press(.character("q"))
        }
        #expect(stopped == nil)
        let after = try String(contentsOfFile: credentials, encoding: .utf8)
        #expect(after.hasPrefix(before + "\n[ci]\napi_key_v2=ey"), "\(after)")
        #expect(after.hasSuffix("\nendpoint=\(endpoint)\n"))
        #expect(
            try FileManager.default.attributesOfItem(atPath: credentials)[.posixPermissions] as? Int
                == 0o600)
    }

    @Test(
        "a sandbox key is never written as a Momento CLI profile: the panel says so and offers the key or env file"
    )
    func sandboxKeyIsNoProfile() async throws {
        let sandbox = try await SandboxFixture.make(
            start: Date(timeIntervalSince1970: 1_795_348_800))
        let services = ServiceSwitch(service: sandbox.store, baseURL: nil, factory: nil)
        let credentials = sandbox.directory.path + "/momento/credentials"
        _ = try await Self.running(
            services, folder: sandbox.directory, clock: TestClock(),
            endpoint: "cell-4-us-west-2-1.prod.a.momentohq.com"
        ) { terminal in
            #expect(await terminal.screen(showing: "12 keys") != nil)
            terminal.press(.character("n"))
            #expect(await terminal.screen(showing: "New key") != nil)
            terminal.press(.enter)
            #expect(await terminal.screen(showing: "Enter create") != nil)
            terminal.press(.enter)
            #expect(await terminal.screen(showing: "store it now") != nil)
            terminal.press(.character("w"))
            terminal.type(credentials)
            terminal.press(.tab, .right, .right, .enter)
            #expect(await terminal.screen(showing: "This is a sandbox key") != nil)
            terminal.send(signal: SIGTERM)
        }
        #expect(!FileManager.default.fileExists(atPath: credentials))
    }
}
