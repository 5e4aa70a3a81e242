import MomentoKeys

/// The keys of several accounts as one list, each with its account's profile; a key that two
/// profiles of one account both list is kept once, under the first.
package struct MergedListing: Sendable {
    /// The keys, account after account.
    package private(set) var keys: [ApiKeyInfo] = []
    /// The profile of each key, in the order of `keys`.
    package private(set) var profiles: [String] = []
    /// Each account's role names by id, by profile.
    package private(set) var roleNames: [String: [String: String]] = [:]
    /// The profiles in the order merged.
    private var order: [String] = []

    /// The merge of `listings`, in their order.
    package init(_ listings: [(profile: String, listing: KeyListing)]) {
        if listings.count == 1, let (profile, listing) = listings.first {
            // One account: its list as it came (the pager already dropped keys listed twice).
            keys = listing.keys
            profiles = Array(repeating: profile, count: keys.count)
            roleNames[profile] = listing.roleNames
            order = [profile]
            return
        }
        var seen = Set<String>()
        for (profile, listing) in listings {
            roleNames[profile] = listing.roleNames
            order.append(profile)
            for key in listing.keys where seen.insert(key.accountId + "\u{0}" + key.keyId).inserted
            {
                keys.append(key)
                profiles.append(profile)
            }
        }
    }

    /// Role names by id of every account, the first account's where ids collide (for sorting
    /// and for matching a role asked for by name).
    package var anyRoleNames: [String: String] {
        var names: [String: String] = [:]
        for profile in order {
            names.merge(roleNames[profile] ?? [:]) { first, _ in first }
        }
        return names
    }
}
