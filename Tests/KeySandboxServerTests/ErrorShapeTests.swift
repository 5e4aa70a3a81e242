import Foundation
import KeySandbox
import KeySandboxServer
import MomentoKeys
import PropertyBased
import TestSupport
import Testing

@testable import KeySandboxServer

/// Every error `serve` answers is Momento's `{"code","message"}` JSON with the right status,
/// whatever the request: unknown routes and methods, oversized headers and bodies, bodies
/// that never end, and random request bodies.
@Suite("keyconsole serve: every error in Momento's shape", .timeLimit(.minutes(2)))
struct ErrorShapeTests {
    /// The answer's body as Momento's error body, if it is one (both fields non-empty).
    static func errorBody(_ text: String) -> ErrorBody? {
        guard let body = try? JSONDecoder().decode(ErrorBody.self, from: Data(text.utf8)),
            !body.code.isEmpty, !body.message.isEmpty
        else { return nil }
        return body
    }

    static func port(_ url: URL) throws -> Int { try #require(url.port) }

    /// A raw request: the request line, the headers and an optional body, as bytes.
    static func request(
        _ line: String, headers: [(String, String)] = [], body: String? = nil,
        extra: [UInt8] = []
    ) -> [UInt8] {
        var text = line + "\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + (body ?? "")
        return Array(text.utf8) + extra
    }

    @Test("routes and methods that are not the API's: 404 and 405 as JSON, with or without a key")
    func routes() async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        try await sandbox.withServer { url in
            let port = try Self.port(url)
            for auth in [[], [("Authorization", owner.apiKey.exposedValue)]] {
                for (line, status, allow) in [
                    ("GET /nope HTTP/1.1", 404, nil),
                    ("GET /api-keys/../roles HTTP/1.1", 404, nil),
                    ("DELETE /api-keys/a/b HTTP/1.1", 404, nil),
                    ("DELETE /api-keys/ HTTP/1.1", 404, nil),
                    ("DELETE /api-keys/%2e%2e HTTP/1.1", 404, nil),
                    ("GET / HTTP/1.1", 404, nil),
                    ("PUT /api-keys HTTP/1.1", 405, "GET, POST"),
                    ("OPTIONS /api-keys HTTP/1.1", 405, "GET, POST"),
                    ("POST /roles HTTP/1.1", 405, "GET"),
                    ("GET /api-keys/abc HTTP/1.1", 405, "DELETE"),
                ] as [(String, Int, String?)] {
                    let answer = try await RawSocket.exchange(
                        port: port, Self.request(line, headers: auth + [("Connection", "close")]))
                    #expect(answer.status == status, "\(line)")
                    #expect(answer.text.contains("Content-Type: application/json"), "\(line)")
                    let body = Self.errorBody(answer.body)
                    #expect(body != nil, "\(line): \(answer.body)")
                    #expect(body?.code == (status == 404 ? "not_found" : "method_not_allowed"))
                    if let allow { #expect(answer.text.contains("Allow: \(allow)"), "\(line)") }
                }
            }
            // The routes themselves still answer.
            let listed = try await RawHTTP.send(
                "GET", url.absoluteString + "/api-keys?limit=1",
                headers: [("Authorization", owner.apiKey.exposedValue)])
            #expect(listed.status == 200)
        }
    }

    @Test("headers of 100 KB or 1 MB, 20,000 headers, a 100 KB id: 431 as JSON, then closed")
    func oversizedHeaders() async throws {
        let sandbox = try await SandboxFixture.make()
        try await sandbox.withServer { url in
            let port = try Self.port(url)
            let big = String(repeating: "a", count: 100 * 1024)
            let cases: [(String, [UInt8])] = [
                (
                    "100 KB header",
                    Self.request("GET /api-keys HTTP/1.1", headers: [("X-Big", big)])
                ),
                (
                    "1 MB header",
                    Self.request(
                        "GET /api-keys HTTP/1.1",
                        headers: [("X-Big", String(repeating: "b", count: 1 << 20))])
                ),
                (
                    "20,000 headers",
                    Self.request(
                        "GET /api-keys HTTP/1.1", headers: (0..<20000).map { ("X-H\($0)", "v") })
                ),
                ("100 KB id", Self.request("DELETE /api-keys/\(big) HTTP/1.1")),
            ]
            for (name, bytes) in cases {
                let answer = try await RawSocket.exchange(port: port, bytes)
                #expect(answer.status == 431, "\(name): \(answer.text.prefix(200))")
                #expect(
                    Self.errorBody(answer.body)?.code == "request_header_fields_too_large",
                    "\(name)")
                #expect(answer.closedByServer, "\(name): the connection is closed")
            }
        }
    }

