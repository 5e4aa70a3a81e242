import MomentoKeys

extension Backend {
    /// The key policy of this backend's account under `config`: its profile's tables when
    /// the key came from a profile.
    package func policy(_ config: ConsoleConfig) -> AccountPolicy {
        config.policy.account(profile)
    }
}
