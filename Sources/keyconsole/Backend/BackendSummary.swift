/// Which backend answered a command: `sandbox` (with its file) or `momento` (with the API URL).
struct BackendSummary: Encodable, Sendable, Hashable {
    /// `sandbox` or `momento`.
    let kind: String
    /// The sandbox file, or the key API's base URL.
    let location: String
}
