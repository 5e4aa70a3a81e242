import AsyncHTTPClient
import Foundation
import Logging
import MomentoKeys
import NIOCore
import NIOHTTP1
import TextKit

/// The key-management HTTP API, exactly as Momento serves it.
///
/// Owns an `HTTPClient`: call ``shutdown()`` when done, or use ``withService(_:logger:_:)``.
/// GET and DELETE are retried on 429, 5xx and connection errors. POST is retried only on 429,
/// which means the key was not created; after a 5xx, a lost or an unreadable answer its outcome
/// is unknown.
/// Neither the `Authorization` header nor any key ever reaches the logger.
public final class MomentoKeyService: KeyService {
    /// How to reach the API.
    public struct Configuration: Sendable {
        /// The key-management base URL (prod, preprod, or a local `keyconsole serve`).
        public var baseURL: URL
        /// The v2 API key sent as `Authorization`.
        public var apiKey: Secret
        /// Time allowed to open a connection.
        public var connectTimeout: Duration
        /// Time allowed for one request, from sending to the last byte of the answer.
        public var requestTimeout: Duration
        /// When GET and DELETE are sent again.
        public var retry: RetryPolicy
        /// The HTTPS proxy, if any.
        public var proxy: ProxySettings?
        /// The `User-Agent` header.
        public var userAgent: String
        /// The clock retries wait on (a test clock in tests).
        public var clock: any Clock<Duration>
        /// The token bucket every request waits on, shared by every client of the process
        /// (`nil`: no pacing).
        public var budget: RequestBudget?
        /// When the whole run must have its answers, with how it was given (`60s
        /// (--timeout)`): no request, retry or wait goes past it (`nil`: no such limit).
        public var deadline: (at: ContinuousClock.Instant, text: String)?

        /// Creates a configuration with the default timeouts (5 s connect, 15 s request).
        public init(
            baseURL: URL, apiKey: Secret, connectTimeout: Duration = .seconds(5),
            requestTimeout: Duration = .seconds(15), retry: RetryPolicy = RetryPolicy(),
            proxy: ProxySettings? = nil, userAgent: String = "keyconsole",
            clock: any Clock<Duration> = ContinuousClock(), budget: RequestBudget? = nil
        ) {
            self.budget = budget
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.retry = retry
            self.proxy = proxy
            self.userAgent = userAgent
            self.clock = clock
        }
    }

    /// The configuration in use.
    public let configuration: Configuration
    private let client: HTTPClient
    private let logger: Logger

