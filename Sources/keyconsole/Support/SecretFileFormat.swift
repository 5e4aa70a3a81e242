import ArgumentParser
import MomentoKeys

/// How a new key is written to a file or stdout.
enum SecretFileFormat: String, CaseIterable, Sendable, ExpressibleByArgument {
    /// The key alone, with a newline.
    case raw
    /// `MOMENTO_API_KEY=...` and `MOMENTO_ENDPOINT=...` lines.
    case env
    /// A Momento CLI credentials profile: `[name]`, `api_key_v2=`, `endpoint=`.
    case momentoProfile = "momento-profile"

    /// Whether the format needs an endpoint.
    var needsEndpoint: Bool { self != .raw }

    /// The text to write.
    func render(key: Secret, endpoint: String?, profileName: String) -> String {
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
