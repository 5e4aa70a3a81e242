import Foundation
import Hummingbird
import HummingbirdTesting

/// A key API on loopback that misbehaves as `keyconsole serve` never does, for the tests that
/// drive the real binary against it.
public enum HostileKeyAPI {
    /// How the list misbehaves.
    public enum Mode: Sendable {
        /// Pages of 100 new keys, each with a new `next_token`, forever, each after `delay`.
        case endless(delay: Duration)
        /// Pages of 100 new keys that always give the same `next_token`.
        case sameToken
        /// One key whose id holds the end of a bracketed paste and a shell command.
        case hostileId
    }

    /// Serves `mode` on 127.0.0.1 while `body` runs with the server's base URL.
    public static func serve(
        _ mode: Mode, _ body: @Sendable (String) async throws -> Void
    ) async throws {
        let router = Router()
        router.get("/api-keys") { _, _ in
            if case .hostileId = mode {
                return json(
                    #"{"key_info":[{"key_id":"abc\u001b[201~touch /tmp/kc-pasted\r","account_id":"a","description":"hostile","role_id":"r-viewer","issued_at_epoch_seconds":1700000000}]}"#
                )
            }
            let token: String
            switch mode {
            case .endless(let delay):
                try await Task.sleep(for: delay)
                token = UUID().uuidString
            case .sameToken, .hostileId:
                token = "same"
            }
            let keys = (0..<100).map { _ in
                #"{"key_id":"\#(UUID().uuidString.lowercased())","account_id":"a","description":"hostile","role_id":"r-viewer","issued_at_epoch_seconds":1700000000}"#
            }
            return json(#"{"key_info":[\#(keys.joined(separator: ","))],"next_token":"\#(token)"}"#)
        }
        router.get("/roles") { _, _ in json(#"{"roles":[]}"#) }
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            guard let port = client.port else { return }
            try await body("http://127.0.0.1:\(port)")
        }
    }

    private static func json(_ text: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
