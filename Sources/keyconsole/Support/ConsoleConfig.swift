import Foundation
import MomentoKeys

/// keyconsole's own settings file, `$XDG_CONFIG_HOME/keyconsole/config`: `name = value` lines
/// that people can read and edit. It holds the chosen endpoint, never a key.
struct ConsoleConfig {
    /// The chosen cell endpoint.
    var endpoint: String?

    static var path: String {
        XDGDirectories().config.appendingPathComponent("config").path
    }

    /// The saved settings; an absent or unreadable file is empty settings.
    static func load(from path: String = ConsoleConfig.path) -> ConsoleConfig {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            return ConsoleConfig()
        }
        // name = value lines only: a stray line of any other kind is skipped, not fatal.
        let lines = text.split(whereSeparator: \.isNewline).filter {
            $0.contains("=") && !$0.trimmingCharacters(in: .whitespaces).hasPrefix("[")
        }
        let entries =
            (try? INIFile(parsing: "[keyconsole]\n" + lines.joined(separator: "\n")))?
            .section("keyconsole") ?? [:]
        return ConsoleConfig(endpoint: entries["endpoint"].flatMap { $0.isEmpty ? nil : $0 })
    }

    /// Writes the settings atomically.
    func save(to path: String = ConsoleConfig.path) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var text = "# keyconsole settings, written by the region picker (p)\n"
        if let endpoint { text += "endpoint = \(endpoint)\n" }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
