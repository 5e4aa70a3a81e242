import ArgumentParser
import KeyconsoleCore

/// `--cached` for `list` and `check`: answer from the console's cache of the list, which
/// scripts get only when they ask for it.
struct CacheOptions: ParsableArguments {
    @Flag(
        help: ArgumentHelp(
            "Answer from the last complete list kept in $XDG_CACHE_HOME/keyconsole when it is"
                + " younger than --cache-max-age (saying so, and its age); otherwise list live"
                + " and keep that list."))
    var cached = false

    @Option(
        help: ArgumentHelp(
            "With --cached, the oldest cached list to answer from.", valueName: "duration"))
    var cacheMaxAge = DurationArgument(argument: "10m")!

    /// The values given, for the core.
    var settings: CacheSettings {
        CacheSettings(cached: cached, maxAgeSeconds: cacheMaxAge.seconds)
    }
}
