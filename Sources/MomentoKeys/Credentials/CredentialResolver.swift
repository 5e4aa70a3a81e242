import Foundation
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds the credentials to use, the way Momento's tools do. First match wins:
/// `--profile NAME`, then `MOMENTO_API_KEY` (+ `MOMENTO_ENDPOINT`), then the `default` profile
/// of `~/.momento/credentials` (or `$MOMENTO_CONFIG_DIR/credentials`).
///
/// `nil` means that nothing at all is configured: no `MOMENTO_API_KEY` variable, no credentials
/// file and no profile asked for. Anything else that gives no usable key is an error: a key
/// that is set but blank, a file that cannot be read or parsed, a missing profile.
public struct CredentialResolver: Sendable {
    /// The process environment (injected for tests).
    public var environment: [String: String]
    /// The user's home directory.
    public var homeDirectory: String

    /// Creates a resolver.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        homeDirectory: String = HomeDirectory.path()
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

    /// The credentials to use, or `nil` when none are configured at all.
    public func resolve(profile: String? = nil) throws(CredentialsError) -> Credentials? {
        let path = credentialsPath
        if let profile {
            guard let section = try profileEntries(profile) else {
                throw .profileNotFound(name: profile, path: path)
            }
            return try credentials(fromProfile: profile, section: section, path: path)
        }
        if let key = environment["MOMENTO_API_KEY"] {
            guard !key.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw .blankEnvironmentKey
            }
            let endpoint = environment["MOMENTO_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 }
            return try validated(key, endpoint: endpoint, origin: .environment)
        }
        guard let file = try readFile(path) else { return nil }
        guard let section = file.section("default") else {
            throw .noDefaultProfile(path: path, profiles: file.sections.keys.sorted())
        }
        return try credentials(fromProfile: "default", section: section, path: path)
    }

    /// The profiles of the credentials file, by name; none when it is missing or unreadable
    /// (for shell completion: read from the file only, never an error).
    public func profileNames() -> [String] {
        ((try? readFile(credentialsPath))??.sections.keys).map { $0.sorted() } ?? []
    }

    /// The entries of profile `name` of the credentials file; `nil` when the file or the
    /// profile is missing.
    public func profileEntries(_ name: String) throws(CredentialsError) -> [String: String]? {
        try readFile(credentialsPath)?.section(name)
    }

    private func credentials(
        fromProfile name: String, section: [String: String], path: String
    ) throws(CredentialsError) -> Credentials {
        let origin = CredentialOrigin.profile(name: name, path: path)
        let endpoint = section["endpoint"].flatMap { $0.isEmpty ? nil : $0 }
        // A profile written by an older CLI holds a v1 key: its kind is named rather than
        // "no key".
        if let key = CredentialEntry.key(in: section, .v2First) {
            return try validated(key, endpoint: endpoint, origin: origin)
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

    /// The parsed file, or `nil` when nothing (not even a dangling link) is at `path`.
    private func readFile(_ path: String) throws(CredentialsError) -> INIFile? {
        guard let bytes = try Self.contents(of: path) else { return nil }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .unreadableFile(path: path, reason: "it is not UTF-8 text")
        }
        do {
            return try INIFile(parsing: text)
        } catch {
            throw .malformedFile(path: path, error)
        }
    }

    /// The bytes of the file at `path`, or `nil` when no file or link of that name exists.
    public static func contents(of path: String) throws(CredentialsError) -> [UInt8]? {
        var status = stat()
        if lstat(path, &status) != 0 {
            if errno == ENOENT { return nil }
            throw .unreadableFile(path: path, reason: String(cString: strerror(errno)))
        }
        let file: FileDescriptor
        do {
            file = try FileDescriptor.open(
                FilePath(path), .readOnly, options: [.closeOnExec, .nonBlocking])
        } catch {
            throw .unreadableFile(path: path, reason: "\(error)")
        }
        defer { try? file.close() }
        guard fstat(file.rawValue, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw .unreadableFile(path: path, reason: "it is not a regular file")
        }
        do {
            return try BoundedRead.all(from: file, limit: 1 << 20)
        } catch {
            switch error {
            case .tooLarge:
                throw .unreadableFile(path: path, reason: "it is larger than 1 MiB")
            case .failed(let error):
                throw .unreadableFile(path: path, reason: "\(error)")
            }
        }
    }
}
