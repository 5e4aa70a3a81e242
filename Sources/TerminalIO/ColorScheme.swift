import CNcursesw
import ScreenModel

/// Colour pairs and attributes for each ``StyleRole``, from the ``Theme``'s inks; without
/// colour, attributes alone.
enum ColorScheme {
    static func pair(_ role: StyleRole) -> Int16 {
        Int16(StyleRole.allCases.firstIndex(of: role)! + 1)
    }

    static func install(_ colors: Capabilities.Colors, theme: Theme) {
        for role in StyleRole.allCases {
            init_pair(pair(role), theme.ink(role, colors).color, -1)
        }
    }

    /// Attributes and colour pair for a style.
    static func attributes(for style: Style, _ colors: Capabilities.Colors, theme: Theme) -> (
        attr_t, Int16
    ) {
        var attributes = kc_a_normal()
        if style.bold || theme.ink(style.role, colors).bold { attributes |= kc_a_bold() }
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
