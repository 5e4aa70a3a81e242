import Foundation

/// Facts about cell endpoints and the key-management base URLs.
public enum Endpoint {
    /// The key-management API of production accounts.
    public static let productionKeyAPI = URL(string: "https://mga.registry.prod.a.momentohq.com")!
    /// The key-management API of pre-production accounts.
    public static let preprodKeyAPI = URL(string: "https://mga.registry.preprod.a.momentohq.com")!

    /// The bare cell host of an endpoint: lower case, without scheme, port, path, or the
    /// `cache.`/`control.`/`token.`/`api.cache.` prefixes the SDKs and HTTP API add.
    public static func normalizedHost(_ endpoint: String) -> String {
        var host = endpoint.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if let scheme = host.range(of: "://") { host = String(host[scheme.upperBound...]) }
        if let slash = host.firstIndex(of: "/") { host = String(host[..<slash]) }
        if let colon = host.firstIndex(of: ":") { host = String(host[..<colon]) }
        while host.hasSuffix(".") { host.removeLast() }
        for prefix in ["api.cache.", "cache.", "control.", "token."] where host.hasPrefix(prefix) {
            host.removeFirst(prefix.count)
            break
        }
        return host
    }

    /// Whether the host is a pre-production cell.
    public static func isPreprod(_ endpoint: String) -> Bool {
        normalizedHost(endpoint).hasSuffix(".preprod.a.momentohq.com")
    }

    /// The key-management base URL for an account whose keys use `endpoint`: preprod when the
    /// endpoint ends in `.preprod.a.momentohq.com`, otherwise prod (as Momento's CLI decides).
    public static func keyManagementBaseURL(for endpoint: String) -> URL {
        isPreprod(endpoint) ? preprodKeyAPI : productionKeyAPI
    }

    /// Whether `host` is a syntactically valid DNS host name (letters, digits, hyphens, dots).
    public static func isValidHostName(_ host: String) -> Bool {
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard !host.isEmpty, host.utf8.count <= 253, labels.count >= 2 else { return false }
        return labels.allSatisfy { label in
            (1...63).contains(label.utf8.count) && label.first != "-" && label.last != "-"
                && label.unicodeScalars.allSatisfy { $0.isASCII && (Self.hostScalars.contains($0)) }
        }
    }

    private static let hostScalars = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
}
