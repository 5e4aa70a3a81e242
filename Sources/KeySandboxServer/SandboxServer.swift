import Foundation
import HTTPTypes
import Hummingbird
import KeySandbox
import Logging
import MomentoKeys
import NIOCore
import ServiceLifecycle

/// `keyconsole serve`: the sandbox over Momento's key-management HTTP API.
///
/// Routes, JSON and error bodies are Momento's: `GET /api-keys`, `POST /api-keys`,
/// `DELETE /api-keys/{key_id}`, `GET /roles`. Every request needs `Authorization: <key>` with a
/// key this sandbox issued (signature, expiry, revocation checked).
public struct SandboxServer: Sendable {
    /// How the server behaves.
    public struct Options: Sendable {
        /// The address to bind.
        public var host: String
        /// The port; 0 picks a free one.
        public var port: Int
        /// Requests a second before 429; 0 turns the limit off.
        public var rateLimit: Int
        /// Faults to inject.
        public var faults: FaultPlan
        /// Seed of the fault draws.
        public var faultSeed: UInt64
        /// Told of every answer: the route (`GET /api-keys`, `DELETE /api-keys` ...) and the
        /// status (0 when the connection was dropped or the answer lost).
        public var observer: (@Sendable (_ route: String, _ status: Int) -> Void)?
        /// The clock injected delays sleep on (a test clock in tests).
        public var delayClock: any Clock<Duration>
        /// Where every answer is recorded, if anywhere.
        public var accessLog: AccessLog?
        /// How long a request body may take to arrive before 408.
        public var bodyTimeout: Duration
        /// How long a request's head may take to arrive (from the connection's start or its
        /// last answer) before 408 and the connection's end.
        public var headTimeout: Duration
        /// The most connections open at once; later ones are closed at once.
        public var maxConnections: Int

        /// Creates options; by default loopback on 8080, 5 requests a second, no faults.
        public init(
            host: String = "127.0.0.1", port: Int = 8080, rateLimit: Int = 5,
            faults: FaultPlan = .none, faultSeed: UInt64 = 1,
            observer: (@Sendable (_ route: String, _ status: Int) -> Void)? = nil,
            delayClock: any Clock<Duration> = ContinuousClock(), accessLog: AccessLog? = nil,
            bodyTimeout: Duration = .seconds(10), headTimeout: Duration = .seconds(10),
            maxConnections: Int = 512
        ) {
            self.bodyTimeout = bodyTimeout
            self.headTimeout = headTimeout
            self.maxConnections = maxConnections
            self.delayClock = delayClock
            self.accessLog = accessLog
            self.host = host
            self.port = port
            self.rateLimit = rateLimit
            self.faults = faults
            self.faultSeed = faultSeed
            self.observer = observer
        }
    }

    let store: SandboxStore
    let options: Options
    let logger: Logger

    /// Creates a server for `store`.
    public init(store: SandboxStore, options: Options, logger: Logger) {
        self.store = store
        self.options = options
        self.logger = logger
    }

