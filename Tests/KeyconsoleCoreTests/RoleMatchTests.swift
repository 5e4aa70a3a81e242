import KeyconsoleCore
import MomentoKeys
import Testing

@Suite("create --role: which role a name means")
struct RoleMatchTests {
    static func role(_ id: String, _ name: String) -> Role {
        Role(roleId: id, roleName: name, roleType: .custom, description: "")
    }

    static let roles = Role.system + [role("r-10101", "deployers"), role("r-10102", "Deployers")]

    @Test("an id, then the exact name; a name equal only ignoring case must be unique")
    func match() throws {
        #expect(try RoleLookup.match("r-10101", in: Self.roles)?.roleId == "r-10101")
        #expect(try RoleLookup.match("Deployers", in: Self.roles)?.roleId == "r-10102")
        #expect(try RoleLookup.match("deployers", in: Self.roles)?.roleId == "r-10101")
        #expect(try RoleLookup.match("operator", in: Self.roles)?.roleId == RoleID.operator)
        #expect(try RoleLookup.match("nosuch", in: Self.roles) == nil)
        #expect(throws: CLIError.self) { try RoleLookup.match("DEPLOYERS", in: Self.roles) }
    }
}
