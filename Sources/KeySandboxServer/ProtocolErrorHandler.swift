import Foundation
import HTTPTypes
import KeySandbox
import MomentoKeys
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import Synchronization

/// Answers what the HTTP parser refuses in Momento's error shape, on every connection of
/// `serve`: headers over 80 KB or 1,000 fields get 431, any other unparsable request 400, each
/// as `{"code","message"}` JSON, and then the connection is closed.
///
/// It sits between the HTTP/1 codec and Hummingbird. After a parse error the decoder drops
/// whatever else arrives; this handler keeps reading (and dropping), so a client still
/// writing an 8 MB header gets the answer instead of a server that stops reading: the answer
/// is sent with a FIN, and the connection is closed for good after `linger` at the most. It
/// also gives any error answer Hummingbird writes with an empty body (a parse error within a
/// body) the JSON body.
final class ProtocolErrorHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// How long a refused connection may go on sending before it is closed.
    let linger: TimeAmount
    /// How long the rest of a body may take to arrive once its request is answered.
    let drainTimeout: TimeAmount
    private var failed = false
    /// Whether a request's body is still arriving (its head read, its end not yet).
    private var requestOpen = false
    /// Requests whose head has been read, and answers whose end has been written: while
    /// fewer answers than requests are out, an error waits, so no earlier answer is lost.
    private var requestsRead = 0
    private var answersWritten = 0
    private var pending: ErrorBody?
    private var pendingStatus = HTTPResponse.Status.badRequest
    private var closeAfterResponse = false
    private var closing = false
    private var drain: Scheduled<Void>?
    /// How long a request's head may take, from the connection's start or its last answer.
    let headTimeout: TimeAmount
    /// The open connections of the server, shared by every connection's handler.
    let connections: ConnectionCount?
    private var counted = false
    private var headDeadline: Scheduled<Void>?

    init(
        linger: TimeAmount = .seconds(5), drainTimeout: TimeAmount = .seconds(10),
        headTimeout: TimeAmount = .seconds(10), connections: ConnectionCount? = nil
    ) {
        self.linger = linger
        self.drainTimeout = drainTimeout
        self.headTimeout = headTimeout
        self.connections = connections
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { started(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        started(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        headDeadline?.cancel()
        if counted {
            counted = false
            connections?.leave()
        }
        context.fireChannelInactive()
    }

    /// A new connection: closed at once past the limit, else given its first head's time.
    private func started(_ context: ChannelHandlerContext) {
        guard !counted, headDeadline == nil else { return }
        if let connections {
            guard connections.enter() else {
                context.close(promise: nil)
                return
            }
            counted = true
        }
        awaitHead(context)
    }

    /// A request head must arrive within `headTimeout`, or the connection gets 408 and ends
    /// (a head sent a byte at a time would hold it, and its memory, forever).
    private func awaitHead(_ context: ChannelHandlerContext) {
        headDeadline?.cancel()
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        headDeadline = context.eventLoop.scheduleTask(in: headTimeout) {
            let handler = handler.value
            guard !handler.failed, !handler.requestOpen,
                handler.answersWritten >= handler.requestsRead
            else { return }
            handler.failed = true
            handler.send(
                .requestTimeout,
                ErrorBody(
                    code: "request_timeout",
                    message: "the request's head did not arrive within the time allowed"),
                context: bound.value)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        switch unwrapInboundIn(data) {
        case .head:
            headDeadline?.cancel()
            headDeadline = nil
            requestOpen = true
            requestsRead += 1
        case .end:
            requestOpen = false
            drain?.cancel()
            drain = nil
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if failed { return }  // what the decoder says of bytes after its error
        let status: HTTPResponse.Status
        let body: ErrorBody
        switch error {
        case HTTPParserError.headerOverflow:
            status = .requestHeaderFieldsTooLarge
            body = ErrorBody(
                code: "request_header_fields_too_large",
                message: "the request line and headers must be under 80 KB and 1000 fields")
        case is HTTPParserError:
            status = .badRequest
            body = ErrorBody(code: "bad_request", message: "the request is not valid HTTP/1.1")
        default:
            context.fireErrorCaught(error)
            return
        }
        failed = true
        if requestOpen {
            if answersWritten >= requestsRead {
                // The request was answered before its body went wrong: nothing more to say.
                close(context)
            } else {
                // Within a body Hummingbird is reading: it ends the request and answers 400,
                // which write(...) gives a JSON body.
                context.fireErrorCaught(error)
            }
            return
        }
        if answersWritten < requestsRead {
            // Earlier requests are still being answered: this answer follows theirs.
            (pending, pendingStatus) = (body, status)
        } else {
            send(status, body, context: context)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var response):
            if response.headerFields[.connection]?.lowercased() == "close" {
                closeAfterResponse = true
            }
            if response.status.code >= 400, response.headerFields[.contentLength] == "0" {
                // An error answer of Hummingbird's own, without a body: give it ours.
                let body = Self.json(
                    ErrorBody(
                        code: Self.code(for: response.status),
                        message: response.status.reasonPhrase.lowercased()))
                response.headerFields[.contentType] = "application/json"
                response.headerFields[.contentLength] = String(body.readableBytes)
                context.write(wrapOutboundOut(.head(response)), promise: nil)
                context.write(wrapOutboundOut(.body(body)), promise: promise)
                return
            }
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            answersWritten += 1
            context.writeAndFlush(data, promise: promise)
            if let body = pending, answersWritten >= requestsRead {
                pending = nil
                send(pendingStatus, body, context: context)
            } else if closeAfterResponse || (failed && answersWritten >= requestsRead) {
                close(context)
            } else if !requestOpen && answersWritten >= requestsRead && !closing {
                // Every request answered: the next head gets its time from now.
                awaitHead(context)
            } else if requestOpen && drain == nil {
                // Answered while its body still arrives: the rest must come soon, whatever
                // the route (a body sent a byte a minute would hold the connection forever).
                let channel = context.channel
                drain = context.eventLoop.scheduleTask(in: drainTimeout) {
                    channel.close(promise: nil)
                }
            }
        }
    }

    /// The short code Momento-style bodies carry for a status.
    static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 408: "request_timeout"
        case 413: "payload_too_large"
        case 429: "rate_limited"
        case 431: "request_header_fields_too_large"
        case 500...: "internal_error"
        default: "client_error"
        }
    }

    static func json(_ body: ErrorBody) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return ByteBuffer(bytes: (try? encoder.encode(body)) ?? Data("{}".utf8))
    }

    private func send(
        _ status: HTTPResponse.Status, _ body: ErrorBody, context: ChannelHandlerContext
    ) {
        let bytes = Self.json(body)
        let fields: HTTPFields = [
            .contentType: "application/json", .contentLength: String(bytes.readableBytes),
            .connection: "close",
        ]
        context.write(
            wrapOutboundOut(.head(HTTPResponse(status: status, headerFields: fields))), promise: nil
        )
        context.write(wrapOutboundOut(.body(bytes)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        close(context)
    }

    /// Sends a FIN now, keeps reading (and dropping) so the client can finish sending and read
    /// the answer, and closes for good after `linger`.
    private func close(_ context: ChannelHandlerContext) {
        guard !closing else { return }
        closing = true
        context.close(mode: .output, promise: nil)
        let channel = context.channel
        context.eventLoop.scheduleTask(in: linger) { channel.close(promise: nil) }
    }
}

@available(*, unavailable)
extension ProtocolErrorHandler: Sendable {}

/// The connections `serve` has open, against its limit.
final class ConnectionCount: Sendable {
    private let open = Atomic<Int>(0)
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// Counts a new connection; `false` (not counted) when the limit is reached.
    func enter() -> Bool {
        if open.add(1, ordering: .sequentiallyConsistent).newValue > limit {
            open.subtract(1, ordering: .sequentiallyConsistent)
            return false
        }
        return true
    }

    /// A counted connection has closed.
    func leave() {
        open.subtract(1, ordering: .sequentiallyConsistent)
    }
}
