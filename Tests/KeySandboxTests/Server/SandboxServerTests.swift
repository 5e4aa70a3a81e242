import Clocks
import Foundation
import MomentoKeys
import Synchronization
import TestSupport
import Testing

@testable import KeySandbox

@Suite("keyconsole serve: the wire")
struct SandboxServerTests {
    static let unauthorizedBody =
        #"{"code":"unauthorized","message":"Momento API key passed in is either invalid or expired"}"#

    @Test("an injected delay sleeps on the server's clock: a test clock answers without waiting")
    func delayOnInjectedClock() async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        let clock = TestClock<Duration>()
        try await sandbox.withServer(delayClock: clock) { url in
            let finished = Mutex(false)
            let request = Task {
                defer { finished.withLock { $0 = true } }
                return try await RawHTTP.send(
                    "GET", url.absoluteString + "/api-keys",
                    headers: [
                        ("Authorization", owner.apiKey.exposedValue),
                        (FaultPlan.headerName, "delay=3600s"),
                    ]
                ).status
            }
            // Until the handler sleeps on the clock, the clock has no sleeper to report; an
            // answer that came without one ends the wait too (and fails below).
            var asleep = false
            let giveUp = ContinuousClock.now.advanced(by: .seconds(10))
            while !asleep, !finished.withLock({ $0 }), ContinuousClock.now < giveUp {
                asleep = (try? await clock.checkSuspension()) == nil
                await Task.yield()
            }
            #expect(asleep, "the delay did not sleep on the injected clock")
            await clock.advance(by: .seconds(3600))
            let status = try await request.value
            #expect(status == 200)
        }
    }

    @Test("no, wrong, or Bearer-prefixed Authorization: 401 with Momento's body")
    func unauthorized() async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        try await sandbox.withServer { url in
            for headers in [
                [], [("Authorization", "nope")],
                [("Authorization", "Bearer " + owner.apiKey.exposedValue)],
            ] {
                let answer = try await RawHTTP.send(
                    "GET", url.absoluteString + "/api-keys", headers: headers)
                #expect(answer.status == 401)
                #expect(answer.body == Self.unauthorizedBody)
                #expect(answer.header("Content-Type") == "application/json")
            }
        }
    }

    @Test(
        "bad bodies and parameters: 400 with {code, message}",
        arguments: [
            ("POST", "/api-keys", "{bad", "the body is not valid JSON"),
            (
                "POST", "/api-keys", #"{"description":"","expiry":"never"}"#,
                "missing required field role_id"
            ),
            (
                "POST", "/api-keys", #"{"role_id":"r-owner","expiry":"never"}"#,
                "missing required field description"
            ),
            (
                "POST", "/api-keys", #"{"role_id":"r-owner","description":""}"#,
                "missing required field expiry"
            ),
            (
                "POST", "/api-keys", #"{"role_id":"r-owner","description":"","expiry":"soon"}"#,
                #"field expiry: expiry must be "never" or whole epoch seconds"#
            ),
            (
                "POST", "/api-keys", #"{"role_id":"r-owner","description":"","expiry":1.5}"#,
                #"field expiry: expiry must be "never" or whole epoch seconds"#
            ),
            (
                "POST", "/api-keys", #"{"role_id":7,"description":"","expiry":"never"}"#,
                "field role_id has the wrong type"
            ),
            ("GET", "/api-keys?limit=abc", nil, "limit must be between 1 and 100"),
            ("GET", "/api-keys?limit=101", nil, "limit must be between 1 and 100"),
            ("GET", "/roles?type=bogus", nil, "type must be system or custom"),
        ] as [(String, String, String?, String)])
    func badRequests(method: String, path: String, body: String?, message: String) async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        try await sandbox.withServer { url in
            let answer = try await RawHTTP.send(
                method, url.absoluteString + path,
                headers: [
                    ("Authorization", owner.apiKey.exposedValue),
                    ("Content-Type", "application/json"),
                ],
                body: body)
            #expect(answer.status == 400)
            let error = try JSONDecoder().decode(ErrorBody.self, from: Data(answer.body.utf8))
            #expect(error == ErrorBody(code: "bad_request", message: message))
        }
    }

    @Test("revoke answers {} and create leaves out exclude_refresh_token happily")
    func successBodies() async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        try await sandbox.withServer { url in
            let auth = [("Authorization", owner.apiKey.exposedValue)]
            let created = try await RawHTTP.send(
                "POST", url.absoluteString + "/api-keys", headers: auth,
                body: #"{"role_id":"r-viewer","description":"curl","expiry":"never"}"#)
            #expect(created.status == 200)
            let key = try JSONDecoder().decode(CreatedKey.self, from: Data(created.body.utf8))
            #expect(!created.body.contains("refresh_token"))
            #expect(!created.body.contains("expires_at_epoch_seconds"))
            let revoked = try await RawHTTP.send(
                "DELETE", url.absoluteString + "/api-keys/" + key.keyInfo.keyId, headers: auth)
            #expect(revoked.status == 200)
            #expect(revoked.body == "{}")
        }
    }

    @Test("the rate limit answers 429 with Retry-After, and refills with time")
    func rateLimit() async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        let requests = RequestLog()
        try await sandbox.withServer(rateLimit: 5, requests: requests) { url in
            let auth = [("Authorization", owner.apiKey.exposedValue)]
            var statuses: [Int] = []
            var retryAfter: String?
            for _ in 0..<7 {
                let answer = try await RawHTTP.send(
                    "GET", url.absoluteString + "/roles", headers: auth)
                statuses.append(answer.status)
                if answer.status == 429 { retryAfter = answer.header("Retry-After") }
            }
            // The clock stands still, so exactly the burst of 5 goes through.
            #expect(statuses == [200, 200, 200, 200, 200, 429, 429])
            #expect(retryAfter == "1")
            sandbox.clock.advance(by: 1)
            let later = try await RawHTTP.send("GET", url.absoluteString + "/roles", headers: auth)
            #expect(later.status == 200)
        }
    }

    @Test("a fault named in the request header is injected")
    func faultHeader() async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        try await sandbox.withServer { url in
            let auth = ("Authorization", owner.apiKey.exposedValue)
            let failed = try await RawHTTP.send(
                "GET", url.absoluteString + "/roles",
                headers: [auth, (FaultPlan.headerName, "503")])
            #expect(failed.status == 503)
            let limited = try await RawHTTP.send(
                "GET", url.absoluteString + "/roles",
                headers: [auth, (FaultPlan.headerName, "429")])
            #expect(limited.status == 429 && limited.header("Retry-After") == "1")
            await #expect(throws: (any Error).self) {
                try await RawHTTP.send(
                    "GET", url.absoluteString + "/roles",
                    headers: [auth, (FaultPlan.headerName, "drop")])
            }
        }
    }

    @Test("loopback detection")
    func loopback() {
        #expect(SandboxServer.isLoopback("127.0.0.1"))
        #expect(SandboxServer.isLoopback("127.1.2.3"))
        #expect(SandboxServer.isLoopback("::1"))
        #expect(SandboxServer.isLoopback("localhost"))
        #expect(!SandboxServer.isLoopback("0.0.0.0"))
        #expect(!SandboxServer.isLoopback("192.168.1.10"))
    }
}
