/// Which backend answered a command: `sandbox` (with its file) or `momento` (with the API URL).
package struct BackendSummary: Encodable, Sendable, Hashable {
    /// `sandbox` or `momento`.
    package let kind: String
    /// The sandbox file, or the key API's base URL.
    package let location: String

    /// A summary as given.
    package init(kind: String, location: String) {
        self.kind = kind
        self.location = location
    }
}
