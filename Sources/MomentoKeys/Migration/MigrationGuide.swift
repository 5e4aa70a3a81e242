import Foundation
import TextKit

/// What an application changes to use a v2 key in place of a v1 one, with the endpoint
/// filled in: Momento's JavaScript forms (every SDK has the same signatures) and the
/// environment variables of `fromEnvVarV2()`.
public enum MigrationGuide {
    /// The code change, line by line, for a key used with `endpoint`.
    public static func codeChange(endpoint: String) -> [String] {
        [
            "In code (JavaScript; every Momento SDK has the same calls):",
            "  before: CredentialProvider.fromString(myApiKey)",
            "  after:  CredentialProvider.fromApiKeyV2(myApiKey, '\(endpoint)')",
            "From the environment:",
            "  before: CredentialProvider.fromEnvironmentVariable('MOMENTO_API_KEY')",
            "  after:  CredentialProvider.fromEnvVarV2(), with",
            "          MOMENTO_API_KEY=<the new v2 key>",
            "          MOMENTO_ENDPOINT=\(endpoint)",
        ]
    }

    /// The code change for `old`'s endpoint, then the reminder about `old`.
    public static func lines(for old: V1Credential) -> [String] {
        codeChange(endpoint: old.endpoint) + [reminder(old)]
    }

    /// The reminder about the old credential: it works on until it expires, and the v2 key
    /// API cannot revoke it.
    public static func reminder(_ old: V1Credential) -> String {
        let until =
            old.expiresAt.map { "until it expires (\(DateText.iso8601($0)))" }
            ?? "(it never expires)"
        return "The \(old.kind.rawValue) keeps working \(until); the v2 key API cannot revoke it."
            + " Once every client uses the new key, retire the old one where it was issued."
    }
}
