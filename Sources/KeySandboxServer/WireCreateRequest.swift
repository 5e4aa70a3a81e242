import KeySandbox
import MomentoKeys

/// The body of `POST /api-keys` as the server reads it: `role_id`, `description` and `expiry`
/// are required, `exclude_refresh_token` optional.
struct WireCreateRequest: Decodable {
    let roleId: String
    let description: String
    let expiry: Expiry
    let excludeRefreshToken: Bool?

    enum CodingKeys: String, CodingKey {
        case roleId = "role_id"
        case description, expiry
        case excludeRefreshToken = "exclude_refresh_token"
    }

    var request: CreateKeyRequest {
        CreateKeyRequest(
            roleId: roleId, description: description, expiry: expiry,
            excludeRefreshToken: excludeRefreshToken ?? false)
    }

    /// The 400 message for a body that does not decode.
    static func message(for error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _):
            "missing required field \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context),
            DecodingError.valueNotFound(_, let context):
            "field \(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type"
        case DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty:
            "field \(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        default:
            "the body is not valid JSON"
        }
    }
}
