import ArgumentParser
import Foundation
import KeyconsoleCore
import MomentoKeys
import TextKit

/// `keyconsole roles`: the account's roles, what each grants, and how many keys have it.
struct RolesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roles",
        abstract: "List the account's roles, what each grants, and how many keys have each.",
        discussion: """
            System roles (Owner, Operator, Viewer) first, then the account's custom roles, each \
            with its permissions as GET /roles gives them: each rule's type and permissions, \
            its selectors (a cache, store, topic or function by name or prefix, or any; items \
            by key or key prefix) and the IP ranges it is limited to. Rules and fields \
            keyconsole does not know are shown as their JSON.

            Examples:
              keyconsole roles
              keyconsole roles --format json | jq '.[] | select(.keys == 0) | .role_name'
            """)

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var connection: ConnectionOptions

    @OptionGroup var log: LogOptions

    @Option(help: "text or json.")
    var format: Format = .text

    /// One role as JSON gives it.
    struct Entry: Encodable {
        let role: Role
        let grants: [String]?
        let keys: Int

        enum CodingKeys: String, CodingKey {
            case grants, keys, permissions, description
            case roleId = "role_id"
            case roleName = "role_name"
            case roleType = "role_type"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(role.roleId, forKey: .roleId)
            try container.encode(role.roleName, forKey: .roleName)
            try container.encode(role.roleType, forKey: .roleType)
            try container.encode(role.description, forKey: .description)
            try container.encodeIfPresent(role.permissions, forKey: .permissions)
            try container.encodeIfPresent(grants, forKey: .grants)
            try container.encode(keys, forKey: .keys)
        }
    }

    func run() async throws {
        let entries = try await BackendScope.run(
            connection.settings, log.settings, access: .readOnly, command: "roles"
        ) { backend in
            // System roles first (Owner, Operator, Viewer), then the custom ones by name.
            let system = Role.system.map(\.roleId)
            let roles = try await backend.service.allRoles().sorted {
                let (left, right) = (
                    system.firstIndex(of: $0.roleId) ?? system.count,
                    system.firstIndex(of: $1.roleId) ?? system.count
                )
                if left != right { return left < right }
                return ($0.roleName, $0.roleId) < ($1.roleName, $1.roleId)
            }
            var counts: [String: Int] = [:]
            for key in try await backend.service.listAllKeys(warn: BackendScope.warn) {
                counts[key.roleId, default: 0] += 1
            }
            return roles.map {
                Entry(
                    role: $0, grants: $0.permissions.map { PermissionSet($0).lines },
                    keys: counts[$0.roleId] ?? 0)
            }
        }
        switch format {
        case .json:
            try Output.out(try JSONOutput.render(entries))
        case .text:
            var out = ""
            for entry in entries {
                let role = entry.role
                let keys = "\(entry.keys) key\(entry.keys == 1 ? "" : "s")"
                out +=
                    TextSanitizer.inert(
                        "\(role.roleName) (\(role.roleId), \(role.roleType.rawValue)): \(keys)")
                    + "\n"
                if !role.description.isEmpty {
                    out += "  " + TextSanitizer.inert(role.description) + "\n"
                }
                for line in entry.grants ?? [] { out += "  " + TextSanitizer.inert(line) + "\n" }
            }
            try Output.write(out)
        }
    }
}
