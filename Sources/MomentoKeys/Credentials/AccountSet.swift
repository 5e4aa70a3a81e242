/// The accounts one run uses, each a profile of Momento CLI's credentials file: those asked for
/// by name (`--profile` given once or more, or the config's `profiles`), or every profile that
/// holds a v2 key (`--all-profiles`), in the order asked for (by name for all).
public struct AccountSet: Sendable {
    /// One account: its profile's name and credentials.
    public struct Account: Sendable {
        /// The profile's name, as the `ACCOUNT` column and the `profile` label show it.
        public let profile: String
        /// Its key, endpoint and where they came from.
        public let credentials: Credentials
    }

    /// A profile left out of `--all-profiles`, and why, in one line.
    public struct Skipped: Sendable, Hashable {
        /// The profile's name.
        public let profile: String
        /// Why it was left out (a v1 key, no key, a key that does not decode).
        public let reason: String
    }

    /// The accounts, in order.
    public var accounts: [Account]
    /// The profiles `--all-profiles` left out.
    public var skipped: [Skipped]

    /// Whether the run has more than one account (then the lists and reports name each).
    public var isSeveral: Bool { accounts.count > 1 }

    /// The one line that names the profiles left out, if any (`Left out: profile old (it
    /// holds a v1 API key, not a v2 API key).`).
    public static func notice(_ skipped: [Skipped]) -> String? {
        guard !skipped.isEmpty else { return nil }
        return "Left out: "
            + skipped.map { "profile \($0.profile) (\($0.reason))" }.joined(separator: "; ")
            + "."
    }
}

extension CredentialResolver {
    /// The profiles named in `names` (each once, in the order first named): a profile that is
    /// missing or holds no usable key is an error, since it was asked for by name.
    public func accounts(named names: [String]) throws(CredentialsError) -> AccountSet {
        var seen = Set<String>()
        var accounts: [AccountSet.Account] = []
        for name in names where seen.insert(name).inserted {
            guard let credentials = try resolve(profile: name) else {
                throw .profileNotFound(name: name, path: credentialsPath)
            }
            accounts.append(AccountSet.Account(profile: name, credentials: credentials))
        }
        return AccountSet(accounts: accounts, skipped: [])
    }

    /// Every profile of the credentials file that holds a v2 key, by name; the others (a v1
    /// key, no key, a key that does not decode) are left out, each with its reason, never an
    /// error for the rest. A missing or unreadable file is an error.
    public func allAccounts() throws(CredentialsError) -> AccountSet {
        guard try Self.contents(of: credentialsPath) != nil else {
            throw .unreadableFile(path: credentialsPath, reason: "it does not exist")
        }
        var set = AccountSet(accounts: [], skipped: [])
        for name in profileNames() {
            do throws(CredentialsError) {
                if let credentials = try resolve(profile: name) {
                    set.accounts.append(AccountSet.Account(profile: name, credentials: credentials))
                }
            } catch {
                set.skipped.append(
                    AccountSet.Skipped(profile: name, reason: Self.skipReason(error)))
            }
        }
        return set
    }

    private static func skipReason(_ error: CredentialsError) -> String {
        switch error {
        case .unsupportedKind(let kind, _): "it holds a \(kind.rawValue), not a v2 API key"
        case .noKeyInProfile: "it holds no key"
        case .invalidKey(let error, _):
            "its key does not decode: "
                + String(error.description.reversed().drop { $0 == "." }.reversed())
        default: error.description
        }
    }
}
