import ConsoleUI
import Foundation
import ScreenModel
import Testing

/// Compares a screen with a plain-text snapshot in `Snapshots/` (text, then the style letters).
/// `KEYCONSOLE_RECORD_SNAPSHOTS=1` writes the snapshots instead.
enum Snapshot {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func text(of screen: Screen) -> String {
        screen.lines.joined(separator: "\n") + "\n--- styles ---\n"
            + screen.styleLines.joined(separator: "\n") + "\n"
    }

    static func assert(
        _ screen: Screen, named name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let file = folder.appendingPathComponent(name + ".txt")
        let actual = text(of: screen)
        if ProcessInfo.processInfo.environment["KEYCONSOLE_RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record(
                "no snapshot \(name).txt; run with KEYCONSOLE_RECORD_SNAPSHOTS=1",
                sourceLocation: sourceLocation)
            return
        }
        #expect(actual == expected, "snapshot \(name) differs", sourceLocation: sourceLocation)
    }
}
