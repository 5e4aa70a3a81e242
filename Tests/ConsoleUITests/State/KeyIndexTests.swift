import ConsoleUI
import Foundation
import MomentoKeys
import PropertyBased
import Testing
import TextKit

/// The index the list filters and sorts through: the same keys, in the same order, as a plain
/// filter and sort would give, without depending on the process locale.
@Suite("The key index")
struct KeyIndexTests {
    static let roleNames = [
        RoleID.owner: "Owner", RoleID.operator: "Operator", RoleID.viewer: "Viewer",
        "r-7": "Éditeurs", "r-8": "admins",
    ]
    static let roleIds = [RoleID.owner, RoleID.operator, RoleID.viewer, "r-7", "r-8", "r-9"]

    static func name(_ roleId: String) -> String { roleNames[roleId] ?? roleId }

    /// Lowercased UTF-8 bytes, as the filter and the description order read text.
    static func folded(_ text: String) -> [UInt8] { Array(text.lowercased().utf8) }

    static func holds(_ text: String, _ needle: [UInt8]) -> Bool {
        let bytes = folded(text)
        guard !needle.isEmpty else { return true }
        guard bytes.count >= needle.count else { return false }
        return (0...(bytes.count - needle.count)).contains {
            Array(bytes[$0..<($0 + needle.count)]) == needle
        }
    }

    /// The plain version: filter every key, then sort with a comparator.
    static func reference(
        _ keys: [ApiKeyInfo], filter: String, window: Int64?, now: Int64, sort: SortColumn,
        reversed: Bool
    ) -> [String] {
        let needle = folded(filter)
        let rank = [RoleID.owner: 0, RoleID.operator: 1, RoleID.viewer: 2]
        func idLess(_ a: ApiKeyInfo, _ b: ApiKeyInfo) -> Bool {
            Array(a.keyId.utf8).lexicographicallyPrecedes(Array(b.keyId.utf8))
        }
        let selected = keys.filter { key in
            if let window {
                guard let expires = key.expiresAtEpochSeconds, expires - now < window else {
                    return false
                }
            }
            return [key.keyId, key.description, name(key.roleId), key.roleId].contains {
                holds($0, needle)
            }
        }
        let sorted = selected.sorted { a, b in
            switch sort {
            case .id:
                return idLess(a, b)
            case .expiry:
                switch (a.expiresAtEpochSeconds, b.expiresAtEpochSeconds) {
                case (let x?, let y?) where x != y: return x < y
                case (nil, _?): return false
                case (_?, nil): return true
                default: return idLess(a, b)
                }
            case .issued:
                return a.issuedAtEpochSeconds != b.issuedAtEpochSeconds
                    ? a.issuedAtEpochSeconds > b.issuedAtEpochSeconds : idLess(a, b)
            case .role:
                let x = (rank[a.roleId] ?? 3, folded(name(a.roleId)), Array(a.roleId.utf8))
                let y = (rank[b.roleId] ?? 3, folded(name(b.roleId)), Array(b.roleId.utf8))
                if x.0 != y.0 { return x.0 < y.0 }
                if x.1 != y.1 { return x.1.lexicographicallyPrecedes(y.1) }
                if x.2 != y.2 { return x.2.lexicographicallyPrecedes(y.2) }
                return idLess(a, b)
            case .description:
                let (x, y) = (folded(a.description), folded(b.description))
                return x != y ? x.lexicographicallyPrecedes(y) : idLess(a, b)
            }
        }
        return (reversed ? sorted.reversed() : sorted).map(\.keyId)
    }

    static let text = Gen<Character?>.element(of: Array("aAbB é日_-") as [Character])
        .map { $0! }.string(of: 0...6)

    static let key = zip(
        Gen<Character?>.element(of: Array("0aAf") as [Character]).map { $0! }.string(of: 1...3),
        text, Gen.int(in: 0...5), Gen.int64(in: -3...3), Gen.int64(in: -10...20), Gen.bool
    ).map { (values: (String, String, Int, Int64, Int64, Bool)) -> ApiKeyInfo in
        let (id, description, role, issued, expires, never) = values
        return ApiKeyInfo(
            keyId: id, accountId: "a", description: description, roleId: roleIds[role],
            issuedAtEpochSeconds: 1000 + issued,
            expiresAtEpochSeconds: never ? nil : 1000 + expires * 86400)
    }

