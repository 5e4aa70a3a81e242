import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The address `serve` binds: the host resolved first, so that a name is judged by the
/// addresses it stands for, never by its text (`127.evil` is not loopback), and bound by the
/// numeric address it resolved to (no second look-up).
public struct ServeAddress: Sendable, Hashable {
    /// The numeric address to bind.
    public let address: String

    /// Why a host cannot be bound.
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// The host did not resolve.
        case unresolved(host: String, reason: String)
        /// The host resolves to an address that is not loopback, and remote was not allowed.
        case notLoopback(host: String, addresses: [String])

        /// A sentence for a person.
        public var description: String {
            switch self {
            case .unresolved(let host, let reason):
                "Cannot resolve --host \(host): \(reason)."
            case .notLoopback(let host, let addresses):
                "\(host) is not a loopback address (it resolves to "
                    + addresses.joined(separator: ", ")
                    + "); pass --allow-remote to serve the sandbox beyond this machine."
            }
        }
    }

    /// Resolves `host` with `resolve` (numeric addresses) and picks the first address; without
    /// `allowRemote`, every address must be loopback (127.0.0.0/8, ::1, ::ffff:127.0.0.0/104).
    public init(
        host: String, allowRemote: Bool,
        resolve: (String) throws(Failure) -> [String] = ServeAddress.systemResolve
    ) throws(Failure) {
        // `[::1]`, as URLs write an IPv6 address, is `::1`.
        let bare =
            host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let addresses = try resolve(bare)
        guard let first = addresses.first else {
            throw .unresolved(host: host, reason: "no address")
        }
        if !allowRemote {
            let remote = addresses.filter { !Self.isLoopback(address: $0) }
            guard remote.isEmpty else { throw .notLoopback(host: host, addresses: remote) }
        }
        address = first
    }

    /// Whether a numeric address is a loopback address; anything that is not a numeric
    /// address is not.
    public static func isLoopback(address: String) -> Bool {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, address, &v6) == 1 else { return false }
        let bytes = withUnsafeBytes(of: v6) { Array($0) }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }
        // IPv4-mapped: ::ffff:127.x.y.z
        return bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
            && bytes[12] == 127
    }

    /// The system's resolver (`getaddrinfo`), as numeric addresses in its order.
    public static func systemResolve(_ host: String) throws(Failure) -> [String] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0 else {
            throw .unresolved(host: host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var addresses: [String] = []
        var entry = list
        while let info = entry {
            var text = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(
                info.pointee.ai_addr, info.pointee.ai_addrlen, &text, socklen_t(text.count), nil, 0,
                NI_NUMERICHOST) == 0
            {
                let address = String(
                    decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if !addresses.contains(address) { addresses.append(address) }
            }
            entry = info.pointee.ai_next
        }
        return addresses
    }
}
