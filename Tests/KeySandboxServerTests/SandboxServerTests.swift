import Clocks
import Foundation
import KeySandbox
import KeySandboxServer
import MomentoKeys
import Synchronization
import TestSupport
import Testing

@testable import KeySandboxServer

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
            let giveUp = ContinuousClock.now.advanced(by: .seconds(30))
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
            await sandbox.clock.advance(by: .seconds(1))
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

    @Test("loopback is judged by the resolved addresses, never by the host's text")
    func loopback() throws {
        for address in ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1", "0:0:0:0:0:0:0:1"] {
            #expect(ServeAddress.isLoopback(address: address), "\(address)")
        }
        for address in [
            "0.0.0.0", "192.168.1.10", "::", "::2", "::ffff:10.0.0.1", "128.0.0.1", "localhost",
            "127.evil", "127.0.0.1x", "",
        ] {
            #expect(!ServeAddress.isLoopback(address: address), "\(address)")
        }
        // A resolver that answers as DNS might (this machine has none).
        let dns: [String: [String]] = [
            "127.evil": ["203.0.113.7"], "127.0.0.1.nip.io": ["127.0.0.1"],
            "localhost": ["::1", "127.0.0.1"], "mixed.example": ["127.0.0.1", "198.51.100.2"],
            "127.0.0.1": ["127.0.0.1"], "::1": ["::1"],
        ]
        let resolve = { (host: String) throws(ServeAddress.Failure) -> [String] in
            guard let found = dns[host] else {
                throw .unresolved(host: host, reason: "Name or service not known")
            }
            return found
        }
        #expect(
            try ServeAddress(host: "127.0.0.1", allowRemote: false, resolve: resolve).address
                == "127.0.0.1")
        #expect(
            try ServeAddress(host: "localhost", allowRemote: false, resolve: resolve).address
                == "::1")
        #expect(
            try ServeAddress(host: "[::1]", allowRemote: false, resolve: resolve).address == "::1")
        #expect(
            try ServeAddress(host: "127.0.0.1.nip.io", allowRemote: false, resolve: resolve).address
                == "127.0.0.1", "bound by the address it resolved to, not looked up again")
        #expect(
            throws: ServeAddress.Failure.notLoopback(host: "127.evil", addresses: ["203.0.113.7"])
        ) {
            try ServeAddress(host: "127.evil", allowRemote: false, resolve: resolve)
        }
        #expect(
            throws: ServeAddress.Failure.notLoopback(
                host: "mixed.example", addresses: ["198.51.100.2"]),
            "every address must be loopback"
        ) {
            try ServeAddress(host: "mixed.example", allowRemote: false, resolve: resolve)
        }
        #expect(
            throws: ServeAddress.Failure.unresolved(
                host: "127.0.0.1x", reason: "Name or service not known")
        ) {
            try ServeAddress(host: "127.0.0.1x", allowRemote: false, resolve: resolve)
        }
        #expect(
            try ServeAddress(host: "127.evil", allowRemote: true, resolve: resolve).address
                == "203.0.113.7")
        // The system resolver reads numeric addresses without DNS.
        #expect(try ServeAddress.systemResolve("127.0.0.1") == ["127.0.0.1"])
        #expect(try ServeAddress.systemResolve("::1") == ["::1"])
    }
}
