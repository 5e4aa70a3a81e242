import Foundation
import MomentoKeys
import TextKit

/// Every key of the account and the role names, for `list` and `check`: live, or with
/// `--cached` from the console's cache when it is young enough.
package struct KeyListing: Sendable {
    /// The keys, in the order the API listed them.
    package var keys: [ApiKeyInfo]
    /// Role names by id.
    package var roleNames: [String: String]
    /// When the list was saved, when it came from the cache.
    package var cachedAt: Date?

    /// Lists every key through `backend`: from the cache when `options` ask for it and a list
    /// younger than the limit is there; otherwise live (and then saved, with `--cached`).
    package static func fetch(
        _ backend: Backend, _ options: CacheSettings, now: Date,
        folder: URL = XDGDirectories().cache
    ) async throws(KeyServiceError) -> KeyListing {
        let cache = options.cached ? Self.cache(for: backend, folder: folder) : nil
        if let cache, let snapshot = cache.load() {
            let age = now.timeIntervalSince(snapshot.savedAt)
            if age >= 0, age <= Double(options.maxAgeSeconds) {
                return KeyListing(
                    keys: snapshot.keys, roleNames: snapshot.roleNames, cachedAt: snapshot.savedAt)
            }
        }
        let keys = try await backend.service.listAllKeys(warn: BackendScope.warn)
        let names = await BackendScope.roleNames(backend.service)
        if let cache {
            do throws(KeyCache.Failure) {
                try cache.save(KeyCache.Snapshot(keys: keys, roleNames: names, savedAt: now))
            } catch {
                // Asked for with --cached: say why the next run will list live again.
                Output.err("keyconsole: \(TextSanitizer.inert(error.description))")
            }
        }
        return KeyListing(keys: keys, roleNames: names, cachedAt: nil)
    }

    /// The cache of a Momento account (the sandbox has none).
    package static func cache(for backend: Backend, folder: URL) -> KeyCache? {
        guard case .momento(_, let credentials, _, let baseURL) = backend else { return nil }
        return KeyCache.forAccount(credentials.account, baseURL: baseURL, folder: folder)
    }

    /// The line that says a cached list is cached, and how old it is.
    package static func notice(_ cachedAt: Date, now: Date) -> String {
        let stamp = DateText.iso8601(cachedAt)
        return "keyconsole: cached list from \(stamp)"
            + " (\(DurationText.ago(now.timeIntervalSince(cachedAt))));"
            + " without --cached the list is live"
    }
}
