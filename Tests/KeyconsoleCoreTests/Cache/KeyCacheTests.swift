import Foundation
import KeyconsoleCore
import MomentoKeys
import TestSupport
import Testing

/// The console's cache of the last complete list: one private file per key API and key,
/// metadata only.
@Suite("The key cache")
struct KeyCacheTests {
    let folder = TemporaryDirectory()
    var cacheFolder: URL { URL(fileURLWithPath: folder.path + "/cache/keyconsole") }
    static let url = URL(string: "https://api.cache.cell-4-us-west-2-1.prod.a.momentohq.com")!

    static func snapshot(_ count: Int) -> KeyCache.Snapshot {
        let keys = (0..<count).map { (index: Int) -> ApiKeyInfo in
            let expires: Int64? = index % 3 == 0 ? nil : 1_800_000_000 + Int64(index)
            let role = index % 2 == 0 ? RoleID.viewer : "r-7"
            return ApiKeyInfo(
                keyId: String(format: "key%029d", index), accountId: "acct-0f3c2a9e1b7d",
                description: "key \(index) \u{1B}[31m日本", roleId: role,
                issuedAtEpochSeconds: 1_700_000_000 + Int64(index), expiresAtEpochSeconds: expires)
        }
        return KeyCache.Snapshot(
            keys: keys, roleNames: [RoleID.viewer: "Viewer", "r-7": "Deploy Bots"],
            savedAt: Date(timeIntervalSince1970: 1_795_348_800.5))
    }

    @Test("a saved list loads back whole, in order; the folder is 0700 and the file 0600")
    func roundTrip() throws {
        let cache = KeyCache(folder: cacheFolder, baseURL: Self.url, account: "k-1")
        #expect(cache.load() == nil)
        let snapshot = Self.snapshot(250)
        try cache.save(snapshot)
        #expect(cache.load() == snapshot)
        // Read back, the keys share one copy of the account's id, not one a key.
        let ids = Set(
            (cache.load()?.keys ?? []).map {
                $0.accountId.utf8.withContiguousStorageIfAvailable {
                    UInt(bitPattern: $0.baseAddress)
                } ?? 0
            })
        #expect(ids.count == 1)
        // Saved again with fewer keys: the old rows go.
        let smaller = Self.snapshot(3)
        try cache.save(smaller)
        #expect(cache.load() == smaller)
        let folderMode =
            try FileManager.default.attributesOfItem(atPath: cacheFolder.path)[
                .posixPermissions] as? Int
        let fileMode =
            try FileManager.default.attributesOfItem(atPath: cache.path)[
                .posixPermissions] as? Int
        #expect(folderMode == 0o700)
        #expect(fileMode == 0o600)
    }

    @Test("each key API and acting key has its own file; one never reads another's list")
    func perAccount() throws {
        let first = KeyCache(folder: cacheFolder, baseURL: Self.url, account: "k-1")
        let otherKey = KeyCache(folder: cacheFolder, baseURL: Self.url, account: "k-2")
        let otherURL = KeyCache(
            folder: cacheFolder, baseURL: URL(string: "http://127.0.0.1:8080")!, account: "k-1")
        try first.save(Self.snapshot(5))
        #expect(Set([first.path, otherKey.path, otherURL.path]).count == 3)
        #expect(otherKey.load() == nil)
        #expect(otherURL.load() == nil)
        // A file that says it holds another account's list is not read as this one's.
        try FileManager.default.copyItem(atPath: first.path, toPath: otherKey.path)
        #expect(otherKey.load() == nil)
    }

    @Test("a broken file reads as no cache and is written over; a shared file is refused")
    func brokenAndForeignFiles() throws {
        let cache = KeyCache(folder: cacheFolder, baseURL: Self.url, account: "k-1")
        try FileManager.default.createDirectory(at: cacheFolder, withIntermediateDirectories: true)
        _ = folder.write(
            "cache/keyconsole/" + URL(fileURLWithPath: cache.path).lastPathComponent, "not sqlite")
        chmod(cache.path, 0o600)
        #expect(cache.load() == nil)
        try cache.save(Self.snapshot(2))
        #expect(cache.load() == Self.snapshot(2))
        chmod(cache.path, 0o644)
        #expect(throws: KeyCache.Failure.self) { try cache.save(Self.snapshot(2)) }
    }

    @Test("only a private file of ours is read: not a link, not one others can read")
    func foreignFilesNotRead() throws {
        let cache = KeyCache(folder: cacheFolder, baseURL: Self.url, account: "k-1")
        try cache.save(Self.snapshot(2))
        chmod(cache.path, 0o640)
        #expect(cache.load() == nil)
        chmod(cache.path, 0o600)
        #expect(cache.load() == Self.snapshot(2))
        // A link planted where the file goes is neither read nor written through.
        let elsewhere = folder.path + "/elsewhere.sqlite"
        try FileManager.default.moveItem(atPath: cache.path, toPath: elsewhere)
        try FileManager.default.createSymbolicLink(
            atPath: cache.path, withDestinationPath: elsewhere)
        #expect(cache.load() == nil)
        #expect(throws: KeyCache.Failure.self) { try cache.save(Self.snapshot(3)) }
        #expect(KeyCache(folder: cacheFolder, baseURL: Self.url, account: "k-1").load() == nil)
        // A folder others may write to is refused.
        try FileManager.default.removeItem(atPath: cache.path)
        chmod(cacheFolder.path, 0o777)
        #expect(throws: KeyCache.Failure.self) { try cache.save(Self.snapshot(3)) }
        chmod(cacheFolder.path, 0o700)
    }

    @Test("a key without an id has no cache: no two accounts share one")
    func keyWithoutId() {
        #expect(KeyCache.forAccount("", baseURL: Self.url, folder: cacheFolder) == nil)
        #expect(KeyCache.forAccount(nil, baseURL: Self.url, folder: cacheFolder) == nil)
        #expect(KeyCache.forAccount("k-1", baseURL: nil, folder: cacheFolder) == nil)
        #expect(KeyCache.forAccount("k-1", baseURL: Self.url, folder: cacheFolder) != nil)
    }

    @Test("cache clear removes every list, and says how many")
    func clear() throws {
        try KeyCache(folder: cacheFolder, baseURL: Self.url, account: "k-1").save(Self.snapshot(2))
        try KeyCache(folder: cacheFolder, baseURL: Self.url, account: "k-2").save(Self.snapshot(2))
        _ = folder.write("cache/keyconsole/other.txt", "not ours")
        #expect(try KeyCache.clear(folder: cacheFolder) == 2)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: cacheFolder.path) == ["other.txt"])
        #expect(try KeyCache.clear(folder: URL(fileURLWithPath: folder.path + "/none")) == 0)
    }
}
