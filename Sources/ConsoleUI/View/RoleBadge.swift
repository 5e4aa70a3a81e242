import MomentoKeys
import ScreenModel
import TextKit

/// The role badge of a row: `OWNER`, `OPERATOR`, `VIEWER`, or the custom role's name.
enum RoleBadge {
    static func text(_ key: ApiKeyInfo, state: ConsoleState) -> String {
        switch key.roleId {
        case RoleID.owner: "OWNER"
        case RoleID.operator: "OPERATOR"
        case RoleID.viewer: "VIEWER"
        default: TextSanitizer.inert(state.roleName(of: key))
        }
    }

    static func style(_ roleId: String) -> Style {
        switch roleId {
        case RoleID.owner: Style(.owner, bold: true)
        case RoleID.operator: Style(.operator, bold: true)
        case RoleID.viewer: Style(.viewer)
        default: Style(.custom)
        }
    }
}
