import Foundation
import MomentoKeys
import TextKit

/// What the key policy allows a command's new key (`create`, `rotate`, `migrate`): an expiry
/// within `max_lifetime`, and none that never ends where `never_expires = "forbid"`, unless an
/// Owner key overrides it with a typed reason (`--policy-override`), which the journal keeps.
package struct CreationPolicy: Sendable {
    /// The policy in force for the new key's role in its account.
    package let rules: KeyPolicy
    /// The reason typed with `--policy-override`, if one was.
    package let override: String?

    /// The policy of `backend`'s account under `config` for a key of `roleName`.
    package init(config: ConsoleConfig, backend: Backend, roleName: String, override: String?) {
        rules = backend.policy(config).forRole(roleName)
        self.override = override
    }

    /// The reason to journal when `expiry` breaks the policy and an Owner overrides it;
    /// `nil` when it keeps the policy. Throws, creating nothing, when it breaks the policy
    /// without an override, or the key overriding is not an Owner's.
    package func check(_ expiry: Expiry, now: Date, backend: Backend) async throws -> String? {
        guard let allowed = rules.expiryProblem(expiry, now: now) else {
            if expiry == .never, rules.neverExpires == .warn {
                Output.err(
                    "Warning: a key that never expires is a never_expires finding"
                        + " (\(rules.severity(.neverExpires).rawValue)) of the policy.")
            }
            return nil
        }
        let problem = "the policy allows \(allowed)"
        guard let override else {
            throw CLIError(
                "Nothing was created: \(problem). Choose an expiry the policy allows (keyconsole"
                    + " policy show), or, with an Owner key, give --policy-override \"REASON\".")
        }
        if let refusal = try await Self.ownerRefusal(backend) {
            throw CLIError("Nothing was created: \(problem), and \(refusal).")
        }
        return override
    }

    /// A role's name: a system role's, else the account's (its id when the roles cannot be
    /// read).
    private static func roleName(_ roleId: String, _ backend: Backend) async -> String {
        if let system = Role.system.first(where: { $0.roleId == roleId }) { return system.roleName }
        return await BackendScope.roleNames(backend.service)[roleId] ?? roleId
    }

    /// Why the key `backend` acts with may not override the policy (only an Owner's may);
    /// `nil` when it may. The sandbox acts as its account's owner.
    static func ownerRefusal(_ backend: Backend) async throws -> String? {
        guard let own = backend.ownKeyId else { return nil }
        // The own key's role, from the list: stopped as soon as it is found.
        var pages = backend.service.allKeys().makeAsyncIterator()
        while let page = try await pages.next() {
            if let key = page.first(where: { $0.keyId == own }) {
                guard key.roleId != RoleID.owner else { return nil }
                let name = await Self.roleName(key.roleId, backend)
                return "--policy-override takes an Owner key; yours (\(own.prefix(8))) is"
                    + " \(TextSanitizer.inert(name))"
            }
        }
        return "--policy-override takes an Owner key, and yours (\(own.prefix(8))) is not on"
            + " the account's list"
    }
}
