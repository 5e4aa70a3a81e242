import Clocks
import Foundation
import InMemoryLogging
import KeySandbox
import KeySandboxServer
import Logging
import MomentoKeys
import TestSupport
import Testing

@testable import MomentoKeyClient

/// The HTTP client against `keyconsole serve` on loopback: a real server with Momento's routes.
@Suite("HTTP client against keyconsole serve")
struct MomentoKeyServiceTests {
    static let createRequest = CreateKeyRequest(
        roleId: RoleID.operator, description: "made by a test", expiry: .never)

    @Test("paging follows next_token with no duplicates and no gaps")
    func paging() async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        for index in 0..<250 {
            _ = try await sandbox.issue(RoleID.viewer, description: "bulk \(index)")
        }
        let expected = try await sandbox.store.listAllKeys().map(\.keyId)
        let requests = RequestLog()
        try await sandbox.withClient(apiKey: owner.apiKey, requests: requests) { service in
            var sizes: [Int] = []
            var ids: [String] = []
            for try await page in service.allKeys(pageSize: 100) {
                sizes.append(page.count)
                ids += page.map(\.keyId)
            }
            #expect(sizes == [100, 100, 63])
            #expect(ids == expected)
            #expect(Set(ids).count == 263)
        }
        #expect(requests.count("GET /api-keys") == 3)
    }

    @Test("create sends the documented JSON; the plaintext is a v2 key for the new id")
    func create() async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        try await sandbox.withClient(apiKey: owner.apiKey) { service in
            let expiry = sandbox.wall.now.addingTimeInterval(7 * 86400)
            let created = try await service.createKey(
                CreateKeyRequest(roleId: RoleID.viewer, description: "dash", expiry: .at(expiry)))
            let decoded = try KeyDecoder.decode(created.apiKey.exposedValue)
            #expect(decoded.kind == .v2ApiKey)
            #expect(decoded.keyId == created.keyInfo.keyId)
            #expect(created.keyInfo.expiresAt == Expiry.at(expiry).date)
            #expect(created.keyInfo.description == "dash")
            let refresh = try KeyDecoder.decode(try #require(created.refreshToken).exposedValue)
            #expect(refresh.kind == .v2RefreshToken)
            let never = try await service.createKey(Self.createRequest)
            #expect(never.refreshToken == nil)
            #expect(never.keyInfo.expiresAtEpochSeconds == nil)
        }
    }

    @Test("revoke and roles")
    func revokeAndRoles() async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        let victim = try await sandbox.issue(RoleID.viewer)
        try await sandbox.withClient(apiKey: owner.apiKey) { service in
            try await service.revokeKey(id: victim.keyInfo.keyId)
            #expect(try await !service.listAllKeys().contains { $0.keyId == victim.keyInfo.keyId })
            await #expect(throws: KeyServiceError.notFound(message: "API key not found")) {
                try await service.revokeKey(id: victim.keyInfo.keyId)
            }
            let roles = try await service.allRoles()
            #expect(
                roles.map(\.roleId) == ["r-owner", "r-operator", "r-viewer", "r-10042", "r-10077"])
            #expect(
                try await service.allRoles(type: .custom).map(\.roleName) == [
                    "Cache Readers", "Deploy Bots",
                ])
        }
    }

    @Test("each error status becomes a typed error that says what to do")
    func errorStatuses() async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        let viewer = try await sandbox.issue(RoleID.viewer)
        try await sandbox.withClient(apiKey: owner.apiKey, retry: .none) { service in
            await #expect(
                throws: KeyServiceError.badRequest(message: "limit must be between 1 and 100")
            ) {
                try await service.listKeys(limit: 0, nextToken: nil)
            }
            await #expect(throws: KeyServiceError.notFound(message: "Role not found: r-nope")) {
                try await service.createKey(
                    CreateKeyRequest(roleId: "r-nope", description: "", expiry: .never))
            }
        }
        try await sandbox.withClient(apiKey: viewer.apiKey, retry: .none) { service in
            do throws(KeyServiceError) {
                _ = try await service.createKey(Self.createRequest)
                Issue.record("a Viewer key created a key")
            } catch {
                #expect(error == .forbidden(message: SandboxSession.forbiddenMessage))
                #expect(error.description.contains("Owner or Operator"))
            }
        }
        try await sandbox.withClient(apiKey: Secret(TestTokens.v2Key()), retry: .none) { service in
            do throws(KeyServiceError) {
                _ = try await service.listKeys(limit: 1, nextToken: nil)
                Issue.record("a foreign key was accepted")
            } catch {
                #expect(
                    error
                        == .unauthorized(
                            message: "Momento API key passed in is either invalid or expired"))
                #expect(error.description.contains("invalid, expired or revoked"))
            }
        }
        let injected: [(Int, KeyServiceError, String)] = [
            (
                409, .rejected(status: 409, code: "injected_fault", message: "injected fault 409"),
                "409"
            ),
            (
                412, .rejected(status: 412, code: "injected_fault", message: "injected fault 412"),
                "412"
            ),
            (429, .rateLimited(retryAfterSeconds: 1), "Rate limited"),
            (500, .server(status: 500, message: "injected fault 500"), "internal error"),
            (503, .server(status: 503, message: "injected fault 503"), "Try again"),
        ]
        let faults = try FaultPlan(
            parsing: "seq:" + injected.map { String($0.0) }.joined(separator: "/"))
        try await sandbox.withClient(apiKey: owner.apiKey, faults: faults, retry: .none) {
            service in
            for (status, expected, words) in injected {
                do throws(KeyServiceError) {
                    _ = try await service.listKeys(limit: 10, nextToken: nil)
                    Issue.record("expected \(status) to fail")
                } catch {
                    #expect(error == expected)
                    #expect(error.status == status)
                    #expect(error.description.contains(words))
                }
            }
        }
    }

    @Test("GET is retried after 429 (honouring Retry-After) and 5xx, then succeeds")
    func getRetried() async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        let requests = RequestLog()
        let clock = ImmediateClock()
        let start = clock.now
        try await sandbox.withClient(
            apiKey: owner.apiKey, faults: try FaultPlan(parsing: "seq:429/503"), requests: requests,
            retryClock: clock
        ) { service in
            let page = try await service.listKeys(limit: 100, nextToken: nil)
            #expect(page.keyInfo.count == 13)
        }
        #expect(requests.statuses("GET /api-keys") == [429, 503, 200])
        // Retry-After: 1 s, then the second retry's jittered backoff (1 to 2 ms); on the test
        // clock, so the test does not wait.
        let waited = start.duration(to: clock.now)
        #expect(waited >= .milliseconds(1001) && waited <= .milliseconds(1002))
    }

    @Test("POST is retried after a 429, when nothing was created, after its Retry-After")
    func postRetriedAfterRateLimit() async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        let requests = RequestLog()
        let clock = ImmediateClock()
        let start = clock.now
        let created = try await sandbox.withClient(
            apiKey: owner.apiKey, faults: try FaultPlan(parsing: "seq:429/429"), requests: requests,
            retryClock: clock
        ) { service in
            try await service.createKey(Self.createRequest)
        }
        #expect(requests.statuses("POST /api-keys") == [429, 429, 200])
        #expect(start.duration(to: clock.now) == .seconds(2))
        #expect(
            try await sandbox.store.listAllKeys().filter { $0.keyId == created.keyInfo.keyId }
                .count == 1)
    }

    @Test(
        "GET gives up after the policy's attempts; a Retry-After beyond the policy is not waited for"
    )
    func getGivesUp() async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        let requests = RequestLog()
        try await sandbox.withClient(
            apiKey: owner.apiKey, faults: try FaultPlan(parsing: "seq:500/500/500/500/429"),
            requests: requests,
            retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1), maxRetryAfter: .zero)
        ) { service in
            await #expect(
                throws: KeyServiceError.server(status: 500, message: "injected fault 500")
            ) {
                try await service.listRoles(type: nil, limit: nil, nextToken: nil)
            }
            // The fourth 500 is retried; the 429's Retry-After (1 s) is beyond the policy's 0 s.
            await #expect(throws: KeyServiceError.rateLimited(retryAfterSeconds: 1)) {
                try await service.listRoles(type: nil, limit: nil, nextToken: nil)
            }
        }
        #expect(requests.statuses("GET /roles") == [500, 500, 500, 500, 429])
    }

    @Test("POST after a 5xx is an unknown outcome, not retried; nor is a 429 past the policy")
    func postNotRetried() async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        let requests = RequestLog()
        try await sandbox.withClient(
            apiKey: owner.apiKey, faults: try FaultPlan(parsing: "seq:500/429"), requests: requests,
            retry: RetryPolicy(maxAttempts: 4, maxRetryAfter: .zero), retryClock: ImmediateClock()
        ) { service in
            await #expect(
                throws: KeyServiceError.createOutcomeUnknown(
                    reason: "the server answered HTTP 500: injected fault 500")
            ) {
                try await service.createKey(Self.createRequest)
            }
            await #expect(throws: KeyServiceError.rateLimited(retryAfterSeconds: 1)) {
                try await service.createKey(Self.createRequest)
            }
        }
        #expect(requests.statuses("POST /api-keys") == [500, 429])
        #expect(try await sandbox.store.listAllKeys().count == 13)
    }

    @Test("a DELETE whose answer was lost, then 404 on the retry, counts as revoked")
    func deleteAnswerLost() async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        let victim = try await sandbox.issue(RoleID.viewer)
        let requests = RequestLog()
        try await sandbox.withClient(
            apiKey: owner.apiKey, faults: try FaultPlan(parsing: "seq:lose"), requests: requests
        ) { service in
            try await service.revokeKey(id: victim.keyInfo.keyId)
        }
        #expect(requests.statuses("DELETE /api-keys") == [0, 404])
        #expect(
            try await !sandbox.store.listAllKeys().contains { $0.keyId == victim.keyInfo.keyId })
    }

    @Test("a create whose answer never comes says its outcome is unknown, and is not retried")
    func createOutcomeUnknown() async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        let requests = RequestLog()
        // The second answer waits on a test clock until the client has given up on it. The
        // client waits 3 s: long enough for the request to reach a loaded server (with 250 ms
        // it sometimes did not, and the server never saw it), and the server answers only
        // when the test says.
        let delays = TestClock<Duration>()
        try await sandbox.withClient(
            apiKey: owner.apiKey, faults: try FaultPlan(parsing: "seq:lose/delay=1s"),
            requests: requests, requestTimeout: .seconds(3), delayClock: delays
        ) { service in
            for _ in 0..<2 {
                do throws(KeyServiceError) {
                    _ = try await service.createKey(Self.createRequest)
                    Issue.record("expected the outcome to be unknown")
                } catch {
                    guard case .createOutcomeUnknown = error else {
                        Issue.record("expected createOutcomeUnknown, got \(error)")
                        continue
                    }
                    #expect(error.description.contains("Refresh the list"))
                }
            }
            // Once the server sleeps on the delay (it may lag the client's timeout under load),
            // let it answer, and wait for that answer. A request that never reached the server
            // would leave nothing to wait for: give up after 10 s, and the check below fails.
            let giveUp = ContinuousClock.now.advanced(by: .seconds(10))
            var asleep = false
            while !asleep, ContinuousClock.now < giveUp {
                asleep = (try? await delays.checkSuspension()) == nil
                await Task.yield()
            }
            #expect(asleep, "the server never slept on the delay")
            guard asleep else { return }
            await delays.advance(by: .seconds(1))
            await requests.wait(for: "POST /api-keys", count: 2)
        }
        #expect(requests.statuses("POST /api-keys") == [0, 200])
        // The lost answer's key was created: exactly why the caller must re-list.
        #expect(
            try await sandbox.store.listAllKeys().filter { $0.description == "made by a test" }
                .count >= 1)
    }

    @Test("no server listening is a network error, and a create is known not to have happened")
    func connectionRefused() async throws {
        let sandbox = try await SandboxFixture.make()
        let closedURL = try await sandbox.withServer { url in url }
        let configuration = MomentoKeyService.Configuration(
            baseURL: closedURL, apiKey: Secret(TestTokens.v2Key()), retry: .none)
        try await MomentoKeyService.withService(configuration) { service in
            await #expect(
                throws: KeyServiceError.network(host: "127.0.0.1", reason: "connection refused")
            ) {
                try await service.listKeys(limit: 1, nextToken: nil)
            }
            await #expect(
                throws: KeyServiceError.network(host: "127.0.0.1", reason: "connection refused")
            ) {
                try await service.createKey(Self.createRequest)
            }
        }
    }

    @Test(
        "a host that cannot be resolved is a network error naming it, and a create is known not to have happened"
    )
    func hostNotResolved() async throws {
        // .invalid never resolves (RFC 6761).
        let configuration = MomentoKeyService.Configuration(
            baseURL: URL(string: "https://keys.example.invalid")!,
            apiKey: Secret(TestTokens.v2Key()), retry: .none)
        try await MomentoKeyService.withService(configuration) { service in
            for create in [false, true] {
                do {
                    if create {
                        _ = try await service.createKey(Self.createRequest)
                    } else {
                        _ = try await service.listKeys(limit: 1, nextToken: nil)
                    }
                    Issue.record("no error")
                } catch {
                    guard case .network(let host, let reason)? = error as? KeyServiceError else {
                        Issue.record("expected a network error, got \(error)")
                        continue
                    }
                    #expect(host == "keys.example.invalid")
                    #expect(reason == "the host could not be resolved or connected to")
                }
            }
        }
    }

    @Test("neither the key, the created plaintext nor the Authorization header reaches the log")
    func logsStayClean() async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        var handler = InMemoryLogHandler()
        handler.logLevel = .trace
        let logs = handler
        let plaintext = try await sandbox.withClient(
            apiKey: owner.apiKey, faults: try FaultPlan(parsing: "seq:503"),
            logger: Logger(label: "test") { _ in logs }
        ) { service in
            _ = try await service.listAllKeys()
            let created = try await service.createKey(Self.createRequest)
            try await service.revokeKey(id: created.keyInfo.keyId)
            return created.apiKey.exposedValue
        }
        #expect(!logs.entries.isEmpty)
        for line in logs.entries.map({ "\($0.level) \($0.message) \($0.metadata)" }) {
            #expect(!line.contains(owner.apiKey.exposedValue))
            #expect(!line.contains(plaintext))
            #expect(!line.lowercased().contains("authorization"))
        }
    }
}
