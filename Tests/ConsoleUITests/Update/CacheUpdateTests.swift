import ConsoleUI
import Foundation
import MomentoKeys
import Testing

/// The list of an earlier run, shown at once and replaced when the refresh completes.
@Suite("update: the cached list")
struct CacheUpdateTests {
    static let gone = Fixtures.keys[2]
    static let new = Fixtures.key(
        "ffffffff000000000000000000000000", RoleID.viewer, "Arrived since", issuedDaysAgo: 0,
        expiresIn: 3600)

    /// A console started on the fixture keys as a cached list saved 3 minutes ago.
    static func startedFromCache() -> (ConsoleState, [Effect]) {
        var state = ConsoleState(
            backend: BackendInfo(kind: .sandbox(path: "s.sqlite"), ownKeyId: nil), now: Fixtures.now
        )
        state.caching = true
        state.keys = Fixtures.keys
        state.loaded = true
        state.cachedAt = Fixtures.now.addingTimeInterval(-180)
        var (started, effects) = ConsoleUpdate.start(state)
        started = ConsoleUpdate.update(started, .resized(width: 80, height: 24)).0
        return (started, effects)
    }

    @Test("shown at once with its age; the refresh replaces it: gone keys leave, new ones come")
    func replacedWhenComplete() {
        var (state, effects) = Self.startedFromCache()
        #expect(effects.contains(.loadKeys(generation: state.generation)))
        #expect(state.visibleKeys.count == Fixtures.keys.count)
        // Select the third key in the list; it stays selected through the replacement.
        state = Fixtures.press(state, .down, .down).0
        let selected = try! #require(state.selectedKey).keyId
        var screen = Snapshot.text(of: ConsoleView.render(state, Fixtures.context()))
        #expect(screen.contains("cached 3 min ago"))
        #expect(screen.contains("Cached list (3 min ago) may be stale; refreshing"))

        let fresh = Fixtures.keys.filter { $0.keyId != Self.gone.keyId } + [Self.new]
        state =
            ConsoleUpdate.update(
                state,
                .pageLoaded(
                    generation: state.generation, keys: Array(fresh.prefix(5)), more: true, pages: 1
                )
            ).0
        // Still the cached list, with how far the refresh has got.
        #expect(state.visibleKeys.contains { $0.keyId == Self.gone.keyId })
        screen = Snapshot.text(of: ConsoleView.render(state, Fixtures.context()))
        #expect(screen.contains("refreshing, 1 page, 5 keys so far"))

        (state, effects) = ConsoleUpdate.update(
            state,
            .pageLoaded(
                generation: state.generation, keys: Array(fresh.dropFirst(5)), more: false,
                pages: 1))
        #expect(state.cachedAt == nil)
        #expect(Set(state.visibleKeys.map(\.keyId)) == Set(fresh.map(\.keyId)))
        #expect(state.selectedKey?.keyId == selected)
        #expect(effects == [.cacheList(keys: fresh, roleNames: state.roleNames, at: state.now)])
        screen = Snapshot.text(of: ConsoleView.render(state, Fixtures.context()))
        #expect(!screen.contains("cached"))
        #expect(screen.contains("refreshed"))
    }

    @Test("a failed refresh of a cached list says it is stale and how old the list is")
    func staleCached() {
        var (state, _) = Self.startedFromCache()
        state =
            ConsoleUpdate.update(
                state, .loadFailed(generation: state.generation, message: "no network")
            ).0
        state = ConsoleUpdate.update(state, .tick(Fixtures.now.addingTimeInterval(5))).0
        let screen = Snapshot.text(of: ConsoleView.render(state, Fixtures.context()))
        #expect(screen.contains("STALE, cached 3 min ago: no net"))
        #expect(screen.contains("Stale: no network"))
    }

    @Test("a region on another key API drops the cached list and its label")
    func regionSwitchDropsCache() {
        var (state, _) = Self.startedFromCache()
        state.backend = BackendInfo(
            kind: .production(
                endpoint: "cell-4-us-west-2-1.prod.a.momentohq.com",
                region: "US West (Oregon) us-west-2"))
        // The picker's custom entry (the row after the regions), a preprod cell.
        state = Fixtures.press(state, .character("p")).0
        for _ in 0..<12 { state = Fixtures.press(state, .down).0 }
        state = Fixtures.press(state, .enter).0
        for character in "cell-alpha-dev.preprod.a.momentohq.com" {
            state = Fixtures.press(state, .character(character)).0
        }
        state = Fixtures.press(state, .enter).0
        #expect(state.overlay == nil)
        #expect(state.cachedAt == nil)
        #expect(state.shownKeys.isEmpty)
    }

    @Test("without a cache, a complete list asks for nothing to be saved")
    func noCacheNoSave() {
        let state = Fixtures.loaded()
        let (_, effects) = ConsoleUpdate.update(
            Fixtures.press(state, .character("r")).0,
            .pageLoaded(generation: 2, keys: Fixtures.keys, more: false))
        #expect(effects.isEmpty)
    }

    @Test("role names that come after the list completed are cached with it, as of its completion")
    func lateRoleNamesCached() {
        var (state, _) = Self.startedFromCache()
        state =
            ConsoleUpdate.update(
                state, .pageLoaded(generation: state.generation, keys: Fixtures.keys, more: false)
            ).0
        #expect(state.roleNames["r-10042"] == nil)
        let completed = state.lastRefresh
        let (named, effects) = ConsoleUpdate.update(
            state, .rolesLoaded(generation: state.rolesGeneration, roles: Fixtures.roles))
        #expect(named.roleNames["r-10042"] == "Cache Readers")
        guard case .cacheList(let keys, let names, let at, _)? = effects.first, effects.count == 1
        else {
            Issue.record("expected one cacheList, got \(effects)")
            return
        }
        #expect(keys == Fixtures.keys && names["r-10042"] == "Cache Readers")
        #expect(at == completed)
        // The same names again change nothing, and save nothing.
        #expect(
            ConsoleUpdate.update(
                named, .rolesLoaded(generation: named.rolesGeneration, roles: Fixtures.roles)
            ).1.isEmpty)
    }
}
