import Foundation
import Hummingbird
import HummingbirdTesting
import MomentoKeys
import PropertyBased
import Synchronization
import TestSupport
import Testing

@testable import MomentoKeyClient

/// Seeded random answers for every body the client decodes (list pages, create answers,
/// roles, error bodies): truncated, not JSON, the wrong shape, nested deep, huge, never
/// finishing. The client never crashes or hangs: it returns what it could read, or a
/// ``KeyServiceError`` that says what went wrong, within its timeout.
@Suite("HTTP client on random answers", .timeLimit(.minutes(2)))
struct WirePropertyTests {
    /// What the server answers next: a status and a body.
    final class Script: Sendable {
        private let next = Mutex<(HTTPResponse.Status, [UInt8])>((.ok, []))
        func set(_ status: HTTPResponse.Status, _ bytes: [UInt8]) {
            next.withLock { $0 = (status, bytes) }
        }
        var answer: Response {
            let (status, bytes) = next.withLock { $0 }
            return Response(
                status: status, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    /// Runs `body` with a client of a server that answers every route from `script`.
    static func withServer(
        requestTimeout: Duration = .seconds(5),
        _ body: @Sendable (MomentoKeyService, Script) async throws -> Void
    ) async throws {
        let script = Script()
        let router = Router()
        router.get("/api-keys") { _, _ in script.answer }
        router.post("/api-keys") { _, _ in script.answer }
        router.delete("/api-keys/{id}") { _, _ in script.answer }
        router.get("/roles") { _, _ in script.answer }
        router.get("/slow") { _, _ in Response(status: .ok) }
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let configuration = MomentoKeyService.Configuration(
                baseURL: URL(string: "http://127.0.0.1:\(port)")!, apiKey: Secret("k"),
                requestTimeout: requestTimeout, retry: .none)
            try await MomentoKeyService.withService(configuration) { service in
                try await body(service, script)
            }
        }
    }

    static let info =
        #"{"key_id": "k1", "account_id": "a", "description": "d", "role_id": "r-viewer", "issued_at_epoch_seconds": 1, "expires_at_epoch_seconds": 2}"#
    /// A valid body of each kind the client reads.
    static let valid: [(name: String, body: String)] = [
        ("list page", #"{"key_info": [\#(info)], "next_token": "t"}"#),
        ("create answer", #"{"api_key": "\#(TestTokens.v2Key(id: "k1"))", "key_info": \#(info)}"#),
        (
            "roles page",
            #"{"roles": [{"role_id": "r-1", "role_name": "n", "role_type": "custom"}]}"#
        ),
        ("error body", #"{"code": "bad_request", "message": "no"}"#),
        ("revoke answer", "{}"),
    ]

    @Test("every body the client decodes, mutated by seed: a value or a clear error, never a crash")
    func randomAnswers() async throws {
        try await Self.withServer { service, script in
            await propertyCheck(
                count: 200, input: Gen.int(in: 0...(Self.valid.count - 1)),
                Gen.int(in: 0...Int(Int32.max))
            ) { which, seed in
                let (name, valid) = Self.valid[which]
                let (kind, bytes) = WireMutator.mutate(valid, seed: UInt64(seed))
                let what = "seed \(seed), \(name), \(kind)"
                let started = ContinuousClock.now
                do throws(KeyServiceError) {
                    switch name {
                    case "list page":
                        script.set(.ok, bytes)
                        _ = try await service.listKeys(limit: 100, nextToken: nil)
                    case "create answer":
                        script.set(.ok, bytes)
                        _ = try await service.createKey(
                            CreateKeyRequest(roleId: "r-viewer", description: "", expiry: .never))
                    case "roles page":
                        script.set(.ok, bytes)
                        _ = try await service.listRoles(type: nil, limit: 10, nextToken: nil)
                    case "error body":
                        script.set(.badRequest, bytes)
                        _ = try await service.listKeys(limit: 100, nextToken: nil)
                        Issue.record("\(what): a 400 was taken for success")
                    default:
                        script.set(.ok, bytes)
                        try await service.revokeKey(id: "k1")
                    }
                    #expect(kind != .notJSON || bytes.isEmpty || name == "revoke answer", "\(what)")
                } catch {
                    #expect(!error.description.isEmpty, "\(what)")
                    if kind == .asIs && name != "error body" { Issue.record("\(what): \(error)") }
                    if name == "error body" {
                        guard case .badRequest = error else {
                            Issue.record("\(what): a 400 read as \(error)")
                            return
                        }
                    }
                }
                #expect(ContinuousClock.now - started < .seconds(5), "\(what): within the timeout")
            }
        }
    }

    @Test("an answer over 10 MB is refused as too large")
    func hugeAnswer() async throws {
        try await Self.withServer { service, script in
            let huge =
                Array(#"{"key_info": [], "next_token": ""#.utf8)
                + [UInt8](repeating: UInt8(ascii: "x"), count: 11 << 20) + Array("\"}".utf8)
            script.set(.ok, huge)
            await #expect(
                throws: KeyServiceError.invalidResponse("the answer is larger than 10 MiB")
            ) {
                try await service.listKeys(limit: 100, nextToken: nil)
            }
        }
    }

    @Test("an answer that never finishes ends with a timeout, within the request timeout")
    func neverFinishing() async throws {
        // The body is held open until the client has given up (then the test lets it end).
        let (held, release) = AsyncStream<Void>.makeStream()
        let router = Router()
        router.get("/api-keys") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init { writer in
                    try await writer.write(ByteBuffer(string: #"{"key_info": ["#))
                    // Does not end until the client has given up on its own.
                    for await _ in held {}
                    try await writer.finish(nil)
                })
        }
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let configuration = MomentoKeyService.Configuration(
                baseURL: URL(string: "http://127.0.0.1:\(port)")!, apiKey: Secret("k"),
                requestTimeout: .seconds(1), retry: .none)
            try await MomentoKeyService.withService(configuration) { service in
                let started = ContinuousClock.now
                await #expect(throws: KeyServiceError.timeout(seconds: 1)) {
                    try await service.listKeys(limit: 100, nextToken: nil)
                }
                // Ended by the timeout, not by the server: well before the 30 s a hang would take.
                #expect(ContinuousClock.now - started < .seconds(10))
                release.finish()
            }
        }
    }
}
