import Foundation

/// Metadata of one API key as the key-management API returns it (`ApiKeyInfo`).
///
/// The plaintext key is never part of it.
public struct ApiKeyInfo: Codable, Sendable, Hashable, Identifiable {
    /// The key's id (the `jti` claim of the key).
    public var keyId: String
    /// The account the key belongs to.
    public var accountId: String
    /// Free text given when the key was created.
    public var description: String
    /// The role granted to the key, e.g. `r-owner` or a custom role id.
    public var roleId: String
    /// When the key was issued, in seconds since 1970.
    public var issuedAtEpochSeconds: Int64
    /// When the key expires, in seconds since 1970; `nil` when it never expires.
    public var expiresAtEpochSeconds: Int64?

    /// The key id.
    public var id: String { keyId }
    /// When the key was issued.
    public var issuedAt: Date { Date(timeIntervalSince1970: TimeInterval(issuedAtEpochSeconds)) }
    /// When the key expires, or `nil` when it never does.
    public var expiresAt: Date? {
        expiresAtEpochSeconds.map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    /// Creates key metadata.
    public init(
        keyId: String, accountId: String, description: String, roleId: String,
        issuedAtEpochSeconds: Int64, expiresAtEpochSeconds: Int64?
    ) {
        self.keyId = keyId
        self.accountId = accountId
        self.description = description
        self.roleId = roleId
        self.issuedAtEpochSeconds = issuedAtEpochSeconds
        self.expiresAtEpochSeconds = expiresAtEpochSeconds
    }

    /// Whether the key has expired at `now`.
    public func isExpired(at now: Date) -> Bool {
        guard let expiresAtEpochSeconds else { return false }
        return Double(expiresAtEpochSeconds) <= now.timeIntervalSince1970
    }

    /// Whether `id` has the shape of a key id (letters, digits and `-`, at most 128): only
    /// such an id is put on the clipboard, where a paste would carry anything else into a
    /// shell.
    public static func isKeyIdShaped(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 128
            && id.utf8.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A)
                    || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D
            }
    }

    /// The longest description kept, in Unicode scalars: a longer one (Momento's own limit is
    /// far below) is kept cut, the cut marked with `…`, so a hostile API cannot make the list
    /// hold megabytes per key.
    public static let descriptionLimit = 1024

    /// `text` as a description is kept: at most ``descriptionLimit`` scalars, a cut marked.
    public static func bounded(description text: String) -> String {
        guard text.utf8.count > descriptionLimit,
            text.unicodeScalars.count > descriptionLimit
        else { return text }
        var kept = String.UnicodeScalarView()
        kept.append(contentsOf: text.unicodeScalars.prefix(descriptionLimit - 1))
        kept.append("\u{2026}")
        return String(kept)
    }

    /// Decodes the wire form, keeping a long description cut (``bounded(description:)``).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        keyId = try container.decode(String.self, forKey: .keyId)
        accountId = try container.decode(String.self, forKey: .accountId)
        description = Self.bounded(
            description: try container.decode(String.self, forKey: .description))
        roleId = try container.decode(String.self, forKey: .roleId)
        issuedAtEpochSeconds = try container.decode(Int64.self, forKey: .issuedAtEpochSeconds)
        expiresAtEpochSeconds = try container.decodeIfPresent(
            Int64.self, forKey: .expiresAtEpochSeconds)
    }

    /// The fields' names on the wire, in the order of the properties.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case keyId = "key_id"
        case accountId = "account_id"
        case description
        case roleId = "role_id"
        case issuedAtEpochSeconds = "issued_at_epoch_seconds"
        case expiresAtEpochSeconds = "expires_at_epoch_seconds"
    }
}
