import Foundation

/// The OSC 52 escape sequence that asks the terminal (even over SSH) to set the clipboard.
public enum OSC52 {
    /// `ESC ] 52 ; c ; <base64> BEL`, wrapped as `ESC P tmux; ... ESC \` (with every ESC
    /// doubled) when running inside tmux, so tmux passes it to the outer terminal.
    public static func sequence(copying text: String, insideTmux: Bool) -> [UInt8] {
        let osc = Array("\u{1B}]52;c;\(Data(text.utf8).base64EncodedString())\u{07}".utf8)
        guard insideTmux else { return osc }
        var wrapped = Array("\u{1B}Ptmux;".utf8)
        for byte in osc {
            if byte == 0x1B { wrapped.append(0x1B) }
            wrapped.append(byte)
        }
        wrapped += Array("\u{1B}\\".utf8)
        return wrapped
    }
}
