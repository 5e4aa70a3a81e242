import Foundation
import KeySandbox
import MomentoKeys

/// Where keys come from, as the command line and the environment ask: a Momento account
/// (profile, API URL, region) or the sandbox; with the pacing, bound and deadline of requests.
package struct ConnectionSettings: Sendable {
    /// The profiles of Momento CLI's credentials file (`--profile`, once or more), in order.
    package var profiles: [String]
    /// Every profile that holds a v2 key (`--all-profiles`).
    package var allProfiles: Bool
    /// The key-management API base URL (`--api-url`).
    package var apiURL: String?
    /// The region (code or cell) when the credentials give no endpoint (`--region`).
    package var region: String?
    /// Requests a second to the key API (`--rate-limit`); 0 sends them unpaced.
    package var rateLimit: Double?
    /// The most keys a list may have (`--max-keys`).
    package var maxKeys: Int?
    /// How long the key API has in all (`--timeout`).
    package var timeout: DurationArgument?
    /// The sandbox database asked for with `--sandbox`.
    package var sandboxPath: String?

    /// Settings with every value given (`nil`: not asked for).
    package init(
        profile: String? = nil, profiles: [String] = [], allProfiles: Bool = false,
        apiURL: String? = nil, region: String? = nil, rateLimit: Double? = nil,
        maxKeys: Int? = nil, timeout: DurationArgument? = nil, sandboxPath: String? = nil
    ) {
        self.profiles = profile.map { [$0] + profiles } ?? profiles
        self.allProfiles = allProfiles
        self.apiURL = apiURL
        self.region = region
        self.rateLimit = rateLimit
        self.maxKeys = maxKeys
        self.timeout = timeout
        self.sandboxPath = sandboxPath
    }

    /// The one profile asked for by name (the first, when several were: the commands that
    /// work on several accounts go through ``BackendResolver/accounts()``).
    package var profile: String? {
        get { profiles.first }
        set { profiles = newValue.map { [$0] } ?? [] }
    }

    /// Whether more than one account was asked for on the command line.
    package var asksForSeveral: Bool { allProfiles || Set(profiles).count > 1 }

    /// The environment variable that asks for the sandbox.
    package static let sandboxVariable = "KEYCONSOLE_SANDBOX"

    /// Refuses values and combinations that cannot work, with the message a user reads.
    package func validate() throws(CLIError) {
        if let maxKeys, maxKeys < 1 {
            throw CLIError("--max-keys takes a number of keys, 1 or more.")
        }
        if let rateLimit, !(rateLimit >= 0 && rateLimit <= 1000) {
            throw CLIError("--rate-limit takes a number of requests a second, 0 to 1000.")
        }
        if let sandboxPath, sandboxPath.trimmingCharacters(in: .whitespaces).isEmpty {
            throw CLIError("--sandbox needs the path of a sandbox file.")
        }
        if sandboxPath != nil, profile != nil || apiURL != nil || allProfiles {
            throw CLIError(
                "--sandbox chooses the sandbox; it cannot be combined with --profile,"
                    + " --all-profiles or --api-url.")
        }
        if allProfiles, !profiles.isEmpty {
            throw CLIError(
                "--all-profiles takes every profile; it cannot be combined with --profile.")
        }
        if profiles.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw CLIError("--profile needs the name of a profile.")
        }
    }

    /// Runs `body` with the list's bound (`--max-keys`) in force for every list it makes.
    package func withListBound<Value>(_ body: () async throws -> Value) async rethrows -> Value {
        try await KeyPages.$maxKeys.withValue(maxKeys ?? KeyPages.maxKeys, operation: body)
    }

    /// The sandbox asked for by `--sandbox`, else by `KEYCONSOLE_SANDBOX`; `nil` when neither.
    /// Either way `default` is the default sandbox (a file named so is `./default`).
    package func requestedSandbox(environment: [String: String]) throws(CLIError) -> String? {
        let value: String
        if let sandboxPath {
            value = sandboxPath
        } else if let variable = environment[Self.sandboxVariable] {
            value = variable
        } else {
            return nil
        }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            throw CLIError(
                "\(Self.sandboxVariable) is set but empty: set it to a sandbox file path, or to"
                    + " default.")
        }
        return trimmed == "default"
            ? XDGDirectories(environment: environment).sandboxFile : Self.absolute(trimmed)
    }

    /// The sandbox for commands that always work on one (`serve`, `sandbox`): the one asked
    /// for, else the default under XDG_DATA_HOME.
    package func sandboxForSandboxCommands(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CLIError) -> String {
        try requestedSandbox(environment: environment)
            ?? XDGDirectories(environment: environment).sandboxFile
    }

    private static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
