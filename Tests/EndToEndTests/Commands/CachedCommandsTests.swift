import Foundation
import MomentoKeys
import TestSupport
import Testing

/// `--cached` for list and check, and `cache clear`: the cache only when asked for, saying so.
@Suite("Cached lists for scripts, the real binary", .timeLimit(.minutes(2)))
struct CachedCommandsTests {
    typealias Setup = ScriptCommandsTests.Setup

    func cacheFiles(_ setup: Setup) -> [String] {
        let folder = setup.home.path + "/.cache/keyconsole"
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    @Test("list --cached: live the first time (kept), then from the cache with a notice on stderr")
    func listCached() async throws {
        let setup = try await Setup(.serve)
        // Without --cached, nothing is kept: scripts never touch the cache by surprise.
        #expect(try await setup.run(["list", "--format", "json"]).status == 0)
        #expect(cacheFiles(setup).isEmpty)
        let live = try await setup.run(["list", "--format", "json", "--cached"])
        #expect(live.status == 0)
        #expect(!live.stderr.contains("cached list"))
        #expect(cacheFiles(setup).count == 1)
        let file = try String(
            contentsOfFile: setup.home.path + "/.cache/keyconsole/" + cacheFiles(setup)[0],
            encoding: .isoLatin1)
        #expect(!file.contains(try #require(setup.environment["MOMENTO_API_KEY"])))
        #expect(!file.contains("eyJ"))

        // The server is gone: only the cache can answer.
        setup.serve?.signal(SIGTERM)
        _ = await setup.serve?.exitStatus()
        let cached = try await setup.run(["list", "--format", "json", "--cached"])
        #expect(cached.status == 0)
        // The JSON stays a bare array of the same keys (seconds_remaining counts on).
        func ids(_ json: String) throws -> [String] {
            let rows = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
            return try #require(rows).compactMap { $0["key_id"] as? String }
        }
        #expect(try ids(cached.stdout) == ids(live.stdout))
        #expect(try ids(cached.stdout).count == 13)
        #expect(cached.stderr.contains("keyconsole: cached list from "))
        #expect(cached.stderr.contains("without --cached the list is live"))
        // Without --cached, never the cache.
        #expect(try await setup.run(["list", "--format", "json"]).status != 0)
        // Too old for --cache-max-age: listed live, which fails now.
        var later = setup.environment
        later["KEYCONSOLE_NOW"] = String(Int(Date().timeIntervalSince1970) + 3600)
        let old = try await KeyconsoleProcess.run(
            ["list", "--cached", "--cache-max-age", "30m"], environment: later)
        #expect(old.status != 0)
    }

    @Test(
        "the cache is the account's: a new admin key of the same account reads the list the old one kept; another account's key does not"
    )
    func cacheOfTheAccount() async throws {
        let setup = try await Setup(.serve)
        let live = try await setup.run(["list", "--format", "json", "--cached"])
        #expect(live.status == 0, "\(live.stderr)")
        // A second admin key of the same account (the admin key rotated).
        let made = try await setup.run(
            ["create", "--role", "Owner", "--description", "next admin", "--print"])
        #expect(made.status == 0, "\(made.stderr)")
        let next = try #require(
            made.stdout.split(whereSeparator: \.isWhitespace).first { $0.count > 100 }
                .map(String.init))
        setup.serve?.signal(SIGTERM)
        _ = await setup.serve?.exitStatus()
        var rotated = setup.environment
        rotated["MOMENTO_API_KEY"] = next
        let cached = try await KeyconsoleProcess.run(
            ["list", "--format", "json", "--cached"], environment: rotated)
        #expect(cached.status == 0, "\(cached.stderr)")
        #expect(cached.stderr.contains("keyconsole: cached list from "))
        func ids(_ json: String) throws -> [String] {
            let rows = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
            return try #require(rows).compactMap { $0["key_id"] as? String }
        }
        #expect(try ids(cached.stdout) == ids(live.stdout))
        #expect(cacheFiles(setup).count == 1)
        // A key of another account finds no list: it lists live, which fails now.
        var other = setup.environment
        other["MOMENTO_API_KEY"] = TestTokens.v2Key(id: "other-account-key")
        let foreign = try await KeyconsoleProcess.run(
            ["list", "--format", "json", "--cached"], environment: other)
        #expect(foreign.status != 0)
        #expect(!foreign.stderr.contains("cached list"))
    }

    @Test(
        "completions of key ids and roles read the account's cache, with the server gone; none without a cache"
    )
    func completionsFromCache() async throws {
        let setup = try await Setup(.serve)
        let revoke = ["---completion", "revoke", "--", "positional@0", "2", "0"]
        let role = ["---completion", "create", "--", "--role", "3", "0"]
        let none = try await setup.run(revoke + ["keyconsole", "revoke", ""])
        #expect(none.status == 0 && none.stdout.isEmpty, "no cache yet: \(none.stdout)")
        let listed = try await setup.run(["list", "--format", "json", "--cached"])
        let rows = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8))
        let ids = try #require(rows as? [[String: Any]]).compactMap { $0["key_id"] as? String }
        setup.serve?.signal(SIGTERM)
        _ = await setup.serve?.exitStatus()
        let completed = try await setup.run(revoke + ["keyconsole", "revoke", ""])
        #expect(completed.status == 0, "\(completed.stderr)")
        #expect(completed.stdout.split(separator: "\n").map(String.init).sorted() == ids.sorted())
        let roles = try await setup.run(role + ["keyconsole", "create", "--role", ""])
        // The sandbox's custom roles have spaces in their names: offered by id.
        #expect(
            roles.stdout.split(separator: "\n") == [
                "Owner", "Operator", "Viewer", "r-10042", "r-10077",
            ], "\(roles.stdout)\(roles.stderr)")
    }

    @Test("check --cached says so: cached_at in JSON, an age gauge in Prometheus, text too")
    func checkCached() async throws {
        let setup = try await Setup(.serve)
        let live = try await setup.run(["check", "--format", "json", "--cached"])
        #expect(!live.stdout.contains("cached_at"))
        let json = try await setup.run(["check", "--format", "json", "--cached"])
        let document =
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let stamp = try #require(document?["cached_at"] as? String)
        #expect(stamp.wholeMatch(of: #/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/#) != nil)
        let prometheus = try await setup.run(["check", "--format", "prometheus", "--cached"])
        #expect(prometheus.stdout.contains("keyconsole_cached_list_age_seconds "))
        let text = try await setup.run(["check", "--cached"])
        #expect(text.stdout.contains("(cached "))
        let plain = try await setup.run(["check", "--format", "prometheus"])
        #expect(!plain.stdout.contains("cached"))
    }

    @Test("cache clear removes the lists; cache path says where they are")
    func clear() async throws {
        let setup = try await Setup(.serve)
        #expect(try await setup.run(["list", "--cached"]).status == 0)
        #expect(cacheFiles(setup).count == 1)
        let path = try await KeyconsoleProcess.run(
            ["cache", "path"], environment: setup.environment)
        #expect(
            path.stdout.trimmingCharacters(in: .newlines) == setup.home.path + "/.cache/keyconsole")
        let cleared = try await KeyconsoleProcess.run(
            ["cache", "clear"], environment: setup.environment)
        #expect(cleared.status == 0)
        #expect(cleared.stderr.contains("Removed 1 cached key list"))
        #expect(cacheFiles(setup).isEmpty)
    }
}
