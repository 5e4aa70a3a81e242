import Foundation
import KeyconsoleCore
import MomentoKeys
import TestSupport
import Testing

/// Completions of key ids and roles from the cache of the account the command line names.
@Suite("Completions from the cache")
struct CachedCompletionTests {
    let home = TemporaryDirectory()

    var environment: [String: String] {
        [
            "HOME": home.path, "XDG_CACHE_HOME": home.path + "/cache",
            "MOMENTO_API_KEY": TestTokens.v2Key(id: "admin-key-1"),
            "KEYCONSOLE_API_URL": "https://keys.example.com",
        ]
    }

    /// Saves `roles` and keys with `ids` as the cache of the environment's account.
    func save(ids: [String], roles: [String: String]) throws {
        let cache = try #require(
            BackendResolver(options: ConnectionSettings(), environment: environment)
                .cache(folder: URL(fileURLWithPath: home.path + "/cache/keyconsole")))
        let keys = ids.map {
            ApiKeyInfo(
                keyId: $0, accountId: "acct", description: "d", roleId: RoleID.viewer,
                issuedAtEpochSeconds: 1_700_000_000, expiresAtEpochSeconds: nil)
        }
        try cache.save(KeyCache.Snapshot(keys: keys, roleNames: roles, savedAt: Date()))
    }

    @Test(
        "key ids and role names come from the account's cache; a name a shell would expand is never offered"
    )
    func fromCache() throws {
        let none = CachedCompletion(
            words: ["keyconsole", "create", "--role", ""], environment: environment)
        #expect(none.keyIds().isEmpty)
        #expect(none.roleNames() == ["Owner", "Operator", "Viewer"])

        try save(
            ids: ["0f3c2a9e11", "$(touch /tmp/kc-pwned)", "7ab1c4d2ee"],
            roles: [
                RoleID.viewer: "Viewer", "r-1": "Deployers", "r-2": "Cache Readers",
                "r-3": "$(touch /tmp/kc-pwned)", "r-$(id)": "`id`", "r-4": "-rf",
            ])
        let words = ["keyconsole", "revoke", ""]
        let completion = CachedCompletion(words: words, environment: environment)
        #expect(completion.keyIds() == ["0f3c2a9e11", "7ab1c4d2ee"])
        // Sorted by name; a name that is not plain text is offered by its id, if that is.
        #expect(
            completion.roleNames() == [
                "Owner", "Operator", "Viewer", "r-3", "r-4", "r-2", "Deployers",
            ])

        // Another account named on the line (a profile there is none of): not this cache.
        let other = CachedCompletion(
            words: ["keyconsole", "revoke", "--profile", "staging", ""], environment: environment)
        #expect(other.keyIds().isEmpty)
        let elsewhere = CachedCompletion(
            words: ["keyconsole", "revoke", "--api-url=https://other.example.com", ""],
            environment: environment)
        #expect(elsewhere.keyIds().isEmpty)
    }

    @Test("plain words only: letters, digits and -_.:@+/=, not starting with - = or @")
    func plainWords() {
        #expect(
            CachedCompletion.plain([
                "Owner", "r-10042", "a b", "$HOME", "~root", "x;y", "-rf", "=x", "é",
                "a/b.c:d@e+f=g",
                "{a,b}", "'q'", "",
            ]) == ["Owner", "r-10042", "a/b.c:d@e+f=g"])
    }
}
