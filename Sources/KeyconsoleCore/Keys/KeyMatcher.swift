import Foundation
import MomentoKeys
import TextKit

/// The keys of a list by id, and in id order for prefixes: each match is a look-up, not a
/// pass over the list.
package struct KeyMatcher {
    package let byId: [String: ApiKeyInfo]
    package let sorted: [ApiKeyInfo]
    package let roleNames: [String: String]

    package init(keys: [ApiKeyInfo], roleNames: [String: String]) {
        byId = Dictionary(keys.map { ($0.keyId, $0) }) { first, _ in first }
        sorted = keys.sorted { $0.keyId.utf8.lexicographicallyPrecedes($1.keyId.utf8) }
        self.roleNames = roleNames
    }

    /// The key `argument` names: its exact id, else the one key whose id starts with it.
    package func match(_ argument: String) throws -> ApiKeyInfo {
        if let exact = byId[argument] { return exact }
        guard argument.count >= Self.shortestPrefix else {
            throw CLIError(
                "\(argument) is no key id, and too short for a prefix: give at least"
                    + " \(Self.shortestPrefix) characters.")
        }
        // The first id not before the prefix, then those that start with it.
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle].keyId.utf8.lexicographicallyPrecedes(argument.utf8) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        let matches = sorted[low...].prefix { $0.keyId.utf8.starts(with: argument.utf8) }
        guard matches.count == 1, let only = matches.first else {
            if matches.isEmpty {
                throw CLIError("No key's id is or starts with \(argument).")
            }
            throw CLIError(
                "\(argument) matches \(matches.count) keys; give more characters. "
                    + matches.map { Self.line($0, roleNames: roleNames) }
                    .joined(separator: "; "))
        }
        return only
    }

    /// Ids this long are full ids, sent as given with `--yes`; shorter ones are prefixes.
    package static let fullIdLength = 32
    /// The shortest prefix accepted: the 8 characters the console shows.
    package static let shortestPrefix = 8

    /// The key `argument` names: its exact id, else the one key whose id starts with it.
    package static func match(
        _ argument: String, in keys: [ApiKeyInfo], roleNames: [String: String]
    ) throws -> ApiKeyInfo {
        try KeyMatcher(keys: keys, roleNames: roleNames).match(argument)
    }

    /// `id  Role  description`, inert.
    package static func line(_ key: ApiKeyInfo, roleNames: [String: String]) -> String {
        TextSanitizer.inert(
            "\(key.keyId)  \(roleNames[key.roleId] ?? key.roleId)  \(key.description)")
    }
}
