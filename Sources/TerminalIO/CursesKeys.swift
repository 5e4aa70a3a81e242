import CNcursesw
import ScreenModel

/// Turns what `wget_wch` returns into a ``Key``.
enum CursesKeys {
    static func key(code: Int32, isFunctionKey: Bool) -> Key {
        if isFunctionKey {
            switch code {
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_PPAGE: return .pageUp
            case KEY_NPAGE: return .pageDown
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_BACKSPACE: return .backspace
            case KEY_DC: return .delete
            case KEY_ENTER: return .enter
            case KEY_BTAB: return .backTab
            case KEY_F0 + 1: return .f1
            case KEY_F0 + 6: return .f6
            default: return .other
            }
        }
        switch code {
        case 3: return .controlC
        case 26: return .controlZ
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 0..<32: return .other
        default:
            guard let scalar = Unicode.Scalar(UInt32(code)) else { return .other }
            return .character(Character(scalar))
        }
    }
}
