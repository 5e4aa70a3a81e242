import Foundation
import TestSupport
import Testing

/// The `--help` of every command, compared with a plain-text file under `Snapshots/help/`, so
/// that help and the docs cannot drift apart silently. `KEYCONSOLE_RECORD_SNAPSHOTS=1`
/// writes the files instead (review the diff).
@Suite("Every command's --help, as snapshots")
struct HelpSnapshotTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Snapshots/help")

    /// Every command and subcommand, as typed after `keyconsole`.
    static let commands: [[String]] = [
        [], ["console"], ["list"], ["create"], ["revoke"], ["rotate"], ["check"], ["decode"],
        ["regions"], ["serve"], ["sandbox"], ["sandbox", "path"], ["sandbox", "reset"],
        ["cache"], ["cache", "path"], ["cache", "clear"], ["audit"], ["migrate"], ["policy"],
        ["policy", "show"], ["report"], ["roles"],
    ]

    @Test("--help of each command matches its snapshot", arguments: commands)
    func help(command: [String]) async throws {
        let home = TemporaryDirectory()
        // A fixed width, as on an 80-column terminal: the help wraps the same everywhere.
        let environment = KeyconsoleProcess.environment(home: home.path, extra: ["COLUMNS": "80"])
        let result = try await KeyconsoleProcess.run(command + ["--help"], environment: environment)
        #expect(result.status == 0, "\(command): \(result.stderr)")
        let name = command.isEmpty ? "keyconsole" : command.joined(separator: "-")
        let file = Self.folder.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["KEYCONSOLE_RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(
                at: Self.folder, withIntermediateDirectories: true)
            try result.stdout.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try? String(contentsOf: file, encoding: .utf8)
        #expect(
            result.stdout == expected,
            "the help of \(name) differs from Snapshots/help/\(name).txt (KEYCONSOLE_RECORD_SNAPSHOTS=1 records it)"
        )
    }
}
