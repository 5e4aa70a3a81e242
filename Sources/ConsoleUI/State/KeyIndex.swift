import Foundation
import MomentoKeys
import TextKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The keys in every sort order, with their search text: built once per change of the keys
/// (or of the role names), so a keypress filters and sorts without comparing strings.
///
/// Every order is locale-independent: ids compare by their UTF-8 bytes, descriptions and
/// role names by the bytes of their lowercased form, ties by id.
public struct KeyIndex: Sendable, Hashable {
    /// The keys, in the order they arrived.
    public let keys: [ApiKeyInfo]
    /// Positions in `keys`, one array per sort column, ascending (the console's order for
    /// that column: soonest expiry first, newest issued first).
    private let orders: [SortColumn: [Int32]]
    /// How many keys expire (the rest never do; they come last in the expiry order).
    private let expiringCount: Int
    /// The lowercased id, description, role name and role id of every key, each field
    /// followed by a NUL byte.
    private let haystack: [UInt8]
    /// Where each key's text starts in `haystack`, and one past the last.
    private let starts: [Int32]

    /// A role id with the name it has on a key.
    private struct RoleName: Hashable {
        let id: String
        let name: String
    }

    /// An index of no keys.
    public init() {
        self.init(keys: [], roleName: { $0 })
    }

    /// Indexes `keys`, whose roles are named by `roleName`; with several accounts the filter
    /// also matches each key's account, named by `account`.
    public init(
        keys: [ApiKeyInfo], roleName: (String) -> String,
        account: ((ApiKeyInfo) -> String?)? = nil
    ) {
        self.init(keys: keys, roleNameAt: { roleName(keys[$0].roleId) }, account: account)
    }

    /// Indexes `keys`, the role of the key at each position named by `roleNameAt` (with
    /// several accounts one role id may have a name in each account); the filter also matches
    /// each key's account, named by `account`.
    public init(
        keys: [ApiKeyInfo], roleNameAt: (Int) -> String,
        account: ((ApiKeyInfo) -> String?)? = nil
    ) {
        self.keys = keys
        let count = keys.count
        var haystack: [UInt8] = []
        var starts: [Int32] = []
        var descriptionRanges: [Range<Int>] = []
        // Exactly the room the text takes (ASCII; more only for text that lowercases longer).
        haystack.reserveCapacity(
            keys.reduce(0) {
                $0 + $1.keyId.utf8.count + $1.description.utf8.count + 2 * $1.roleId.utf8.count
                    + 24
            })
        starts.reserveCapacity(count + 1)
        descriptionRanges.reserveCapacity(count)
        // Each role id's name; whether some id has another name on another key.
        var nameOf: [String: String] = [:]
        var twoNames = false
        for (position, key) in keys.enumerated() {
            starts.append(Int32(truncatingIfNeeded: haystack.count))
            Self.appendFolded(key.keyId, to: &haystack)
            let description = haystack.count
            Self.appendFolded(key.description, to: &haystack)
            descriptionRanges.append(description..<(haystack.count - 1))
            let roleName = roleNameAt(position)
            if let known = nameOf[key.roleId] {
                if known != roleName { twoNames = true }
            } else {
                nameOf[key.roleId] = roleName
            }
            Self.appendFolded(roleName, to: &haystack)
            Self.appendFolded(key.roleId, to: &haystack)
            if let name = account?(key) { Self.appendFolded(name, to: &haystack) }
        }
        starts.append(Int32(truncatingIfNeeded: haystack.count))
        self.haystack = haystack
        self.starts = starts

        // The id order first: every other order breaks its ties with it.
        let all = (0..<Int32(truncatingIfNeeded: count)).map { $0 }
        let byId = all.sorted { Self.bytesLess(keys[Int($0)].keyId, keys[Int($1)].keyId) }
        var idRank = [Int32](repeating: 0, count: count)
        for (rank, index) in byId.enumerated() { idRank[Int(index)] = Int32(rank) }

        let byExpiry = all.sorted { a, b in
            switch (keys[Int(a)].expiresAtEpochSeconds, keys[Int(b)].expiresAtEpochSeconds) {
            case (let x?, let y?) where x != y: x < y
            case (nil, _?): false
            case (_?, nil): true
            default: idRank[Int(a)] < idRank[Int(b)]
            }
        }
        let byIssued = all.sorted { a, b in
            let (x, y) = (keys[Int(a)].issuedAtEpochSeconds, keys[Int(b)].issuedAtEpochSeconds)
            return x != y ? x > y : idRank[Int(a)] < idRank[Int(b)]
        }
        // Roles: Owner, Operator, Viewer, then custom roles by name (by the name each key's
        // own account gives, when one id has several).
        func before(_ a: RoleName, _ b: RoleName) -> Bool {
            let (x, y) = (Self.systemRank(a.id), Self.systemRank(b.id))
            if x != y { return x < y }
            let (p, q) = (Self.folded(a.name), Self.folded(b.name))
            if p != q { return p.lexicographicallyPrecedes(q) }
            return a.id != b.id ? Self.bytesLess(a.id, b.id) : Self.bytesLess(a.name, b.name)
        }
        let keyRoleRank: [Int32]
        if twoNames {
            let roles = keys.indices.map { RoleName(id: keys[$0].roleId, name: roleNameAt($0)) }
            let rank = Dictionary(
                uniqueKeysWithValues: Set(roles).sorted(by: before).enumerated().map {
                    ($1, Int32($0))
                })
            keyRoleRank = roles.map { rank[$0] ?? 0 }
        } else {
            let order = nameOf.map { RoleName(id: $0, name: $1) }.sorted(by: before)
            let rank = Dictionary(
                uniqueKeysWithValues: order.enumerated().map { ($1.id, Int32($0)) })
            keyRoleRank = keys.map { rank[$0.roleId] ?? 0 }
        }
        let byRole = all.sorted { a, b in
            let (x, y) = (keyRoleRank[Int(a)], keyRoleRank[Int(b)])
            return x != y ? x < y : idRank[Int(a)] < idRank[Int(b)]
        }
        let byDescription = haystack.withUnsafeBufferPointer { bytes in
            all.sorted { a, b in
                let (x, y) = (descriptionRanges[Int(a)], descriptionRanges[Int(b)])
                let order = Self.compare(bytes, x, y)
                return order != 0 ? order < 0 : idRank[Int(a)] < idRank[Int(b)]
            }
        }
        self.orders = [
            .id: byId, .expiry: byExpiry, .issued: byIssued, .role: byRole,
            .description: byDescription,
        ]
        self.expiringCount = keys.count { $0.expiresAtEpochSeconds != nil }
    }

