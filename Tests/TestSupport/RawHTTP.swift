import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Sends hand-made requests, for checking exactly what a server answers.
public enum RawHTTP {
    /// An answer: status, headers and body text.
    public struct Answer: Sendable {
        public let status: Int
        public let headers: [(String, String)]
        public let body: String

        /// The first value of a header.
        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    /// Sends one request with `HTTPClient.shared`.
    public static func send(
        _ method: String, _ url: String, headers: [(String, String)] = [], body: String? = nil
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 1 << 24)
        return Answer(
            status: Int(response.status.code),
            headers: response.headers.map { ($0.name, $0.value) },
            body: String(buffer: buffer))
    }
}
