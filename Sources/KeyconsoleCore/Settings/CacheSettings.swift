/// Whether `list` and `check` may answer from the console's cache of the list, and how old a
/// list they take.
package struct CacheSettings: Sendable {
    /// Answer from the cache (`--cached`).
    package var cached: Bool
    /// The oldest cached list to answer from, in seconds (`--cache-max-age`).
    package var maxAgeSeconds: Int64

    /// Settings as given.
    package init(cached: Bool = false, maxAgeSeconds: Int64 = 600) {
        self.cached = cached
        self.maxAgeSeconds = maxAgeSeconds
    }
}
