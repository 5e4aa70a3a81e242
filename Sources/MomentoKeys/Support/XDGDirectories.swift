import Foundation

/// keyconsole's folders under the XDG base directories.
public struct XDGDirectories: Sendable, Hashable {
    /// `$XDG_CONFIG_HOME/keyconsole` (default `~/.config/keyconsole`).
    public let config: URL
    /// `$XDG_DATA_HOME/keyconsole` (default `~/.local/share/keyconsole`).
    public let data: URL
    /// `$XDG_STATE_HOME/keyconsole` (default `~/.local/state/keyconsole`).
    public let state: URL
    /// `$XDG_CACHE_HOME/keyconsole` (default `~/.cache/keyconsole`).
    public let cache: URL

    /// The home directory: `$HOME` when it is an absolute path (as shells expand `~`), else
    /// the account's home from the password database.
    public static func home(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let home = environment["HOME"], home.hasPrefix("/") { return home }
        return NSHomeDirectory()
    }

    /// Works the folders out from the environment.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        homeDirectory: String = XDGDirectories.home()
    ) {
        let home = URL(fileURLWithPath: homeDirectory, isDirectory: true)
        func base(_ variable: String, _ fallback: String) -> URL {
            // The XDG spec says relative paths are invalid and must be ignored.
            if let value = environment[variable], value.hasPrefix("/") {
                return URL(fileURLWithPath: value, isDirectory: true)
            }
            return home.appendingPathComponent(fallback, isDirectory: true)
        }
        config = base("XDG_CONFIG_HOME", ".config").appendingPathComponent("keyconsole")
        data = base("XDG_DATA_HOME", ".local/share").appendingPathComponent("keyconsole")
        state = base("XDG_STATE_HOME", ".local/state").appendingPathComponent("keyconsole")
        cache = base("XDG_CACHE_HOME", ".cache").appendingPathComponent("keyconsole")
    }
}