    /// The positions in `keys` of the keys that match `filter` (case-insensitive, in the
    /// id, description, role name or role id), and expire within `window` seconds of `now`
    /// when a window is given, in `sort` order (reversed when asked).
    public func select(
        filter: String, within window: Int64?, now: Date, sort: SortColumn, reversed: Bool
    ) -> [Int32] {
        let needle = Self.folded(filter)
        var matches: [Bool]?
        if !needle.isEmpty {
            matches = find(needle)
        }
        let nowSeconds = Int64(now.timeIntervalSince1970.rounded(.down))
        let order = orders[sort] ?? []
        var selected: [Int32] = []
        selected.reserveCapacity(matches == nil && window == nil ? order.count : 256)
        for index in order {
            if let matches, !matches[Int(index)] { continue }
            if let window {
                guard let expires = keys[Int(index)].expiresAtEpochSeconds,
                    Countdown.secondsLeft(expiry: expires, nowSeconds: nowSeconds) < window
                else { continue }
            }
            selected.append(index)
        }
        if reversed { selected.reverse() }
        return selected
    }

    /// The position in `keys` of the key with this id.
    public func position(of keyId: String) -> Int? {
        guard let byId = orders[.id] else { return nil }
        var (low, high) = (0, byId.count)
        while low < high {
            let middle = (low + high) / 2
            if Self.bytesLess(keys[Int(byId[middle])].keyId, keyId) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        guard low < byId.count, keys[Int(byId[low])].keyId == keyId else { return nil }
        return Int(byId[low])
    }

    /// The key with this id, if it is among the keys.
    public func key(withId keyId: String) -> ApiKeyInfo? {
        position(of: keyId).map { keys[$0] }
    }

    /// How many keys expire before `epochSeconds` (expired ones included).
    public func expiringBefore(_ epochSeconds: Int64) -> Int {
        guard let byExpiry = orders[.expiry] else { return 0 }
        return byExpiry.prefix(expiringCount).countBefore {
            (keys[Int($0)].expiresAtEpochSeconds ?? .max) < epochSeconds
        }
    }

    /// How many keys never expire.
    public var neverExpiring: Int { keys.count - expiringCount }

    /// The earliest expiry after `epochSeconds`, if a key has one.
    public func firstExpiry(after epochSeconds: Int64) -> Int64? {
        let index = expiringBefore(epochSeconds + 1)
        guard index < expiringCount, let byExpiry = orders[.expiry] else { return nil }
        return keys[Int(byExpiry[index])].expiresAtEpochSeconds
    }

    /// The keys whose text holds `needle`, as one flag per key.
    private func find(_ needle: [UInt8]) -> [Bool] {
        var matches = [Bool](repeating: false, count: keys.count)
        haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { needle in
                guard let base = hay.baseAddress, let pattern = needle.baseAddress else { return }
                var offset = 0
                var key = 0
                while offset < hay.count {
                    guard
                        let position = Self.search(
                            pattern, needle.count, in: base, from: offset, to: hay.count)
                    else { break }
                    // The key whose text holds the match; then on to the next key's text.
                    while Int(starts[key + 1]) <= position { key += 1 }
                    matches[key] = true
                    key += 1
                    guard key < keys.count else { break }
                    offset = Int(starts[key])
                }
            }
        }
        return matches
    }

