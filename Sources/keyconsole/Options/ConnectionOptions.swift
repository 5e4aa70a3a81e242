import ArgumentParser

/// Where keys come from: a Momento account (profile, environment) or the sandbox.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "Use this profile of Momento CLI's credentials file.")
    var profile: String?

    @Option(
        help: ArgumentHelp(
            "The key-management API base URL (also KEYCONSOLE_API_URL), e.g. a local"
                + " `keyconsole serve`.", valueName: "url"))
    var apiURL: String?

    @Option(
        help: ArgumentHelp(
            "The region (code such as us-west-2, or cell) when the credentials give no endpoint.",
            valueName: "region"))
    var region: String?

    @OptionGroup var sandbox: SandboxOptions

    func validate() throws {
        if sandbox.path != nil, profile != nil || apiURL != nil {
            throw ValidationError(
                "--sandbox chooses the sandbox; it cannot be combined with --profile or --api-url.")
        }
    }
}
