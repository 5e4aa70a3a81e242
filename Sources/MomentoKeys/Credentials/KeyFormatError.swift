/// Why a string could not be read as a Momento key or token.
public enum KeyFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Nothing but whitespace.
    case empty
    /// The bytes are not UTF-8 text.
    case notUTF8
    /// A JWT whose parts do not decode.
    case malformedJWT(String)
    /// Base64 that does not hold a `{"endpoint","api_key"}` envelope.
    case malformedEnvelope(String)
    /// Well-formed, but not one of Momento's formats.
    case notMomentoKey(String)

    /// A sentence for a person; it never contains the key.
    public var description: String {
        switch self {
        case .empty:
            "The key is empty."
        case .notUTF8:
            "The key is not UTF-8 text; Momento keys are printable ASCII."
        case .malformedJWT(let reason):
            "This is not a valid Momento key: it looks like a JWT but \(reason)."
        case .malformedEnvelope(let reason):
            "This is not a valid Momento key: it is base64 but \(reason)."
        case .notMomentoKey(let reason):
            "This is not a Momento API key or token: \(reason)."
        }
    }
}