    /// Where the pattern first occurs in `base[from..<to]`: memchr finds each candidate of
    /// its first byte, memcmp checks the rest.
    private static func search(
        _ pattern: UnsafePointer<UInt8>, _ length: Int, in base: UnsafePointer<UInt8>,
        from start: Int, to end: Int
    ) -> Int? {
        var offset = start
        while end - offset >= length {
            guard let hit = memchr(base + offset, Int32(pattern[0]), end - offset - length + 1)
            else { return nil }
            let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if length == 1 || memcmp(base + position + 1, pattern + 1, length - 1) == 0 {
                return position
            }
            offset = position + 1
        }
        return nil
    }

    /// Owner, Operator and Viewer first, in that order; custom roles after.
    private static func systemRank(_ roleId: String) -> Int {
        switch roleId {
        case RoleID.owner: 0
        case RoleID.operator: 1
        case RoleID.viewer: 2
        default: 3
        }
    }

    /// The UTF-8 bytes of the lowercased text (ASCII without building a string).
    static func folded(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        appendFolded(text, to: &bytes, separator: false)
        return bytes
    }

    private static func appendFolded(
        _ text: String, to bytes: inout [UInt8], separator: Bool = true
    ) {
        let start = bytes.count
        bytes.append(contentsOf: text.utf8)
        var ascii = true
        for index in start..<bytes.count {
            let byte = bytes[index]
            if byte >= 0x80 {
                ascii = false
                break
            }
            if byte >= 0x41 && byte <= 0x5A { bytes[index] = byte | 0x20 }
        }
        if !ascii {
            bytes.removeSubrange(start...)
            bytes.append(contentsOf: text.lowercased().utf8)
        }
        if separator { bytes.append(0) }
    }

    /// Whether `a` comes before `b` by their UTF-8 bytes.
    static func bytesLess(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let common = min(x.count, y.count)
                if common > 0, let p = x.baseAddress, let q = y.baseAddress {
                    let order = memcmp(p, q, common)
                    if order != 0 { return order < 0 }
                }
                return x.count < y.count
            }
        }
    }

    /// The byte order of two ranges of `bytes`: negative, zero or positive.
    private static func compare(
        _ bytes: UnsafeBufferPointer<UInt8>, _ x: Range<Int>, _ y: Range<Int>
    ) -> Int {
        let common = min(x.count, y.count)
        if common > 0, let base = bytes.baseAddress {
            let order = memcmp(base + x.lowerBound, base + y.lowerBound, common)
            if order != 0 { return Int(order) }
        }
        return x.count - y.count
    }
}
