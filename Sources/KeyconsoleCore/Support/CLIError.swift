import MomentoKeys
import TextKit

/// A one-line error for the user; ArgumentParser prints it as `Error: ...` and exits with 1.
/// Control characters (from server text it may quote) are made inert.
package struct CLIError: Error, CustomStringConvertible {
    package let description: String

    package init(_ message: String) {
        self.description = TextSanitizer.inert(message)
    }

    /// A role the account does not have, with the names of those it has.
    package static func noRole(_ role: String, among names: [String]) -> CLIError {
        CLIError("No role \(role). Roles: \(names.joined(separator: ", ")).")
    }
}
