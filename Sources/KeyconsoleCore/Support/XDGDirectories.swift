import Foundation
import MomentoKeys

/// keyconsole's folders under the XDG base directories.
package struct XDGDirectories: Sendable, Hashable {
    /// `$XDG_CONFIG_HOME/keyconsole` (default `~/.config/keyconsole`).
    package let config: URL
    /// `$XDG_DATA_HOME/keyconsole` (default `~/.local/share/keyconsole`).
    package let data: URL
    /// `$XDG_STATE_HOME/keyconsole` (default `~/.local/state/keyconsole`).
    package let state: URL
    /// `$XDG_CACHE_HOME/keyconsole` (default `~/.cache/keyconsole`).
    package let cache: URL

    /// The home directory (``HomeDirectory``).
    package static func home(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        HomeDirectory.path(environment: environment)
    }

    /// Works the folders out from the environment.
    package init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        homeDirectory: String? = nil
    ) {
        let home = URL(
            fileURLWithPath: homeDirectory ?? Self.home(environment: environment), isDirectory: true
        )
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

    /// `$XDG_CONFIG_HOME/keyconsole/regions.json`: the user's own regions (private cells).
    package var regionsFile: String { config.appendingPathComponent("regions.json").path }

    /// `$XDG_DATA_HOME/keyconsole/sandbox.sqlite`: the default sandbox.
    package var sandboxFile: String { data.appendingPathComponent("sandbox.sqlite").path }
}
