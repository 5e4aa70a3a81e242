import Foundation
import MomentoKeys
import TextKit

/// What `create`, `rotate` or `migrate` made, for `--format json`: one object on stdout, so a
/// pipeline can use the new key's id. The key is in it only when stdout is its destination.
package struct CreatedReport: Encodable {
    package var keyId: String
    package var roleId: String
    package var roleName: String
    package var description: String
    package var expiresAt: String?
    package var expiresAtEpochSeconds: Int64?
    package var endpoint: String?
    /// `file`, `store` or `stdout`.
    package var destination: String
    package var file: String?
    package var store: String?
    /// The key this one replaces (rotate, and migrate's v1 key id when it has one).
    package var replaces: String?
    /// A rotation kept for an overlap: when the old key is due.
    package var keptUntil: String?
    /// A rotation that revoked the old key at once.
    package var revoked: String?
    /// The key itself, only when stdout is where it goes.
    package var apiKey: String?

    enum CodingKeys: String, CodingKey {
        case keyId = "key_id"
        case roleId = "role_id"
        case roleName = "role_name"
        case description
        case expiresAt = "expires_at"
        case expiresAtEpochSeconds = "expires_at_epoch_seconds"
        case endpoint, destination, file, store, replaces
        case keptUntil = "kept_until"
        case revoked
        case apiKey = "api_key"
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(keyId, forKey: .keyId)
        try container.encode(roleId, forKey: .roleId)
        try container.encode(roleName, forKey: .roleName)
        try container.encode(description, forKey: .description)
        // Null when the key never expires: the fields are always there.
        try container.encode(expiresAt, forKey: .expiresAt)
        try container.encode(expiresAtEpochSeconds, forKey: .expiresAtEpochSeconds)
        try container.encode(endpoint, forKey: .endpoint)
        try container.encode(destination, forKey: .destination)
        try container.encodeIfPresent(file, forKey: .file)
        try container.encodeIfPresent(store, forKey: .store)
        try container.encodeIfPresent(replaces, forKey: .replaces)
        try container.encodeIfPresent(keptUntil, forKey: .keptUntil)
        try container.encodeIfPresent(revoked, forKey: .revoked)
        try container.encodeIfPresent(apiKey, forKey: .apiKey)
    }

    /// The object as one line of JSON, control characters escaped.
    package func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return TextSanitizer.escapingControlsInJSON(
            String(decoding: try encoder.encode(self), as: UTF8.self))
    }
}
