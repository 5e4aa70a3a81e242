import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Sends bytes no HTTP client would (8 MB headers, 20,000 headers, bodies that never end) over
/// a plain TCP connection to a loopback port, and reads what comes back until the server
/// closes the connection or `timeout` passes.
public enum RawSocket {
    /// What came back: the bytes, and whether the server closed the connection (rather than
    /// the read timing out).
    public struct Answer: Sendable {
        public let bytes: Data
        public let closedByServer: Bool

        /// The status code of the first response line, if there is one.
        public var status: Int? {
            guard let line = text.split(separator: "\r\n").first else { return nil }
            let parts = line.split(separator: " ")
            return parts.count >= 2 ? Int(parts[1]) : nil
        }

        /// The answer as text.
        public var text: String { String(decoding: bytes, as: UTF8.self) }

        /// The body: everything after the first blank line.
        public var body: String {
            guard let range = text.range(of: "\r\n\r\n") else { return "" }
            return String(text[range.upperBound...])
        }
    }

    /// Connects to `127.0.0.1:port`, writes `request` (then keeps the connection open for
    /// writing unless `closeWrite`), and reads until EOF or `timeout`.
    public static func exchange(
        port: Int, _ request: [UInt8], closeWrite: Bool = false, timeout: Duration = .seconds(10)
    ) async throws -> Answer {
        // On a thread of its own: blocking the concurrency pool's few threads would starve the
        // very server (its handlers run on that pool) that is to answer.
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(
                    with: Result {
                        try blockingExchange(
                            port: port, request, closeWrite: closeWrite, timeout: timeout)
                    })
            }
            thread.start()
        }
    }

    /// Opens connections to `port` one by one, each sending `request` and waiting (5 s at the
    /// most) for the first bytes of its answer, until one is closed unanswered or `most` are
    /// open; returns the open ones (the caller closes them) and the index of the refused one.
    /// On a thread of its own, as ``exchange(port:_:closeWrite:timeout:)``.
    public static func holdUntilRefused(
        port: Int, _ request: [UInt8], most: Int
    ) async -> (held: [Int32], refusedAt: Int?) {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                var held: [Int32] = []
                var refusedAt: Int?
                for index in 0..<most {
                    let fd = connect(port: port)
                    guard fd >= 0 else {
                        refusedAt = index
                        break
                    }
                    held.append(fd)
                    var limit = timeval(tv_sec: 5, tv_usec: 0)
                    setsockopt(
                        fd, SOL_SOCKET, SO_RCVTIMEO, &limit,
                        socklen_t(MemoryLayout<timeval>.size))
                    _ = send(fd, request, request.count, Int32(MSG_NOSIGNAL))
                    var answer = [UInt8](repeating: 0, count: 4096)
                    if recv(fd, &answer, answer.count, 0) <= 0 {
                        refusedAt = index
                        break
                    }
                }
                continuation.resume(returning: (held, refusedAt))
            }
            thread.start()
        }
    }

    /// A blocking TCP connection to 127.0.0.1:`port`, or -1 (`errno` says why).
    public static func connect(port: Int) -> Int32 {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return -1 }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            return -1
        }
        return fd
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private static func blockingExchange(
        port: Int, _ request: [UInt8], closeWrite: Bool, timeout: Duration
    ) throws -> Answer {
        let fd = connect(port: port)
        guard fd >= 0 else { throw Failure(description: "connect: \(errno)") }
        defer { close(fd) }
        let seconds = timeout.components.seconds
        var limit = timeval(
            tv_sec: Int(seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var sent = 0
        request.withUnsafeBytes { buffer in
            while sent < buffer.count {
                let count = send(
                    fd, buffer.baseAddress! + sent, buffer.count - sent, Int32(MSG_NOSIGNAL))
                if count <= 0 { break }  // the server stopped reading or closed: read its answer
                sent += count
            }
        }
        if closeWrite { shutdown(fd, Int32(SHUT_WR)) }
        var received = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count > 0 {
                received.append(contentsOf: chunk[..<count])
                continue
            }
            // 0: the server closed; -1: timed out (EAGAIN) or reset.
            return Answer(bytes: received, closedByServer: count == 0 || errno == ECONNRESET)
        }
    }
}