    /// The Hummingbird application; `onRunning` receives the bound port.
    public func makeApplication(
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let handler = RequestHandler(
            store: store,
            limiter: options.rateLimit > 0
                ? RequestBudget(rate: Double(options.rateLimit)) { [clock = store.clock] in
                    .microseconds(Int64((clock.now.timeIntervalSince1970 * 1e6).rounded()))
                } : nil,
            faults: options.faults.isEmpty
                ? nil : FaultInjector(plan: options.faults, seed: options.faultSeed),
            observer: options.observer, delayClock: options.delayClock,
            logger: logger)
        let router = Router(context: ServeContext.self)
        if let accessLog = options.accessLog {
            router.add(middleware: AccessLogMiddleware(log: accessLog))
        }
        // Before the routes, so that it also sees what matches none of them.
        router.add(middleware: RouteShapeMiddleware())
        router.get("/api-keys") { request, context in
            await handler.handle(request, context, route: "GET /api-keys") { service in
                let limit = try RequestHandler.limit(request) ?? 100
                // The token of the same-token fault lists from the start again.
                let token = request.uri.queryParameters.get("next_token")
                return try await service.listKeys(
                    limit: limit, nextToken: token == FaultPlan.sameToken ? nil : token)
            }
        }
        router.post("/api-keys") { [bodyTimeout = options.bodyTimeout] request, context in
            let body = await RequestHandler.body(of: request, timeout: bodyTimeout)
            return await handler.handle(request, context, route: "POST /api-keys") { service in
                let wire: WireCreateRequest
                do {
                    wire = try JSONDecoder().decode(
                        WireCreateRequest.self, from: Data(try body.get().readableBytesView))
                } catch let error as KeyServiceError {
                    throw error
                } catch {
                    throw KeyServiceError.badRequest(message: WireCreateRequest.message(for: error))
                }
                return try await service.createKey(wire.request)
            }
        }
        router.delete("/api-keys/{key_id}") { request, context in
            await handler.handle(request, context, route: "DELETE /api-keys") { service in
                let id = context.parameters.get("key_id") ?? ""
                try await service.revokeKey(id: id)
                return EmptyObject()
            }
        }
        router.get("/roles") { request, context in
            await handler.handle(request, context, route: "GET /roles") { service in
                let type: RoleType?
                switch request.uri.queryParameters.get("type") {
                case nil: type = nil
                case let value?:
                    guard let parsed = RoleType(rawValue: value) else {
                        throw KeyServiceError.badRequest(message: "type must be system or custom")
                    }
                    type = parsed
                }
                return try await service.listRoles(
                    type: type, limit: try RequestHandler.limit(request),
                    nextToken: request.uri.queryParameters.get("next_token"))
            }
        }
        @Sendable func nanoseconds(_ duration: Duration) -> TimeAmount {
            .nanoseconds(duration.inNanoseconds)
        }
        // One count of the open connections, for every connection's handler.
        let connections = ConnectionCount(limit: options.maxConnections)
        // Hummingbird's own lines (one per request at debug) stay out unless asked for.
        var serverLogger = logger
        serverLogger.logLevel = max(logger.logLevel, .notice)
        return Application(
            router: router,
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [
                        // A body still arriving after its answer gets as long as a create's
                        // body does.
                        ProtocolErrorHandler(
                            drainTimeout: nanoseconds(options.bodyTimeout),
                            headTimeout: nanoseconds(options.headTimeout),
                            connections: connections)
                    ],
                    idleTimeout: .seconds(60))),
            configuration: .init(
                address: .hostname(options.host, port: options.port),
                serverName: "keyconsole-sandbox"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: serverLogger)
    }
}

/// `{}`, the body of a successful revoke.
struct EmptyObject: Encodable {}

/// Runs the gate (faults, rate limit, authentication) and one operation, and writes the
/// answer or the API's error body.
struct RequestHandler: Sendable {
    let store: SandboxStore
    /// The limit on requests, like Momento's on auth operations (`nil`: none).
    let limiter: RequestBudget?
    let faults: FaultInjector?
    let observer: (@Sendable (String, Int) -> Void)?
    let delayClock: any Clock<Duration>
    let logger: Logger