    @Test("an 8 MB header gets 431 and a closed connection, not a server that stops reading")
    func eightMegabyteHeader() async throws {
        let sandbox = try await SandboxFixture.make()
        try await sandbox.withServer { url in
            let bytes = Self.request(
                "GET /api-keys HTTP/1.1",
                headers: [("X-Huge", String(repeating: "c", count: 8 << 20))])
            let answer = try await RawSocket.exchange(port: try Self.port(url), bytes)
            #expect(answer.status == 431)
            #expect(Self.errorBody(answer.body)?.code == "request_header_fields_too_large")
            #expect(answer.closedByServer)
        }
    }

    @Test("a body over 1 MB gets 413, by Content-Length or as it arrives; a stalled body 408")
    func bodies() async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        let auth = ("Authorization", owner.apiKey.exposedValue)
        // The default body timeout (10 s) while a megabyte arrives, so a loaded machine
        // cannot turn the 413 into a 408.
        try await sandbox.withServer { url in
            let port = try Self.port(url)
            let large = String(repeating: " ", count: (1 << 20) + 10)
            let byLength = try await RawSocket.exchange(
                port: port, Self.request("POST /api-keys HTTP/1.1", headers: [auth], body: large))
            #expect(byLength.status == 413)
            #expect(Self.errorBody(byLength.body)?.code == "payload_too_large")
            // Chunked, with no length to judge by: refused once 1 MB has arrived.
            var chunked = Array(
                "POST /api-keys HTTP/1.1\r\nHost: x\r\nAuthorization: \(auth.1)\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .utf8)
            for _ in 0..<20 {
                chunked +=
                    Array("10000\r\n".utf8) + [UInt8](repeating: 32, count: 0x10000)
                    + Array("\r\n".utf8)
            }
            let asItArrives = try await RawSocket.exchange(port: port, chunked)
            #expect(asItArrives.status == 413)
            #expect(Self.errorBody(asItArrives.body)?.code == "payload_too_large")
        }
        try await sandbox.withServer(bodyTimeout: .milliseconds(300)) { url in
            let port = try Self.port(url)
            // A body that says 1000 bytes and sends 10: 408 once the timeout passes, then closed.
            let stalled = Array(
                "POST /api-keys HTTP/1.1\r\nHost: x\r\nAuthorization: \(auth.1)\r\nContent-Length: 1000\r\n\r\n{\"role_id\""
                    .utf8)
            let started = ContinuousClock.now
            let answer = try await RawSocket.exchange(port: port, stalled, timeout: .seconds(8))
            #expect(answer.status == 408)
            #expect(Self.errorBody(answer.body)?.code == "request_timeout")
            #expect(answer.closedByServer)
            #expect(ContinuousClock.now - started < .seconds(7), "closed within the linger")
        }
    }

