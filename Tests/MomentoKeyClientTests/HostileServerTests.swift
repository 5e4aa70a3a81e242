import Foundation
import Hummingbird
import HummingbirdTesting
import MomentoKeys
import TestSupport
import Testing

@testable import MomentoKeyClient

/// The HTTP client against a server that misbehaves in ways `keyconsole serve` never does: it
/// must end, say what happened, and never crash.
@Suite("HTTP client against a misbehaving server")
struct HostileServerTests {
    /// Runs `body` with a client of a server built from `routes`.
    func withServer(
        routes: (Router<BasicRequestContext>) -> Void,
        body: @Sendable (MomentoKeyService) async throws -> Void
    ) async throws {
        let router = Router()
        routes(router)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let configuration = MomentoKeyService.Configuration(
                baseURL: URL(string: "http://127.0.0.1:\(port)")!, apiKey: Secret("k"),
                retry: .none)
            try await MomentoKeyService.withService(configuration) { service in
                try await body(service)
            }
        }
    }

    static func json(_ status: HTTPResponse.Status, _ text: String, headers: HTTPFields = [:])
        -> Response
    {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(
            status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    @Test("a redirect (301, 302, 307, 308) is an error naming its Location; it is never followed")
    func redirectIsRefused() async throws {
        for status: HTTPResponse.Status in [
            .movedPermanently, .found, .temporaryRedirect, .permanentRedirect,
        ] {
            try await withServer(
                routes: { router in
                    router.get("/api-keys") { _, _ in
                        Response(
                            status: status,
                            headers: [.location: "http://127.0.0.1:9/elsewhere\u{1B}[31m"])
                    }
                },
                body: { service in
                    do throws(KeyServiceError) {
                        _ = try await service.listKeys(limit: 10, nextToken: nil)
                        Issue.record("a \(status.code) was taken as the account's list")
                    } catch {
                        #expect(error.description.contains("HTTP \(status.code)"), "\(error)")
                        #expect(
                            error.description.contains(
                                "a redirect to http://127.0.0.1:9/elsewhere"),
                            "\(error)")
                        #expect(!error.description.contains("\u{1B}"))
                    }
                })
        }
    }

    @Test("a next_token given twice ends the list with an error instead of paging forever")
    func repeatedToken() async throws {
        try await withServer(
            routes: { router in
                router.get("/api-keys") { _, _ in
                    Self.json(.ok, #"{"key_info": [], "next_token": "same"}"#)
                }
                router.get("/roles") { _, _ in
                    Self.json(.ok, #"{"roles": [], "next_token": "again"}"#)
                }
            },
            body: { service in
                await #expect(throws: KeyServiceError.self) { try await service.listAllKeys() }
                do throws(KeyServiceError) {
                    _ = try await service.allRoles()
                    Issue.record("expected the repeated roles token to be refused")
                } catch {
                    #expect(error.description.contains("same next_token twice"))
                }
            })
    }

    @Test("a server that hands out a new token forever is paged only up to the limit")
    func endlessTokens() async throws {
        try await withServer(
            routes: { router in
                router.get("/api-keys") { _, _ in
                    Self.json(.ok, #"{"key_info": [], "next_token": "\#(UUID().uuidString)"}"#)
                }
            },
            body: { service in
                var pages = service.allKeys(pageSize: 100, maxPages: 5).makeAsyncIterator()
                var count = 0
                do throws(KeyServiceError) {
                    while try await pages.next() != nil { count += 1 }
                    Issue.record("expected the list to end with an error")
                } catch {
                    #expect(error.description.contains("after 5 pages"))
                }
                #expect(count == 4)
            })
    }

    /// A key of a page, as JSON.
    static func keyJSON(_ id: String, description: String = "d") -> String {
        #"{"key_id":"\#(id)","account_id":"a","description":"\#(description)","role_id":"r-viewer","issued_at_epoch_seconds":1700000000}"#
    }

    @Test(
        "tokens that cycle (A, B, A) end the list with an error; more keys than the bound end it too"
    )
    func cyclesAndBound() async throws {
        try await withServer(
            routes: { router in
                router.get("/api-keys") { request, _ in
                    let token = request.uri.queryParameters["next_token"].map(String.init)
                    let next = token == "A" ? "B" : "A"
                    return Self.json(
                        .ok,
                        #"{"key_info": [\#(Self.keyJSON(UUID().uuidString))], "next_token": "\#(next)"}"#
                    )
                }
            },
            body: { service in
                do throws(KeyServiceError) {
                    _ = try await service.listAllKeys()
                    Issue.record("a cycle of tokens was paged forever")
                } catch {
                    #expect(error.description.contains("same next_token twice"), "\(error)")
                }
            })
        try await withServer(
            routes: { router in
                router.get("/api-keys") { _, _ in
                    let keys = (0..<100).map { _ in Self.keyJSON(UUID().uuidString) }
                    return Self.json(
                        .ok,
                        #"{"key_info": [\#(keys.joined(separator: ","))], "next_token": "\#(UUID().uuidString)"}"#
                    )
                }
            },
            body: { service in
                var pages = service.allKeys(pageSize: 100, maxKeys: 250).makeAsyncIterator()
                var count = 0
                do throws(KeyServiceError) {
                    while let page = try await pages.next() { count += page.count }
                    Issue.record("an endless list was taken")
                } catch {
                    #expect(error.description.contains("more than 250 keys"), "\(error)")
                    #expect(error.description.contains("--max-keys"))
                }
                #expect(count == 200)
                // The bound in force for a task, as --max-keys sets it.
                await KeyPages.$maxKeys.withValue(150) {
                    do throws(KeyServiceError) {
                        _ = try await service.listAllKeys()
                        Issue.record("an endless list was taken")
                    } catch {
                        #expect(error.description.contains("more than 150 keys"), "\(error)")
                    }
                }
            })
    }

    @Test("a key id listed on two pages is kept once, with a warning; a long description is cut")
    func duplicatesAndLongText() async throws {
        let long = String(repeating: "x", count: 20_000)
        try await withServer(
            routes: { router in
                router.get("/api-keys") { request, _ in
                    if request.uri.queryParameters["next_token"] == nil {
                        return Self.json(
                            .ok,
                            #"{"key_info": [\#(Self.keyJSON("k1")), \#(Self.keyJSON("k2", description: long))], "next_token": "t"}"#
                        )
                    }
                    return Self.json(
                        .ok, #"{"key_info": [\#(Self.keyJSON("k2")), \#(Self.keyJSON("k3"))]}"#)
                }
            },
            body: { service in
                var warnings: [String] = []
                let keys = try await service.listAllKeys(warn: { warnings.append($0) })
                #expect(keys.map(\.keyId) == ["k1", "k2", "k3"])
                #expect(warnings == ["The API listed 1 key more than once; each is shown once."])
                let cut = try #require(keys.first { $0.keyId == "k2" }).description
                #expect(cut.unicodeScalars.count == ApiKeyInfo.descriptionLimit)
                #expect(cut.hasSuffix("\u{2026}") && cut.hasPrefix("xxxx"))
            })
    }

    @Test("any 2xx to a revoke is success; a negative Retry-After is not repeated to the user")
    func statuses() async throws {
        try await withServer(
            routes: { router in
                router.delete("/api-keys/{id}") { _, _ in Response(status: .noContent) }
                router.get("/api-keys") { _, _ in
                    Self.json(
                        .tooManyRequests, #"{"code":"x","message":"slow"}"#,
                        headers: [.retryAfter: "-5"])
                }
            },
            body: { service in
                try await service.revokeKey(id: "k1")
                do throws(KeyServiceError) {
                    _ = try await service.listKeys(limit: 10, nextToken: nil)
                    Issue.record("expected a 429")
                } catch {
                    #expect(error == .rateLimited(retryAfterSeconds: nil))
                }
            })
    }

    @Test("a create answered 500, or 200 with a body that cannot be read, has an unknown outcome")
    func createOutcomes() async throws {
        let request = CreateKeyRequest(roleId: RoleID.viewer, description: "x", expiry: .never)
        for answer in [
            Self.json(.internalServerError, #"{"code":"internal","message":"boom"}"#),
            Self.json(.ok, "<html>proxy says hi</html>"),
        ] {
            try await withServer(
                routes: { router in
                    router.post("/api-keys") { _, _ in answer }
                },
                body: { service in
                    do throws(KeyServiceError) {
                        _ = try await service.createKey(request)
                        Issue.record("expected the outcome to be unknown")
                    } catch {
                        guard case .createOutcomeUnknown = error else {
                            Issue.record("expected createOutcomeUnknown, got \(error)")
                            return
                        }
                        #expect(error.description.contains("may or may not exist"))
                    }
                })
        }
    }

    @Test("a created key that is not a bare v2 JWT for that id is refused, never written on")
    func malformedCreatedKey() async throws {
        let request = CreateKeyRequest(roleId: RoleID.viewer, description: "x", expiry: .never)
        let info =
            #"{"key_id": "k1", "account_id": "a", "description": "x", "role_id": "r-viewer", "issued_at_epoch_seconds": 1}"#
        for key in [
            TestTokens.v2Key(id: "k1") + "\nLD_PRELOAD=/tmp/evil.so", "",
            TestTokens.v2Key(id: "other"), "\u{1B}]52;c;aGk=\u{07}",
        ] {
            let body = String(
                decoding: try JSONEncoder().encode(["api_key": key]), as: UTF8.self)
            let answer = Self.json(.ok, String(body.dropLast()) + #", "key_info": \#(info)}"#)
            try await withServer(
                routes: { router in router.post("/api-keys") { _, _ in answer } },
                body: { service in
                    do throws(KeyServiceError) {
                        _ = try await service.createKey(request)
                        Issue.record("expected \(key.debugDescription) to be refused")
                    } catch {
                        #expect(error.description.contains("k1 came back malformed"))
                        #expect(!error.description.contains("LD_PRELOAD"))
                    }
                })
        }
    }
}
