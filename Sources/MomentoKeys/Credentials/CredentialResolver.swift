import Foundation

/// Finds the credentials to use, the way Momento's tools do. First match wins:
/// `--profile NAME`, then `MOMENTO_API_KEY` (+ `MOMENTO_ENDPOINT`), then the `default` profile
/// of `~/.momento/credentials` (or `$MOMENTO_CONFIG_DIR/credentials`).
///
/// No match is not an error: it means "use the embedded sandbox".
public struct CredentialResolver: Sendable {
    /// The process environment (injected for tests).
    public var environment: [String: String]
    /// The user's home directory.
    public var homeDirectory: String

    /// Creates a resolver.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        homeDirectory: String = XDGDirectories.home()
    ) {
        self.environment = environment
        self.homeDirectory = homeDirectory
    }

    /// The path of Momento CLI's credentials file.
    public var credentialsPath: String {
        if let dir = environment["MOMENTO_CONFIG_DIR"], !dir.isEmpty {
            return (dir as NSString).appendingPathComponent("credentials")
        }
        return (homeDirectory as NSString).appendingPathComponent(".momento/credentials")
    }

    /// The credentials to use, or `nil` when none are configured.
    public func resolve(profile: String? = nil) throws(CredentialsError) -> Credentials? {
        let path = credentialsPath
        if let profile {
            guard let file = try readFile(path) else {
                throw .profileNotFound(name: profile, path: path)
            }
            guard let section = file.section(profile) else {
                throw .profileNotFound(name: profile, path: path)
            }
            return try credentials(fromProfile: profile, section: section, path: path)
        }
        if let key = environment["MOMENTO_API_KEY"],
            !key.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        {
            let endpoint = environment["MOMENTO_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 }
            return try validated(key, endpoint: endpoint, origin: .environment)
        }
        guard let file = try readFile(path), let section = file.section("default") else {
            return nil
        }
        return try credentials(fromProfile: "default", section: section, path: path)
    }

    private func credentials(
        fromProfile name: String, section: [String: String], path: String
    ) throws(CredentialsError) -> Credentials {
        let origin = CredentialOrigin.profile(name: name, path: path)
        let endpoint = section["endpoint"].flatMap { $0.isEmpty ? nil : $0 }
        if let key = section["api_key_v2"], !key.isEmpty {
            return try validated(key, endpoint: endpoint, origin: origin)
        }
        // A profile written by an older CLI holds a v1 key: name its kind rather than "no key".
        if let older = section["api_key"] ?? section["token"], !older.isEmpty {
            return try validated(older, endpoint: endpoint, origin: origin)
        }
        throw .noKeyInProfile(name: name, path: path)
    }

    private func validated(
        _ key: String, endpoint: String?, origin: CredentialOrigin
    ) throws(CredentialsError) -> Credentials {
        let decoded: DecodedKey
        do {
            decoded = try KeyDecoder.decode(key)
        } catch {
            throw .invalidKey(error, origin: origin)
        }
        guard decoded.kind == .v2ApiKey else {
            throw .unsupportedKind(decoded.kind, origin: origin)
        }
        let trimmed = key.trimmingCharacters(in: .whitespacesAndNewlines)
        return Credentials(
            apiKey: Secret(trimmed), decoded: decoded, endpoint: endpoint, origin: origin)
    }

    private func readFile(_ path: String) throws(CredentialsError) -> INIFile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return INIFile(parsing: try String(contentsOfFile: path, encoding: .utf8))
        } catch {
            throw .unreadableFile(path: path, reason: "not readable UTF-8 text")
        }
    }
}
