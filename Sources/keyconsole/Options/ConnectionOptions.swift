import ArgumentParser
import KeyconsoleCore
import MomentoKeys

/// Where keys come from: a Momento account (profile, environment) or the sandbox.
struct ConnectionOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Use this profile of Momento CLI's credentials file; more than once for several"
                + " accounts at once (the console, list, check).", valueName: "name"),
        completion: .custom { words, _, _ in CachedCompletion(words: words).profileNames() })
    var profile: [String] = []

    @Flag(
        help:
            "Every profile of the credentials file that holds a v2 key (list, check, the console).")
    var allProfiles = false

    @Option(
        help: ArgumentHelp(
            "The key-management API base URL (also KEYCONSOLE_API_URL), e.g. a local"
                + " `keyconsole serve`.", valueName: "url"))
    var apiURL: String?

    @Option(
        help: ArgumentHelp(
            "The region (code such as us-west-2, or cell) when the credentials give no endpoint.",
            valueName: "region"),
        completion: .list(RegionTable.bundled.regions.map(\.code)))
    var region: String?

    @Option(
        help: ArgumentHelp(
            "Requests a second sent to the key API (also KEYCONSOLE_RATE_LIMIT; default 5,"
                + " Momento's limit per account; the console's automatic refreshes take at most"
                + " 40% of it); 0 sends them unpaced.", valueName: "n"))
    var rateLimit: Double?

    @Option(
        help: ArgumentHelp(
            "The most keys a list may have before it is refused as endless (default"
                + " 1,000,000).", valueName: "n"))
    var maxKeys: Int?

    @Option(
        help: ArgumentHelp(
            "Give up on the key API after this long in all (default 60s, plus 0.2s for each"
                + " key a revoke names; check: 50s).", valueName: "duration"))
    var timeout: DurationArgument?

    @OptionGroup var sandbox: SandboxOptions

    /// The values given, for the core.
    var settings: ConnectionSettings {
        ConnectionSettings(
            profiles: profile, allProfiles: allProfiles, apiURL: apiURL, region: region,
            rateLimit: rateLimit,
            maxKeys: maxKeys, timeout: timeout, sandboxPath: sandbox.path)
    }

    func validate() throws {
        do {
            try settings.validate()
        } catch {
            throw ValidationError(error.description)
        }
    }
}
