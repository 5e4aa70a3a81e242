import Foundation
import Logging
import MomentoKeys
import TextKit

/// A swift-log handler writing one inert line per event (to a ``LogFile``, or stderr): no
/// control character from server text quoted in a message reaches whoever reads the log.
package struct LineLogHandler: LogHandler {
    package let label: String
    package let write: @Sendable (String) -> Void
    package var metadata: Logger.Metadata = [:]
    package var logLevel: Logger.Level = .info

    package init(label: String, write: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.write = write
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let time = DateText.iso8601(WallClock.current.now)
        write(
            TextSanitizer.inert(
                "\(time) \(event.level) \(label): \(event.message)"
                    + (fields.isEmpty ? "" : " " + fields.joined(separator: " "))))
    }
}
