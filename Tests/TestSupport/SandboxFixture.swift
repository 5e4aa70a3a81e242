import Clocks
import Foundation
import Hummingbird
import HummingbirdTesting
import KeySandbox
import KeySandboxServer
import Logging
import MomentoKeyClient
import MomentoKeys

/// A fresh sandbox in a temporary folder, on a clock the test moves: a swift-clocks
/// `TestClock`, whose dates (``wall``) the sandbox reads.
public final class SandboxFixture: Sendable {
    public let directory: TemporaryDirectory
    /// The clock the test moves (`await clock.advance(by:)`).
    public let clock: TestClock<Duration>
    /// The dates of `clock`, from the start given: the sandbox's time.
    public let wall: WallClock
    public let store: SandboxStore

    private init(
        directory: TemporaryDirectory, clock: TestClock<Duration>, wall: WallClock,
        store: SandboxStore
    ) {
        self.directory = directory
        self.clock = clock
        self.wall = wall
        self.store = store
    }

    /// Opens a new seeded sandbox whose time starts at `start`.
    public static func make(
        start: Date = Date(timeIntervalSince1970: 1_800_000_000)
    ) async throws -> SandboxFixture {
        let directory = TemporaryDirectory()
        let clock = TestClock<Duration>()
        let wall = WallClock.following(clock, from: start)
        let store = try await SandboxStore.open(
            path: directory.path + "/sandbox.sqlite", clock: wall)
        return SandboxFixture(directory: directory, clock: clock, wall: wall, store: store)
    }

    /// A new key of `roleId` (30 days), issued without a caller check.
    public func issue(_ roleId: String, description: String = "test key") async throws -> CreatedKey
    {
        try await store.issueKey(
            roleId: roleId, description: description,
            expiry: .at(wall.now.addingTimeInterval(30 * 86400)))
    }

    /// Runs `body` with `keyconsole serve`'s application for this sandbox on a loopback port.
    public func withServer<Value: Sendable>(
        rateLimit: Int = 0, faults: FaultPlan = .none, requests: RequestLog = RequestLog(),
        delayClock: any Clock<Duration> = ContinuousClock(), bodyTimeout: Duration = .seconds(10),
        // serve's 10 s head timeout is tested on its own; here a test process starved by the
        // suites running beside it must not see a 408 for a head it has not read yet.
        headTimeout: Duration = .seconds(300), maxConnections: Int = 512,
        _ body: @Sendable (URL) async throws -> Value
    ) async throws -> Value {
        var logger = Logger(label: "test.serve")
        logger.logLevel = .critical
        let server = SandboxServer(
            store: store,
            options: .init(
                host: "127.0.0.1", port: 0, rateLimit: rateLimit, faults: faults,
                observer: requests.observer, delayClock: delayClock, bodyTimeout: bodyTimeout,
                headTimeout: headTimeout, maxConnections: maxConnections),
            logger: logger)
        return try await server.makeApplication().test(.live) { client in
            guard let port = client.port else { throw FixtureError.noPort }
            return try await body(URL(string: "http://127.0.0.1:\(port)")!)
        }
    }

    /// Runs `body` with an HTTP client for `serve` authenticated by `apiKey`.
    public func withClient<Value: Sendable>(
        apiKey: Secret, rateLimit: Int = 0, faults: FaultPlan = .none,
        requests: RequestLog = RequestLog(),
        retry: RetryPolicy = RetryPolicy(baseDelay: .milliseconds(1)),
        requestTimeout: Duration = .seconds(15), logger: Logger = Logger(label: "test.http"),
        retryClock: any Clock<Duration> = ContinuousClock(),
        delayClock: any Clock<Duration> = ContinuousClock(), budget: RequestBudget? = nil,
        _ body: @Sendable (MomentoKeyService) async throws -> Value
    ) async throws -> Value {
        try await withServer(
            rateLimit: rateLimit, faults: faults, requests: requests, delayClock: delayClock
        ) { url in
            let configuration = MomentoKeyService.Configuration(
                baseURL: url, apiKey: apiKey, requestTimeout: requestTimeout, retry: retry,
                clock: retryClock, budget: budget)
            return try await MomentoKeyService.withService(configuration, logger: logger, body)
        }
    }
}

enum FixtureError: Error {
    case noPort
}
