import Foundation
import MomentoKeys

/// An HTTP proxy for HTTPS requests, from `HTTPS_PROXY`/`https_proxy` and `NO_PROXY`/`no_proxy`.
public struct ProxySettings: Sendable, Hashable {
    /// The proxy's host.
    public var host: String
    /// The proxy's port (default 8080, or 80 when only `http://host` is given).
    public var port: Int
    /// `user:password` for basic authentication, when the URL carries it.
    public var credentials: (user: String, password: String)? {
        guard let user else { return nil }
        return (user, password ?? "")
    }
    /// The user name from the proxy URL.
    public var user: String?
    /// The password from the proxy URL.
    public var password: String?

    /// Creates settings for a proxy.
    public init(host: String, port: Int, user: String? = nil, password: String? = nil) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
    }

    /// The proxy to use for requests to `target`, or `nil` for a direct connection.
    ///
    /// Only `https` targets use `HTTPS_PROXY`; hosts listed in `NO_PROXY` (exact, or as a
    /// domain suffix; `*` for all) connect directly.
    public static func forTarget(_ target: URL, environment: [String: String]) -> ProxySettings? {
        guard target.scheme?.lowercased() == "https", let host = target.host?.lowercased() else {
            return nil
        }
        guard let raw = environment["HTTPS_PROXY"] ?? environment["https_proxy"], !raw.isEmpty
        else { return nil }
        let noProxy = (environment["NO_PROXY"] ?? environment["no_proxy"] ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for entry in noProxy where !entry.isEmpty {
            if entry == "*" { return nil }
            let domain = entry.hasPrefix(".") ? String(entry.dropFirst()) : entry
            if host == domain || host.hasSuffix("." + domain) { return nil }
        }
        let withScheme = raw.contains("://") ? raw : "http://" + raw
        guard let url = URLComponents(string: withScheme), let proxyHost = url.host,
            !proxyHost.isEmpty
        else { return nil }
        let port = url.port ?? (url.scheme == "https" ? 443 : (raw.contains("://") ? 80 : 8080))
        guard (1...65535).contains(port) else { return nil }  // no such port: not a proxy
        return ProxySettings(
            host: proxyHost, port: port, user: url.user?.removingPercentEncoding,
            password: url.password?.removingPercentEncoding)
    }
}
