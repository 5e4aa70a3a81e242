import ScreenModel

/// Decides what the terminal can show from facts about it. Pure, so it can be tested.
public enum TerminalCapabilities {
    /// Unicode only in a UTF-8 locale without `--ascii`; no colour under `NO_COLOR` (set and
    /// not empty), `--no-color` or a terminal without colours; 256 colours when offered.
    public static func detect(
        environment: [String: String], localeIsUTF8: Bool, hasColors: Bool, colorCount: Int,
        noColorFlag: Bool, asciiFlag: Bool
    ) -> Capabilities {
        let unicode = localeIsUTF8 && !asciiFlag
        let noColor = noColorFlag || !(environment["NO_COLOR"] ?? "").isEmpty
        let colors: Capabilities.Colors
        if noColor || !hasColors || colorCount < 8 {
            colors = .none
        } else if colorCount >= 256 {
            colors = .extended
        } else {
            colors = .basic
        }
        return Capabilities(unicode: unicode, colors: colors)
    }
}
