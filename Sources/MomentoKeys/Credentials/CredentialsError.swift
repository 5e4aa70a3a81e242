/// Why no usable credentials could be had.
public enum CredentialsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A v2 key was found but no source gave an endpoint (the SDKs' own message).
    case missingEndpoint
    /// `--profile NAME` names a profile the credentials file lacks.
    case profileNotFound(name: String, path: String)
    /// The credentials file exists but cannot be read.
    case unreadableFile(path: String, reason: String)
    /// The credentials file is not an INI file.
    case malformedFile(path: String, INIFile.Malformed)
    /// The credentials file exists but has no `[default]` profile, and no other source applies.
    case noDefaultProfile(path: String, profiles: [String])
    /// `MOMENTO_API_KEY` is set, but empty or blank.
    case blankEnvironmentKey
    /// The profile has no `api_key_v2` entry.
    case noKeyInProfile(name: String, path: String)
    /// The key is of a kind that key management refuses.
    case unsupportedKind(KeyKind, origin: CredentialOrigin)
    /// The key does not decode.
    case invalidKey(KeyFormatError, origin: CredentialOrigin)

    /// What went wrong and what to do; never contains the key.
    public var description: String {
        switch self {
        case .missingEndpoint:
            "Missing required property: endpoint"
        case .profileNotFound(let name, let path):
            "No profile [\(name)] in \(path). Add one with api_key_v2= and endpoint= lines,"
                + " or run `momento configure --profile \(name)`."
        case .unreadableFile(let path, let reason):
            "Cannot read \(path): \(reason)."
        case .malformedFile(let path, let error):
            "Cannot read \(path): \(error); fix the file or choose another with MOMENTO_CONFIG_DIR."
        case .noDefaultProfile(let path, let profiles):
            "No [default] profile in \(path), and MOMENTO_API_KEY is not set. "
                + (profiles.isEmpty
                    ? "The file has no profiles."
                    : "Choose one with --profile NAME: "
                        + profiles.joined(separator: ", ") + ".")
                + " To open the sandbox instead: KEYCONSOLE_SANDBOX=default keyconsole"
        case .blankEnvironmentKey:
            "MOMENTO_API_KEY is set but empty. Set it to a v2 API key, or unset it."
        case .noKeyInProfile(let name, let path):
            "Profile [\(name)] in \(path) has no api_key_v2 entry."
        case .unsupportedKind(let kind, let origin):
            Self.refusal(kind) + " (from \(origin))"
        case .invalidKey(let error, let origin):
            "\(error) (from \(origin))"
        }
    }

    /// A person-facing hint for `missingEndpoint`, kept apart from the SDKs' exact message.
    public static let missingEndpointHint =
        "Set MOMENTO_ENDPOINT (e.g. cell-4-us-west-2-1.prod.a.momentohq.com), add endpoint= to"
        + " the profile, or choose a region with --region."

    static let howToGetV2 =
        "Key management needs a v2 API key: create one in the Momento console (API keys,"
        + " choose a region), then set MOMENTO_API_KEY and MOMENTO_ENDPOINT, or api_key_v2= and"
        + " endpoint= in ~/.momento/credentials."

    static func refusal(_ kind: KeyKind) -> String {
        switch kind {
        case .v2ApiKey:
            "This v2 API key was refused."
        case .v1ApiKey:
            "This is a v1 API key. " + howToGetV2
        case .legacyToken:
            "This is a legacy Momento auth token. " + howToGetV2
        case .disposableToken:
            "This is a disposable token, which cannot manage API keys. " + howToGetV2
        case .v2RefreshToken:
            "This is a v2 refresh token, not an API key; it cannot authenticate requests. "
                + howToGetV2
        }
    }
}
