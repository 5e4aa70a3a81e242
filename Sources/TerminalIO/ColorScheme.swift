import CNcursesw
import ScreenModel

/// Colour pairs and attributes for each ``StyleRole``; without colour, attributes alone.
enum ColorScheme {
    /// The foreground of each role; -1 is the terminal's default.
    static func foreground(_ role: StyleRole, _ colors: Capabilities.Colors) -> Int16 {
        let grey: Int16 = colors == .extended ? 245 : -1
        switch role {
        case .normal, .header, .columnHeader, .selected: return -1
        case .title, .hintKey: return Int16(COLOR_CYAN)
        case .owner: return Int16(COLOR_MAGENTA)
        case .operator: return Int16(COLOR_CYAN)
        case .viewer, .info: return Int16(COLOR_GREEN)
        case .custom, .border: return Int16(COLOR_BLUE)
        case .urgent, .error: return Int16(COLOR_RED)
        case .warning, .accent: return Int16(COLOR_YELLOW)
        case .muted, .hint, .disabled: return grey
        }
    }

    static func pair(_ role: StyleRole) -> Int16 {
        Int16(StyleRole.allCases.firstIndex(of: role)! + 1)
    }

    static func install(_ colors: Capabilities.Colors) {
        for role in StyleRole.allCases {
            init_pair(pair(role), foreground(role, colors), -1)
        }
    }

    /// Attributes and colour pair for a style.
    static func attributes(for style: Style, _ colors: Capabilities.Colors) -> (attr_t, Int16) {
        var attributes = kc_a_normal()
        if style.bold { attributes |= kc_a_bold() }
        if style.reverse { attributes |= kc_a_reverse() }
        if style.underline { attributes |= kc_a_underline() }
        let dim: Bool
        switch style.role {
        case .muted, .hint, .disabled: dim = colors != .extended
        default: dim = false
        }
        if dim { attributes |= kc_a_dim() }
        return (attributes, colors == .none ? 0 : pair(style.role))
    }
}
