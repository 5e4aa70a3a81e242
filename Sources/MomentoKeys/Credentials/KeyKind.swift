/// The kinds of Momento credential strings that keyconsole can tell apart.
public enum KeyKind: String, Sendable, Hashable, CaseIterable {
    /// A v2 (global) API key: a JWT with `t == "g"`. The only kind key management accepts.
    case v2ApiKey = "v2 API key"
    /// A v2 refresh token: a JWT with `t == "gr"`.
    case v2RefreshToken = "v2 refresh token"
    /// A v1 API key: base64 of `{"endpoint", "api_key"}`.
    case v1ApiKey = "v1 API key"
    /// A disposable token: a v1 envelope whose inner JWT has `t == "disposable"`.
    case disposableToken = "disposable token"
    /// A legacy token: a JWT with `c` and `cp` endpoint claims.
    case legacyToken = "legacy token"
}
