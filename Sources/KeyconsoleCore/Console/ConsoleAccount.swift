import Foundation
import MomentoKeys

/// One account of a console over several: its key API, its records (journal entries name it)
/// and whether its keys may be changed here.
package struct ConsoleAccount: Sendable {
    /// The profile's name.
    package let profile: String
    /// Its key API, with its own token bucket.
    package let services: ServiceSwitch
    /// Its audit journal entries, stores and kept rotations.
    package let audit: ConsoleRecords?
    /// Whether its keys are not changed here (`read_only` in its profile's settings).
    package let readOnly: Bool
    /// The key it is managed with.
    package let ownKeyId: String?
    /// The endpoint (cell) its new keys are for.
    package let endpoint: String?
    /// Whether it is a preprod Momento account (`nil`: the sandbox or a key API of its own).
    package let isPreprod: Bool?
    /// The account its key acts for (``Credentials/account``): its cache is kept under it.
    package let account: String?

    /// An account as given.
    package init(
        profile: String, services: ServiceSwitch, audit: ConsoleRecords?, readOnly: Bool,
        ownKeyId: String?, endpoint: String?, isPreprod: Bool? = nil, account: String? = nil
    ) {
        self.account = account
        self.endpoint = endpoint
        self.isPreprod = isPreprod
        self.profile = profile
        self.services = services
        self.audit = audit
        self.readOnly = readOnly
        self.ownKeyId = ownKeyId
    }
}
