import Foundation
import HTTPTypes
import Hummingbird
import KeySandbox
import MomentoKeys
import SystemPackage

/// `serve --access-log FILE`: one line per answer (time, method, path, status), appended, so
/// the requests a client sends can be counted.
///
/// The path is without its query (a page token says nothing about the rate); no header, and so
/// no key, is ever written.
public struct AccessLog: Sendable {
    private let descriptor: FileDescriptor

    /// Opens `path` for appending (created 0600 when missing).
    public init(path: String) throws {
        descriptor = try FileDescriptor.open(
            FilePath(path), .writeOnly, options: [.create, .append, .closeOnExec],
            permissions: [.ownerReadWrite])
    }

    /// Appends the line of one answer.
    public func record(
        method: String, path: String, status: Int, at time: Date = WallClock.current.now
    ) {
        let stamp = time.formatted(
            Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
        let line = "\(stamp) \(method) \(Self.inert(path)) \(status)\n"
        // One write per line: with O_APPEND, concurrent answers never interleave.
        _ = try? descriptor.writeAll(Array(line.utf8))
    }

    /// Closes the file.
    public func close() {
        try? descriptor.close()
    }

    /// The path with anything that is not printable ASCII percent-encoded: a line per answer.
    static func inert(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            if byte > 0x20 && byte < 0x7F {
                out.unicodeScalars.append(UnicodeScalar(byte))
            } else {
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}

/// Records every answer of the router in the access log, errors included.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let log: AccessLog

    func handle(
        _ request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let method = request.method.rawValue
        let path = request.uri.path
        do {
            let response = try await next(request, context)
            log.record(method: method, path: path, status: Int(response.status.code))
            return response
        } catch let error as any HTTPResponseError {
            log.record(method: method, path: path, status: Int(error.status.code))
            throw error
        } catch {
            log.record(method: method, path: path, status: 500)
            throw error
        }
    }
}
