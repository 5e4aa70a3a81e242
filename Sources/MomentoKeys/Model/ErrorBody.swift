/// The error body of the key-management API: `{"code": ..., "message": ...}`.
public struct ErrorBody: Codable, Sendable, Hashable {
    /// A short label, e.g. `not_found`.
    public var code: String
    /// Human text.
    public var message: String

    /// Creates an error body.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}
