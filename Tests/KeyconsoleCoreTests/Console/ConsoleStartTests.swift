import ConsoleUI
import Foundation
import KeyconsoleCore
import MomentoKeys
import Testing

@Suite("The console's first state, from what it reads at start")
struct ConsoleStartTests {
    static let now = Date(timeIntervalSince1970: 1_795_348_800)

    static func key(_ id: String) -> ApiKeyInfo {
        ApiKeyInfo(
            keyId: id, accountId: "a", description: "d", roleId: RoleID.viewer,
            issuedAtEpochSeconds: 1_795_000_000, expiresAtEpochSeconds: nil)
    }

    @Test("a cached list shows at once, marked with its age; kept rotations keep their marks")
    func cachedAndKept() {
        var start = ConsoleStart(info: BackendInfo(kind: .sandbox(path: "s.sqlite")), now: Self.now)
        start.caching = true
        start.cached = KeyCache.Snapshot(
            keys: [Self.key("k1"), Self.key("k2")], roleNames: ["r-1": "Deployers"],
            savedAt: Self.now.addingTimeInterval(-180))
        start.kept = .success([
            KeptRotation(
                oldKeyId: "k1", newKeyId: "k2", deadline: Self.now.addingTimeInterval(3600),
                overlapSeconds: 86400)
        ])
        let state = start.state
        #expect(state.loaded && state.keys.map(\.keyId) == ["k1", "k2"])
        #expect(state.cachedAt == Self.now.addingTimeInterval(-180))
        #expect(state.roleNames["r-1"] == "Deployers")
        #expect(state.rotated == ["k1": "k2"])
        #expect(state.flash == nil)
    }

    @Test(
        "a rotations file that does not read is an error on screen, no rotation marked; no cached list while a region must be chosen"
    )
    func unreadableAndNoRegion() {
        var start = ConsoleStart(
            info: BackendInfo(kind: .production(endpoint: "", region: nil)), now: Self.now)
        start.caching = true
        start.cached = KeyCache.Snapshot(keys: [Self.key("k1")], roleNames: [:], savedAt: Self.now)
        start.kept = .failure(RotationRecords.Failure(description: "rotations.json does not read"))
        let state = start.state
        #expect(state.needsEndpoint)
        #expect(!state.loaded && state.keys.isEmpty, "the list comes from the region's API")
        #expect(state.keptRotations.isEmpty && state.rotated.isEmpty)
        #expect(state.flash?.level == .error)
        #expect(state.flash?.text.contains("rotations.json does not read") == true)
    }
}
