/// How a new key is written to a file or stdout.
public enum SecretFileFormat: String, CaseIterable, Sendable, Hashable {
    /// The key alone, with a newline.
    case raw
    /// `MOMENTO_API_KEY=...` and `MOMENTO_ENDPOINT=...` lines.
    case env
    /// A Momento CLI credentials profile: `[name]`, `api_key_v2=`, `endpoint=`.
    case momentoProfile = "momento-profile"

    /// What the console calls it.
    public var title: String {
        switch self {
        case .raw: "the key alone"
        case .env: "env file (MOMENTO_API_KEY, MOMENTO_ENDPOINT)"
        case .momentoProfile: "Momento CLI profile"
        }
    }

    /// Whether the format needs an endpoint.
    public var needsEndpoint: Bool { self != .raw }

    /// Whether `name` can head a credentials profile: letters, digits, `.`, `_` and `-`
    /// only, at most 64. Anything else (`[`, `]`, `#`, `;`, `=`, spaces, line breaks) could end
    /// the header, start a comment or another section in the INI readers of Momento's tools.
    public static func isValidProfileName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64
            && name.unicodeScalars.allSatisfy {
                $0.isASCII
                    && ($0.properties.isAlphabetic || ("0"..."9").contains($0)
                        || "._-".unicodeScalars.contains($0))
            }
    }

    /// The text to write.
    public func render(key: Secret, endpoint: String?, profileName: String) -> String {
        switch self {
        case .raw:
            key.exposedValue + "\n"
        case .env:
            "MOMENTO_API_KEY=\(key.exposedValue)\nMOMENTO_ENDPOINT=\(endpoint ?? "")\n"
        case .momentoProfile:
            "[\(profileName)]\napi_key_v2=\(key.exposedValue)\nendpoint=\(endpoint ?? "")\n"
        }
    }
}