    @Test("on random keys, the index selects and orders as a plain filter and sort would")
    func matchesThePlainVersion() async {
        await propertyCheck(
            input: Self.key.array(of: 0...40), Self.text, Gen.int(in: 0...4), Gen.bool, Gen.bool
        ) { generated, filter, column, reversed, expiring in
            // Ids are unique on an account.
            var seen = Set<String>()
            let keys = generated.filter { seen.insert($0.keyId).inserted }
            let index = KeyIndex(keys: keys, roleName: Self.name)
            let sort = SortColumn.allCases[column]
            let window: Int64? = expiring ? 7 * 86400 : nil
            let now = Date(timeIntervalSince1970: 1000)
            let selected = index.select(
                filter: filter, within: window, now: now, sort: sort, reversed: reversed
            ).map { keys[Int($0)].keyId }
            #expect(
                selected
                    == Self.reference(
                        keys, filter: filter, window: window, now: 1000, sort: sort,
                        reversed: reversed))
            for key in keys { #expect(index.key(withId: key.keyId) == key) }
            #expect(index.key(withId: "zz") == nil)
        }
    }

    @Test("descriptions sort by their lowercased bytes, whatever the locale; ties by id")
    func localeIndependentOrder() {
        let keys = [
            Fixtures.key("k4", RoleID.owner, "éclair", issuedDaysAgo: 1, expiresIn: nil),
            Fixtures.key("k3", RoleID.owner, "fig", issuedDaysAgo: 1, expiresIn: nil),
            Fixtures.key("k2", RoleID.owner, "apple", issuedDaysAgo: 1, expiresIn: nil),
            Fixtures.key("k1", RoleID.owner, "Apple", issuedDaysAgo: 1, expiresIn: nil),
            Fixtures.key("k5", RoleID.owner, "Zebra", issuedDaysAgo: 1, expiresIn: nil),
        ]
        var state = Fixtures.loaded(keys: keys)
        state = Fixtures.press(state, .character("s"), .character("s"), .character("s")).0
        #expect(state.sort == .description)
        #expect(state.visibleKeys.map(\.keyId) == ["k1", "k2", "k3", "k5", "k4"])
    }

    @Test("with e on, a key entering its last week joins the list on the tick it does")
    func expiringWindowFollowsTheClock() {
        let week: Int64 = 7 * 86400
        let keys = [
            Fixtures.key("near", RoleID.owner, "near", issuedDaysAgo: 1, expiresIn: 3600),
            Fixtures.key("edge", RoleID.owner, "edge", issuedDaysAgo: 1, expiresIn: week + 10),
            Fixtures.key("far", RoleID.owner, "far", issuedDaysAgo: 1, expiresIn: 30 * 86400),
        ]
        var state = Fixtures.press(Fixtures.loaded(keys: keys), .character("e")).0
        #expect(state.visibleKeys.map(\.keyId) == ["near"])
        state = ConsoleUpdate.update(state, .tick(Fixtures.now.addingTimeInterval(10))).0
        #expect(state.visibleKeys.map(\.keyId) == ["near"])
        state = ConsoleUpdate.update(state, .tick(Fixtures.now.addingTimeInterval(11))).0
        #expect(state.visibleKeys.map(\.keyId) == ["near", "edge"])
    }

    @Test("the header's counts come from the expiry order: expired, <24h, <7d, never")
    func urgencyCounts() {
        let index = KeyIndex(keys: Fixtures.keys) { $0 }
        let now = Int64(Fixtures.now.timeIntervalSince1970)
        let urgencies = Fixtures.keys.map {
            Countdown.urgency(secondsLeft: Countdown.secondsLeft($0, now: Fixtures.now))
        }
        let expired = index.expiringBefore(now + 1)
        let day = index.expiringBefore(now + 86400) - expired
        let week = index.expiringBefore(now + 7 * 86400) - expired - day
        #expect(expired == urgencies.count { $0 == .expired })
        #expect(day == urgencies.count { $0 == .underDay })
        #expect(week == urgencies.count { $0 == .underWeek })
        #expect(expired == 1 && day == 4 && week == 2)
        #expect(index.neverExpiring == urgencies.count { $0 == .never })
    }

    @Test("one role id with a name on each key (two accounts): sorted and found by each key's name")
    func roleNamedPerKey() {
        func key(_ id: String, _ role: String) -> ApiKeyInfo {
            Fixtures.key(id, role, "k", issuedDaysAgo: 1, expiresIn: nil)
        }
        let keys = [key("a", "r-1"), key("b", "r-1"), key("c", "r-2"), key("d", RoleID.viewer)]
        let names = ["Zeta", "Alpha", "Mid", "Viewer"]
        let index = KeyIndex(keys: keys, roleNameAt: { names[$0] })
        let now = Fixtures.now
        let byRole = index.select(filter: "", within: nil, now: now, sort: .role, reversed: false)
        #expect(byRole.map { keys[Int($0)].keyId } == ["d", "b", "c", "a"])
        let found = index.select(filter: "zeta", within: nil, now: now, sort: .id, reversed: false)
        #expect(found.map { keys[Int($0)].keyId } == ["a"])
    }
}
