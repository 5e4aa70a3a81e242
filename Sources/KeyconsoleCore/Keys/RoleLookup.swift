import Foundation
import MomentoKeys

/// Which role a command creates with, from what was typed.
package enum RoleLookup {
    /// The role to create with: `--role-id` as given (a system role named, a custom one by
    /// its id: see ``named(_:policy:_:)``); a system role by name or id without asking the
    /// API; otherwise the account's roles by id, then by name.
    package static func chosen(role: String?, roleId: String?, _ service: any KeyService)
        async throws
        -> (id: String, name: String)
    {
        if let roleId {
            return (roleId, Role.system.first { $0.roleId == roleId }?.roleName ?? roleId)
        }
        let role = role ?? ""
        if let system = try Self.match(role, in: Role.system) {
            return (system.roleId, system.roleName)
        }
        let roles = try await service.allRoles()
        guard let found = try Self.match(role, in: roles) else {
            throw CLIError.noRole(role, among: roles.map(\.roleName))
        }
        return (found.roleId, found.roleName)
    }

    /// The name of a role given by id (`--role-id r-12345`) when the key policy has role
    /// tables (`policy`): asked of the account, since a table is by name; refused when it
    /// cannot be told, as the table for it would otherwise not hold.
    package static func named(
        _ match: (id: String, name: String), policy: AccountPolicy, _ service: any KeyService
    ) async throws -> (id: String, name: String) {
        guard match.name == match.id, policy.hasRoleTables else { return match }
        let roles: [Role]
        do {
            roles = try await service.allRoles()
        } catch {
            throw CLIError(
                "Nothing was created: the key policy has tables by role name, and the account's"
                    + " roles could not be read to name \(match.id) (\(error)); give --role NAME.")
        }
        return (match.id, roles.first { $0.roleId == match.id }?.roleName ?? match.id)
    }

    /// The role `text` names: by id, else by exact name, else by the one name equal to it
    /// ignoring case; names equal only ignoring case are ambiguous.
    package static func match(_ text: String, in roles: [Role]) throws(CLIError) -> Role? {
        if let byId = roles.first(where: { $0.roleId == text }) { return byId }
        if let exact = roles.first(where: { $0.roleName == text }) { return exact }
        let folded = roles.filter { $0.roleName.caseInsensitiveCompare(text) == .orderedSame }
        guard folded.count <= 1 else {
            throw CLIError(
                "--role \(text) matches \(folded.count) roles ("
                    + folded.map { "\($0.roleName) \($0.roleId)" }.joined(separator: ", ")
                    + "): write the name exactly, or use --role-id.")
        }
        return folded.first
    }
}
