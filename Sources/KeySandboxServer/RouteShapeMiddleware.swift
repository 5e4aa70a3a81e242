import HTTPTypes
import Hummingbird
import KeySandbox
import MomentoKeys

/// Gives every path and method that is not one of the API's routes Momento's error shape:
/// 404 for a path that is no route (`/nope`, `/api-keys/../roles`, `/api-keys/a/b`, an empty
/// key id), 405 with `Allow` for a route's path with another method, and any error a route
/// throws past its handler (a body over the limit: 413) as `{"code","message"}` JSON.
struct RouteShapeMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let allowed = Self.methods(forPath: request.uri.path) else {
            return Self.error(
                .notFound,
                message: "no such route: \(request.method) \(request.uri.path.prefix(200))")
        }
        guard allowed.contains(request.method) else {
            var response = Self.error(
                .methodNotAllowed,
                message: "\(request.method) is not allowed here; allowed: "
                    + allowed.map(\.rawValue).joined(separator: ", "))
            response.headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
            return response
        }
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            return Self.error(error.status, message: error.status.reasonPhrase.lowercased())
        } catch {
            return Self.error(.internalServerError, message: "internal error")
        }
    }

    /// The methods the API answers at a raw path (no decoding, no dot segments); `nil` when
    /// the path is no route.
    static func methods(forPath path: String) -> [HTTPRequest.Method]? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.first == "" else { return nil }
        switch Array(segments.dropFirst()) {
        case ["api-keys"]: return [.get, .post]
        case ["roles"]: return [.get]
        case let parts where parts.count == 2 && parts[0] == "api-keys":
            return Self.isKeyId(parts[1]) ? [.delete] : nil
        default: return nil
        }
    }

    /// Whether a path segment can name a key: not empty, not a dot segment, and no
    /// percent-escape (ids are letters, digits, `-` and `_`).
    static func isKeyId(_ segment: Substring) -> Bool {
        !segment.isEmpty && segment != "." && segment != ".." && !segment.contains("%")
    }

    /// An error answer in the API's shape.
    static func error(_ status: HTTPResponse.Status, message: String) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(
                byteBuffer: ProtocolErrorHandler.json(
                    ErrorBody(code: ProtocolErrorHandler.code(for: status), message: message))))
    }
}
