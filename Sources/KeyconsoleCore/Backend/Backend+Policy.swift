import MomentoKeys

extension Backend {
    /// The key policy of this backend's account under `config`: its profile's tables when
    /// the key came from a profile.
    package func policy(_ config: ConsoleConfig) -> AccountPolicy {
        config.policy.account(profile)
    }
}

extension AccountPolicy {
    /// What `check` and `report` say when the policy has tables by role name and some keys'
    /// roles have no name (the account's roles could not be read): those tables do not hold
    /// for them.
    package func unnamedRoles(_ keys: [ApiKeyInfo], roleNames: [String: String]) -> String? {
        guard hasRoleTables else { return nil }
        let unnamed = Set(keys.lazy.map(\.roleId).filter { roleNames[$0] == nil })
        guard !unnamed.isEmpty else { return nil }
        return "the account's roles could not be named (\(unnamed.count) role"
            + "\(unnamed.count == 1 ? "" : "s") by id only): the key policy's tables by role name"
            + " do not hold for their keys"
    }
}
