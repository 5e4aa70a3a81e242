/// A role that keys can be granted, as `GET /roles` returns it.
public struct Role: Codable, Sendable, Hashable, Identifiable {
    /// The role's id, e.g. `r-owner` or `r-12345`.
    public var roleId: String
    /// The role's display name, e.g. `Owner`.
    public var roleName: String
    /// `system` or `custom`.
    public var roleType: RoleType
    /// Free text.
    public var description: String
    /// The role's permissions, passed through as the API gives them.
    public var permissions: JSONValue?

    /// The role id.
    public var id: String { roleId }

    /// Creates a role.
    public init(
        roleId: String, roleName: String, roleType: RoleType, description: String,
        permissions: JSONValue? = nil
    ) {
        self.roleId = roleId
        self.roleName = roleName
        self.roleType = roleType
        self.description = description
        self.permissions = permissions
    }

    /// The three roles every account has.
    public static let system: [Role] = [
        Role(
            roleId: RoleID.owner, roleName: "Owner", roleType: .system,
            description: "Super-user: full access, including API keys and account membership."),
        Role(
            roleId: RoleID.operator, roleName: "Operator", roleType: .system,
            description:
                "Full access to API and data resources; read-only account management."),
        Role(
            roleId: RoleID.viewer, roleName: "Viewer", roleType: .system,
            description: "Read-only everywhere."),
    ]

    enum CodingKeys: String, CodingKey {
        case roleId = "role_id"
        case roleName = "role_name"
        case roleType = "role_type"
        case description, permissions
    }

    /// Decodes a role; a missing description reads as `""`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        roleId = try container.decode(String.self, forKey: .roleId)
        roleName = try container.decode(String.self, forKey: .roleName)
        roleType = try container.decode(RoleType.self, forKey: .roleType)
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        permissions = try container.decodeIfPresent(JSONValue.self, forKey: .permissions)
    }
}

/// Whether a role is one of Momento's or the account's own.
public enum RoleType: String, Codable, Sendable, Hashable {
    case system
    case custom
}

/// The ids of the system roles.
public enum RoleID {
    /// `r-owner`.
    public static let owner = "r-owner"
    /// `r-operator`.
    public static let `operator` = "r-operator"
    /// `r-viewer`.
    public static let viewer = "r-viewer"

    /// Whether a key with this role can create and revoke keys (Owner, Operator).
    public static func canManageKeys(_ roleId: String) -> Bool {
        roleId == owner || roleId == `operator`
    }
}
