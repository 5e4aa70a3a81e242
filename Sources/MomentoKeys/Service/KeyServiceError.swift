/// What went wrong talking to the key-management API, in words that say what to do.
public enum KeyServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 400: the request was malformed or a value was refused (e.g. a past expiry).
    case badRequest(message: String)
    /// 401: the key is invalid, expired or revoked.
    case unauthorized(message: String)
    /// 403: the key's role may not manage API keys.
    case forbidden(message: String)
    /// 404: no such key or role.
    case notFound(message: String)
    /// 429: too many auth operations; `retryAfter` in seconds when the server said.
    case rateLimited(retryAfterSeconds: Int?)
    /// Another 4xx status (409, 412 ...).
    case rejected(status: Int, code: String, message: String)
    /// 5xx.
    case server(status: Int, message: String)
    /// No answer within the request timeout (a request that changes nothing).
    case timeout(seconds: Int)
    /// A create was sent but no answer came: the key may or may not exist.
    case createOutcomeUnknown(reason: String)
    /// The server could not be reached at all.
    case network(host: String, reason: String)
    /// The server answered with something that is not the API's JSON.
    case invalidResponse(String)
    /// The whole run's time (such as `60s (--timeout)`) ran out before an answer.
    case deadlinePassed(String)
    /// Not sent: the account is read-only here (`--read-only`, or `read_only` in its
    /// profile's settings).
    case readOnly
    /// Not sent: with several accounts, the key is no longer listed under any of them.
    case unknownAccount

    /// The HTTP status this error stands for, when there is one.
    public var status: Int? {
        switch self {
        case .badRequest: 400
        case .unauthorized: 401
        case .forbidden: 403
        case .notFound: 404
        case .rateLimited: 429
        case .rejected(let status, _, _), .server(let status, _): status
        case .timeout, .createOutcomeUnknown, .network, .invalidResponse, .deadlinePassed,
            .readOnly, .unknownAccount:
            nil
        }
    }

    /// The error as the API's body: a short code and the server's message.
    public var body: ErrorBody {
        switch self {
        case .badRequest(let message): ErrorBody(code: "bad_request", message: message)
        case .unauthorized(let message): ErrorBody(code: "unauthorized", message: message)
        case .forbidden(let message): ErrorBody(code: "forbidden", message: message)
        case .notFound(let message): ErrorBody(code: "not_found", message: message)
        case .rateLimited:
            ErrorBody(code: "rate_limited", message: "Too many requests; slow down")
        case .rejected(_, let code, let message): ErrorBody(code: code, message: message)
        case .server(_, let message): ErrorBody(code: "internal_error", message: message)
        default: ErrorBody(code: "client_error", message: description)
        }
    }

    /// Builds the error for a non-200 answer from its status and body.
    public init(status: Int, body: ErrorBody?, retryAfterSeconds: Int? = nil) {
        let message = body?.message ?? "HTTP \(status)"
        switch status {
        case 400: self = .badRequest(message: message)
        case 401: self = .unauthorized(message: message)
        case 403: self = .forbidden(message: message)
        case 404: self = .notFound(message: message)
        case 429: self = .rateLimited(retryAfterSeconds: retryAfterSeconds)
        case 500...599: self = .server(status: status, message: message)
        default: self = .rejected(status: status, code: body?.code ?? "", message: message)
        }
    }

    /// Whether a request that changes nothing may be sent again after this error.
    public var isRetryable: Bool {
        switch self {
        case .rateLimited, .server, .timeout, .network: true
        default: false
        }
    }

    /// One or two sentences for a person.
    public var description: String {
        switch self {
        case .badRequest(let message):
            "The request was refused as invalid: \(message)."
        case .unauthorized(let message):
            "The API key was not accepted (\(message)): it is invalid, expired or revoked."
                + " Configure a current v2 API key."
        case .forbidden(let message):
            "Refused for this key's role (\(message)). Creating and revoking keys needs an Owner"
                + " or Operator key whose role is not below the key's it creates or revokes."
        case .notFound(let message):
            "Not found: \(message)."
        case .rateLimited(let seconds):
            "Rate limited: Momento allows about 5 key operations per second per account."
                + (seconds.map { " Try again in \($0) s." } ?? " Wait a moment and try again.")
        case .rejected(let status, let code, let message):
            "The request was refused (HTTP \(status) \(code)): \(message)."
        case .server(let status, let message):
            "Momento had an internal error (HTTP \(status): \(message)). Try again shortly."
        case .timeout(let seconds):
            "No answer from the key API within \(seconds) s. Check the network and try again."
        case .createOutcomeUnknown(let reason):
            "The create request was sent but no answer came back (\(reason)); the key may or"
                + " may not exist. Refresh the list before creating it again."
        case .network(let host, let reason):
            "Cannot reach \(host): \(reason). Check the network, proxy (HTTPS_PROXY) and"
                + " endpoint."
        case .invalidResponse(let detail):
            "The key API answered with something unexpected: \(detail)."
        case .deadlinePassed(let limit):
            "No answer within \(limit)."
        case .readOnly:
            "Not sent: this account is read-only here (--read-only, or read_only = true in its"
                + " profile's settings)."
        case .unknownAccount:
            "Not sent: the key is no longer listed under any account here. Refresh (r) and try"
                + " again."
        }
    }
}