    /// Creates the service and its HTTP client.
    public init(configuration: Configuration, logger: Logger = Logger(label: "keyconsole.http")) {
        self.configuration = configuration
        self.logger = logger
        var http = HTTPClient.Configuration()
        http.timeout = .init(connect: .nanoseconds(configuration.connectTimeout.inNanoseconds))
        // Fail a request on the first failed connection attempt instead of retrying until the
        // deadline: our own retry policy decides, and "no network" is reported at once.
        http.connectionPool.retryConnectionEstablishment = false
        // The key API never redirects: an answer from wherever a redirect points is not the
        // account's (and the client would have dropped the key on the way).
        http.redirectConfiguration = .disallow
        if let proxy = configuration.proxy {
            http.proxy = .server(
                host: proxy.host, port: proxy.port,
                authorization: proxy.user.map {
                    .basic(username: $0, password: proxy.password ?? "")
                })
        }
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: http)
    }

    /// Runs `body` with a service that is shut down afterwards, whatever happens.
    public static func withService<Result: Sendable>(
        _ configuration: Configuration, logger: Logger = Logger(label: "keyconsole.http"),
        _ body: (MomentoKeyService) async throws -> Result
    ) async throws -> Result {
        let service = MomentoKeyService(configuration: configuration, logger: logger)
        do {
            let result = try await body(service)
            try await service.shutdown()
            return result
        } catch {
            try? await service.shutdown()
            throw error
        }
    }

    /// Closes the HTTP client's connections.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    // MARK: KeyService

    /// `GET /api-keys?limit=N&next_token=T`.
    public func listKeys(limit: Int, nextToken: String?) async throws(KeyServiceError) -> KeyPage {
        var query = [("limit", String(limit))]
        if let nextToken { query.append(("next_token", nextToken)) }
        let body = try await exchange(.GET, path: "/api-keys", query: query)
        var page = try decode(KeyPage.self, from: body)
        page.keyInfo.shareAccountIds()
        return page
    }

    /// `POST /api-keys`. Retried only after a 429, when nothing was created.
    public func createKey(_ request: CreateKeyRequest) async throws(KeyServiceError) -> CreatedKey {
        let payload: Data
        do {
            payload = try JSONEncoder().encode(request)
        } catch {
            throw .invalidResponse("the request could not be encoded")
        }
        let body = try await exchange(.POST, path: "/api-keys", body: payload)
        let created: CreatedKey
        do {
            created = try decode(CreatedKey.self, from: body)
        } catch {
            // The server said yes but what it sent cannot be read: the key may well exist.
            throw .createOutcomeUnknown(reason: "the answer could not be read")
        }
        // The plaintext goes into env files and credentials profiles: it must be a JWT and
        // nothing else (no line break could add a variable or a profile), naming this key.
        let key = created.apiKey.exposedValue
        let jwtCharacters = key.utf8.allSatisfy {
            (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)
                || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
        }
        guard jwtCharacters, let decoded = try? KeyDecoder.decode(key), decoded.kind == .v2ApiKey,
            decoded.keyId == created.keyInfo.keyId
        else {
            throw .invalidResponse(
                "the new key \(created.keyInfo.keyId) came back malformed and was not shown;"
                    + " revoke it")
        }
        return created
    }

    /// `DELETE /api-keys/{key_id}`. A 404 after a retry counts as revoked.
    public func revokeKey(id: String) async throws(KeyServiceError) {
        let segment =
            id.addingPercentEncoding(withAllowedCharacters: Self.pathSegmentCharacters) ?? id
        _ = try await exchange(.DELETE, path: "/api-keys/" + segment)
    }

    /// `GET /roles?type=...&limit=N&next_token=T`.
    public func listRoles(
        type: RoleType?, limit: Int?, nextToken: String?
    ) async throws(KeyServiceError) -> RolePage {
        var query: [(String, String)] = []
        if let type { query.append(("type", type.rawValue)) }
        if let limit { query.append(("limit", String(limit))) }
        if let nextToken { query.append(("next_token", nextToken)) }
        let body = try await exchange(.GET, path: "/roles", query: query)
        return try decode(RolePage.self, from: body)
    }

    // MARK: Transport

    private static let pathSegmentCharacters = CharacterSet.urlPathAllowed.subtracting(
        CharacterSet(charactersIn: "/"))
    private static let queryValueCharacters = CharacterSet.urlQueryAllowed.subtracting(
        CharacterSet(charactersIn: "&=+?#"))
    private static let maxBodyBytes = 10 << 20

    /// The URL of a route, with the base URL's own path kept as a prefix.
    func url(path: String, query: [(String, String)]) -> String {
        var base = configuration.baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        var url = base + path
        if !query.isEmpty {
            url += "?"
            url += query.map { name, value in
                let encoded =
                    value.addingPercentEncoding(withAllowedCharacters: Self.queryValueCharacters)
                    ?? value
                return "\(name)=\(encoded)"
            }.joined(separator: "&")
        }
        return url
    }

    private func exchange(
        _ method: HTTPMethod, path: String, query: [(String, String)] = [], body: Data? = nil
    ) async throws(KeyServiceError) -> ByteBuffer {
        var request = HTTPClientRequest(url: url(path: path, query: query))
        request.method = method
        request.headers.add(name: "Authorization", value: configuration.apiKey.exposedValue)
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let idempotent = method != .POST
        var attempt = 1
        while true {
            if let budget = configuration.budget {
                do {
                    try await budget.acquire()
                } catch {
                    // Cancelled before anything was sent.
                    throw .network(
                        host: configuration.baseURL.host ?? "the key API",
                        reason: "the request was cancelled")
                }
            }
            let started = ContinuousClock.now
            // The run's deadline bounds this request too: what is left of it, when less.
            let left = configuration.deadline.map { started.duration(to: $0.at) }
            if let left, left <= .zero, let deadline = configuration.deadline {
                throw .deadlinePassed(deadline.text)
            }
            let bindsRequest = left.map { $0 < configuration.requestTimeout } ?? false
            var error: KeyServiceError
            do {
                // The timeout covers the whole answer, its body too: a body that never ends
                // ends the request all the same.
                let timeout = min(
                    configuration.requestTimeout, left ?? configuration.requestTimeout)
                let (response, buffer) = try await Self.within(timeout) { [client, request] in
                    let response = try await client.execute(
                        request, timeout: .nanoseconds(timeout.inNanoseconds))
                    return (response, try await response.body.collect(upTo: Self.maxBodyBytes))
                }
                let status = Int(response.status.code)
                logger.debug(
                    "key API answered",
                    metadata: [
                        "method": "\(method.rawValue)", "path": "\(path)", "status": "\(status)",
                        "attempt": "\(attempt)", "ms": "\(Self.milliseconds(since: started))",
                    ])
                if (200..<300).contains(status) { return buffer }
                if (300..<400).contains(status) {
                    let location = response.headers.first(name: "Location") ?? "nowhere"
                    throw KeyServiceError.invalidResponse(
                        "it answered HTTP \(status), a redirect to"
                            + " \(TextSanitizer.inert(String(location.prefix(200)))); the key API does not"
                            + " redirect, so the redirect was not followed")
                }
                let answered = KeyServiceError(
                    status: status,
                    body: try? JSONDecoder().decode(
                        ErrorBody.self, from: Data(buffer.readableBytesView)),
                    retryAfterSeconds: response.headers.first(name: "Retry-After").flatMap {
                        Int($0.trimmingCharacters(in: .whitespaces)).flatMap { $0 >= 0 ? $0 : nil }
                    })
                // A create that failed on the server's side may have happened before it failed.
                if !idempotent, case .server(let status, let message) = answered {
                    error = .createOutcomeUnknown(
                        reason: "the server answered HTTP \(status): \(message)")
                } else {
                    error = answered
                }
            } catch let transportError {
                error = classify(transportError, idempotent: idempotent)
                if bindsRequest, case .timeout = error, let deadline = configuration.deadline {
                    error = .deadlinePassed(deadline.text)
                }
                logger.debug(
                    "key API request failed",
                    metadata: [
                        "method": "\(method.rawValue)", "path": "\(path)",
                        "attempt": "\(attempt)", "error": "\(error)",
                    ])
            }
            if case .rateLimited(let seconds?) = error {
                // Every request of the process waits, not only this one.
                configuration.budget?.pause(for: .seconds(seconds))
            }
            if method == .DELETE, attempt > 1, case .notFound = error {
                // The earlier attempt revoked it but its answer was lost.
                return ByteBuffer(string: "{}")
            }
            let lastError = error
            // A 429 means the request was not carried out: even a create may be sent again.
            guard idempotent || error.status == 429,
                let delay = configuration.retry.delay(
                    after: error, attempt: attempt, unit: Double.random(in: 0..<1))
            else { throw error }
            logger.info(
                "retrying key API request",
                metadata: [
                    "method": "\(method.rawValue)", "path": "\(path)", "attempt": "\(attempt)",
                    "delay_ms": "\(delay.inNanoseconds / 1_000_000)",
                ])
            // A wait that would outlast the run's deadline is not begun.
            if let deadline = configuration.deadline,
                ContinuousClock.now.advanced(by: delay) >= deadline.at
            {
                throw .deadlinePassed(deadline.text)
            }
            do {
                try await configuration.clock.sleep(for: delay)
            } catch {
                throw lastError  // cancelled while waiting: report what made us wait
            }
            attempt += 1
        }
    }

    /// The value of `operation`, or `HTTPClientError.deadlineExceeded` once `timeout` has passed.
    private static func within<Value: Sendable>(
        _ timeout: Duration, _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        try await withThrowingTaskGroup(of: Value.self) { group in
            group.addTask(operation: operation)
            group.addTask {
                try await Task.sleep(for: timeout)
                throw HTTPClientError.deadlineExceeded
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    /// Turns a transport error into a ``KeyServiceError``. For a POST, anything after the
    /// connection was established leaves the outcome unknown.
    private func classify(_ error: any Error, idempotent: Bool) -> KeyServiceError {
        let host = configuration.baseURL.host ?? configuration.baseURL.absoluteString
        let seconds = Int(configuration.requestTimeout.components.seconds)
        if let error = error as? KeyServiceError { return error }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout:
                return .network(host: host, reason: "connecting timed out")
            case .deadlineExceeded, .readTimeout:
                return idempotent
                    ? .timeout(seconds: seconds)
                    : .createOutcomeUnknown(reason: "no answer within \(seconds) s")
            case .remoteConnectionClosed:
                return idempotent
                    ? .network(host: host, reason: "the connection was closed")
                    : .createOutcomeUnknown(reason: "the connection closed before the answer")
            case .bodyLengthMismatch:
                return .invalidResponse("the answer was malformed")
            case .proxyAuthenticationRequired:
                return .network(host: host, reason: "the proxy requires authentication")
            case .invalidProxyResponse:
                return .network(host: host, reason: "the proxy refused the connection")
            default:
                // Never echo these errors' values: one of them is the API key.
                if String(describing: error).contains("invalidHeaderField") {
                    return .network(
                        host: host, reason: "the API key has characters a header cannot carry")
                }
            }
        }
        if error is NIOTooManyBytesError {
            return .invalidResponse("the answer is larger than \(Self.maxBodyBytes >> 20) MiB")
        }
        let reason = error is CancellationError ? "the request was cancelled" : Self.describe(error)
        // Name resolution, refused connections and TLS failures happen before anything is sent,
        // so even a POST is known not to have created a key. Anything else may have happened
        // after the body left, so a create's outcome is then unknown.
        if !idempotent && !Self.failedBeforeSending(error) {
            return .createOutcomeUnknown(reason: reason)
        }
        return .network(host: host, reason: reason)
    }

    private static func failedBeforeSending(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError {
            return error == .connectTimeout || error == .proxyAuthenticationRequired
                || error == .invalidProxyResponse
        }
        let text = String(describing: error)
        // NIOConnectionError (no address could be connected to) by its type's name: its own
        // text does not carry it. Only its name: another type's name is no evidence.
        return Self.isConnectionError(error) || text.contains("connectionRefused")
            || text.contains("Connection refused") || text.contains("resolution")
            || text.lowercased().contains("ssl") || text.lowercased().contains("handshake")
    }

    /// Whether `error` is NIO's "no address could be connected to" (resolution or connection
    /// failed: nothing was sent).
    private static func isConnectionError(_ error: any Error) -> Bool {
        String(describing: type(of: error)) == "NIOConnectionError"
            || String(describing: error).contains("NIOConnectionError")
    }

    /// A short reason for a transport error. The error's own text is matched, never shown:
    /// some transport errors carry request header values, and one of those is the API key.
    private static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") {
            return "connection refused"
        }
        if Self.isConnectionError(error) || text.contains("resolution") {
            return "the host could not be resolved or connected to"
        }
        if text.lowercased().contains("ssl") || text.lowercased().contains("tls") {
            return "the TLS handshake failed"
        }
        if text.contains("Connection reset") || text.contains("connectionReset") {
            return "the connection was reset"
        }
        return "transport error (\(type(of: error)))"
    }

    private func decode<T: Decodable>(_ type: T.Type, from body: ByteBuffer) throws(KeyServiceError)
        -> T
    {
        do {
            return try JSONDecoder().decode(type, from: Data(body.readableBytesView))
        } catch {
            throw .invalidResponse("the JSON does not match the API (\(T.self))")
        }
    }

    private static func milliseconds(since start: ContinuousClock.Instant) -> Int64 {
        (ContinuousClock.now - start).inMilliseconds
    }
}