    @Test(
        "a request head that trickles gets 408 and the connection closes; past the limit of open connections (512 by default), new ones are closed at once"
    )
    func slowHeadsAndTooManyConnections() async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        // Both ends of every connection are in this process: room for them.
        var files = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &files)
        files.rlim_cur = min(files.rlim_max, max(files.rlim_cur, 4096))
        setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &files)
        try await sandbox.withServer(headTimeout: .milliseconds(500)) { url in
            let port = try Self.port(url)
            let started = ContinuousClock.now
            let trickled = try await RawSocket.exchange(
                port: port, Array("GET /api-keys HTTP/1.1\r\nHost: x\r\n".utf8),
                timeout: .seconds(8))
            #expect(trickled.status == 408)
            #expect(Self.errorBody(trickled.body)?.code == "request_timeout")
            #expect(trickled.closedByServer)
            #expect(ContinuousClock.now - started < .seconds(7))
        }
        // serve's limit is 512; the test holds 64 (the same code, an eighth of the load on a
        // machine that runs the other suites at once). Long enough a head timeout that no
        // connection held here ends by it meanwhile.
        #expect(SandboxServer.Options().maxConnections == 512)
        try await sandbox.withServer(headTimeout: .seconds(300), maxConnections: 64) { url in
            let port = try Self.port(url)
            // Connections the server takes (each has an answer, and stays open), until one is
            // closed unanswered: that happens at 64 open (the test's own client may hold one).
            let taken = await RawSocket.holdUntilRefused(
                port: port, Array("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n".utf8), most: 100)
            var held = taken.held
            defer { for fd in held { close(fd) } }
            let refusal = try #require(taken.refusedAt, "100 connections were all taken")
            #expect((63...64).contains(refusal), "refused at \(refusal)")
            // Any further one too, at once and unanswered.
            let refused = try await RawSocket.exchange(
                port: port,
                Array(
                    "GET /api-keys HTTP/1.1\r\nHost: x\r\nAuthorization: \(owner.apiKey.exposedValue)\r\n\r\n"
                        .utf8),
                timeout: .seconds(5))
            #expect(refused.closedByServer && refused.bytes.isEmpty, "\(refused.text)")
            for fd in held { close(fd) }
            held = []
            // Once they have gone, serve answers again.
            var answered: Int?
            // (A connection reset while the closes reach the server is one more try.)
            for _ in 0..<50 where answered != 200 {
                let after = try? await RawHTTP.send(
                    "GET", url.absoluteString + "/api-keys?limit=1",
                    headers: [("Authorization", owner.apiKey.exposedValue)])
                answered = after?.status
                if answered != 200 { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(answered == 200)
        }
    }

    @Test(
        "random request bodies to POST /api-keys: a 200, or an error in Momento's shape; serve lives on"
    )
    func randomBodies() async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        let valid =
            #"{"role_id": "r-viewer", "description": "fuzz", "expiry": 4102444800, "exclude_refresh_token": true}"#
        try await sandbox.withServer { url in
            await propertyCheck(count: 150, input: Gen.int(in: 0...Int(Int32.max))) { seed in
                let (kind, bytes) = WireMutator.mutate(valid, seed: UInt64(seed))
                let answer = try await RawSocket.exchange(
                    port: try Self.port(url),
                    Self.request(
                        "POST /api-keys HTTP/1.1",
                        headers: [
                            ("Authorization", owner.apiKey.exposedValue),
                            ("Content-Type", "application/json"),
                            ("Content-Length", "\(bytes.count)"), ("Connection", "close"),
                        ], extra: bytes))
                let status = try #require(answer.status, "seed \(seed) (\(kind)): no answer")
                if status == 200 {
                    let created = try JSONDecoder().decode(
                        CreatedKey.self, from: Data(answer.body.utf8))
                    #expect(created.keyInfo.roleId == RoleID.viewer)
                } else {
                    #expect([400, 404, 413].contains(status), "seed \(seed) (\(kind)): \(status)")
                    #expect(
                        Self.errorBody(answer.body) != nil, "seed \(seed) (\(kind)): \(answer.body)"
                    )
                }
            }
            let after = try await RawHTTP.send(
                "GET", url.absoluteString + "/api-keys?limit=1",
                headers: [("Authorization", owner.apiKey.exposedValue)])
            #expect(after.status == 200, "serve still answers")
        }
    }
}
