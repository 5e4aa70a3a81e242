import Foundation
import MomentoKeys
import TextKit

/// JSON for scripts: pretty, keys sorted, and inert on a terminal (control characters from
/// data escaped as `\uXXXX`, so they survive a round trip).
package enum JSONOutput {
    /// The whole document, or an error: never a partial or empty stand-in.
    package static func render(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return TextSanitizer.escapingControlsInJSON(String(decoding: data, as: UTF8.self))
    }
}