    func handle(
        _ request: Request, _ context: ServeContext, route: String,
        _ operation: (SandboxSession) async throws -> some Encodable
    ) async -> Response {
        var faults = await faults?.draw() ?? []
        if let header = request.headers[HTTPField.Name(FaultPlan.headerName)!],
            let fault = FaultPlan.fault(fromHeader: header)
        {
            faults.append(fault)
        }
        var loseAnswer = false
        for fault in faults {
            switch fault {
            case .delay(let duration):
                logger.info(
                    "delaying the answer (fault)",
                    metadata: ["route": "\(route)", "delay": "\(duration)"])
                // A stop (SIGTERM) ends the wait: serve does not outlive its delays.
                try? await cancelWhenGracefulShutdown { try await delayClock.sleep(for: duration) }
            case .drop:
                return dropConnection(context, route: route, reason: "drop")
            case .lose:
                loseAnswer = true
            case .redirect:
                // Somewhere else on this machine: a client must not follow it.
                return answered(
                    Response(
                        status: .temporaryRedirect,
                        headers: [.location: "http://127.0.0.1:9\(request.uri.path)"]),
                    route: route)
            case .sameToken, .duplicateIds, .slowBody:
                break  // applied to the answer below
            case .status(let status):
                return answered(
                    errorResponse(
                        KeyServiceError(
                            status: status,
                            body: ErrorBody(
                                code: "injected_fault", message: "injected fault \(status)"),
                            retryAfterSeconds: status == 429 ? 1 : nil)),
                    route: route)
            }
        }
        if let wait = limiter?.take() {
            // Whole seconds, at least one, as Momento's Retry-After gives them.
            let seconds = max(1, Int(wait.inSeconds.rounded(.up)))
            return answered(errorResponse(.rateLimited(retryAfterSeconds: seconds)), route: route)
        }
        let response: Response
        do {
            guard let key = request.headers[.authorization], !key.isEmpty else {
                throw KeyServiceError.unauthorized(message: SandboxStore.unauthorizedMessage)
            }
            let value = try await operation(store.session(authenticatedBy: Secret(key)))
            var data = try Self.encoder.encode(value)
            if var page = value as? KeyPage {
                // A page as a hostile API may give it.
                if faults.contains(.duplicateIds), let first = page.keyInfo.first {
                    page.keyInfo.insert(first, at: 0)
                }
                if faults.contains(.sameToken) { page.nextToken = FaultPlan.sameToken }
                data = try Self.encoder.encode(page)
            }
            let bytes = ByteBuffer(bytes: data)
            response = Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: faults.contains(.slowBody)
                    ? Self.trickled(bytes, clock: delayClock) : .init(byteBuffer: bytes))
        } catch let error as KeyServiceError {
            response = errorResponse(error)
        } catch {
            response = errorResponse(.server(status: 500, message: "internal error"))
        }
        if loseAnswer { return dropConnection(context, route: route, reason: "lose") }
        return answered(response, route: route)
    }

    /// `bytes` sent a byte every 100 ms.
    private static func trickled(_ bytes: ByteBuffer, clock: any Clock<Duration>) -> ResponseBody {
        ResponseBody(contentLength: bytes.readableBytes) { writer in
            for byte in bytes.readableBytesView {
                try await writer.write(ByteBuffer(bytes: [byte]))
                try await clock.sleep(for: .milliseconds(100))
            }
            try await writer.finish(nil)
        }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    private func dropConnection(_ context: ServeContext, route: String, reason: String) -> Response
    {
        logger.info(
            "closing the connection (fault)", metadata: ["route": "\(route)", "fault": "\(reason)"])
        observer?(route, 0)
        context.channel.close(promise: nil)
        return Response(status: .internalServerError)
    }

    private func answered(_ response: Response, route: String) -> Response {
        let status = Int(response.status.code)
        logger.info("answered", metadata: ["route": "\(route)", "status": "\(status)"])
        observer?(route, status)
        return response
    }

    private func errorResponse(_ error: KeyServiceError) -> Response {
        let status = error.status ?? 500
        var headers: HTTPFields = [.contentType: "application/json"]
        if case .rateLimited(let seconds) = error {
            headers[.retryAfter] = String(seconds ?? 1)
        }
        if status == 408 || status == 413 {
            // The rest of the body is not read: the connection ends after this answer.
            headers[.connection] = "close"
        }
        let body = (try? Self.encoder.encode(error.body)) ?? Data("{}".utf8)
        return Response(
            status: .init(code: status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The largest request body read: 1 MiB.
    static let maxBodyBytes = 1 << 20

    /// The request's body, or 413 when it is larger than ``maxBodyBytes`` (by its
    /// `Content-Length`, before reading, or as it arrives), or 408 when it has not arrived
    /// within `timeout`.
    static func body(
        of request: Request, timeout: Duration
    ) async -> Result<ByteBuffer, KeyServiceError> {
        let tooLarge = KeyServiceError.rejected(
            status: 413, code: "payload_too_large",
            message: "the body must be at most \(maxBodyBytes >> 20) MB")
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBodyBytes
        {
            return .failure(tooLarge)
        }
        return await withTaskGroup(of: Result<ByteBuffer, KeyServiceError>.self) { group in
            group.addTask {
                do {
                    return .success(try await request.body.collect(upTo: maxBodyBytes))
                } catch is NIOTooManyBytesError {
                    return .failure(tooLarge)
                } catch {
                    return .failure(.badRequest(message: "the body could not be read"))
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return .failure(
                    .rejected(
                        status: 408, code: "request_timeout",
                        message: "the body did not arrive within \(timeout)"))
            }
            let first = await group.next()!
            group.cancelAll()
            return first
        }
    }

    /// The `limit` query parameter: absent is `nil`; anything but an integer in 1...100 is 400.
    static func limit(_ request: Request) throws -> Int? {
        guard let text = request.uri.queryParameters.get("limit") else { return nil }
        guard let value = Int(text), (1...100).contains(value) else {
            throw KeyServiceError.badRequest(message: "limit must be between 1 and 100")
        }
        return value
    }
}
