/// How much power a role holds, for the rule that a key may create or revoke only keys whose
/// role is not above its own: Owner above Operator above a custom role that can write above
/// Viewer (and a custom role that only reads).
///
/// Custom roles can never be super-users, so none ranks above Operator. Momento does not
/// document such a rule; keyconsole keeps it so that no key hands out or takes away more
/// power than it has.
public enum RoleRank: Int, Sendable, Hashable, Comparable, CaseIterable {
    /// Viewer, and custom roles that only read.
    case reader
    /// Custom roles with a permission that writes.
    case writer
    /// Operator.
    case `operator`
    /// Owner.
    case owner

    /// The rank of a role id; a custom role ranks by its permissions (`nil`: unknown, so
    /// it ranks as a writer, the highest a custom role can have).
    public init(roleId: String, permissions: JSONValue?) {
        switch roleId {
        case RoleID.owner: self = .owner
        case RoleID.operator: self = .operator
        case RoleID.viewer: self = .reader
        default:
            guard let permissions else {
                self = .writer
                return
            }
            // Only a permission word writes (`write`, `invoke`), never a selector's name; a
            // set not in Momento's shape ranks as a writer, the highest a custom role has.
            let set = PermissionSet(permissions)
            self = !set.readable || set.writes ? .writer : .reader
        }
    }

    /// The rank of a role as `GET /roles` returns it.
    public init(_ role: Role) {
        self.init(roleId: role.roleId, permissions: role.permissions)
    }

    /// Whether a key of this rank may create or revoke a key of `other`'s rank.
    public func covers(_ other: RoleRank) -> Bool { other <= self }

    public static func < (lhs: RoleRank, rhs: RoleRank) -> Bool { lhs.rawValue < rhs.rawValue }
}
