import MomentoKeys
import TextKit

/// The policy in force as `policy show` and `report` print it: for each account, every
/// setting with its value and the table it came from, then each role a table names.
package struct PolicyDocument: Encodable, Sendable {
    /// One setting in force.
    package struct Setting: Encodable, Sendable {
        package let name: String
        package let value: String
        package let source: String
    }

    /// One account's policy: the account as a whole and each role with its own tables.
    package struct Account: Encodable, Sendable {
        /// The profile, `nil` for `[policy]` alone (an account without its own tables).
        package let profile: String?
        package let settings: [Setting]
        /// The settings of each role a table names, by role name.
        package let roles: [String: [Setting]]
    }

    /// The config file the policy was read from.
    package let config: String
    package let accounts: [Account]

    /// The policy of `profiles` (`[nil]`: `[policy]` alone) under `policy`.
    package init(_ policy: Policy, profiles: [String?], config: String) {
        self.config = config
        accounts = profiles.map { profile in
            let names = policy.roleNames(profile: profile)
            func settings(_ role: String?) -> [Setting] {
                policy.resolved(profile: profile, roleName: role).settings.map {
                    Setting(name: $0.name, value: $0.value, source: $0.source)
                }
            }
            return Account(
                profile: profile, settings: settings(nil),
                roles: Dictionary(uniqueKeysWithValues: names.map { ($0, settings($0)) }))
        }
    }

    /// The profiles `policy show` describes when none is named: `[policy]` alone, then each
    /// profile with a table of its own.
    package static func profiles(of policy: Policy) -> [String?] {
        [nil] + policy.profiles.keys.sorted().map(Optional.some)
    }

    /// The text: a block per account, aligned, every value from the file made inert.
    package var text: String {
        var lines: [String] = []
        for account in accounts {
            if !lines.isEmpty { lines.append("") }
            lines.append(
                account.profile.map { "Profile \(TextSanitizer.inert($0)):" }
                    ?? "Every account (without a [profile.NAME.policy] of its own):")
            lines += Self.rows(account.settings, indent: "  ")
            for role in account.roles.keys.sorted() {
                lines.append("  Keys of role \(TextSanitizer.inert(role)):")
                lines += Self.rows(account.roles[role] ?? [], indent: "    ")
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func rows(_ settings: [Setting], indent: String) -> [String] {
        let width = settings.map(\.name.count).max() ?? 0
        let valueWidth = settings.map { DisplayWidth.of(TextSanitizer.inert($0.value)) }.max() ?? 0
        return settings.map {
            indent + DisplayWidth.pad($0.name, to: width) + "  "
                + DisplayWidth.pad(TextSanitizer.inert($0.value), to: valueWidth) + "  from "
                + TextSanitizer.inert($0.source)
        }
    }
}
