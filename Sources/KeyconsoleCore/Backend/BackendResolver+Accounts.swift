import Foundation
import MomentoKeys

extension BackendResolver {
    /// One account of a run: its profile (`nil` for the one account of the environment or the
    /// `default` profile, as before several were possible) and the resolver of its backend.
    package struct Account: Sendable {
        /// The profile's name, as the `ACCOUNT` column, `profile` fields and labels show it.
        package let profile: String?
        /// The resolver of this account alone (its profile, its key API).
        package let resolver: BackendResolver
        /// Whether the config makes this account read-only (`read_only = true`).
        package let readOnly: Bool
    }

    /// The accounts a run uses, and the profiles `--all-profiles` left out.
    package struct Accounts: Sendable {
        /// The accounts, in the order asked for (by name for `--all-profiles`).
        package var accounts: [Account]
        /// The profiles left out, each with its reason.
        package var skipped: [AccountSet.Skipped]

        /// Whether the run has more than one account (then lists and reports name each).
        package var isSeveral: Bool { accounts.count > 1 }

        /// The one line on stderr that names the profiles left out, if any.
        package var skippedNotice: String? { AccountSet.notice(skipped) }
    }

    /// The config file in this resolver's environment.
    package var config: ConsoleConfig {
        ConsoleConfig.load(
            from: XDGDirectories(environment: environment).config.appendingPathComponent("config")
                .path)
    }

    /// The accounts asked for: `--all-profiles` (every profile with a v2 key), `--profile`
    /// given once or more, else the config's `profiles` (unless `MOMENTO_API_KEY` or the
    /// sandbox is asked for), else the one account as before. Each profile's key API is its
    /// `api_url` in the config unless `--api-url` or `KEYCONSOLE_API_URL` names one for all.
    package func accounts() throws(Failure) -> Accounts {
        let config = config
        // A policy that cannot be read is refused, never taken for none (its limits lost
        // would let keys be made that it forbids).
        if let problem = config.policyProblem {
            throw Failure(description: problem + ".")
        }
        let single = Accounts(
            accounts: [Account(profile: options.profile, resolver: self, readOnly: false)],
            skipped: [])
        if try sandboxRequested() != nil { return single }
        // Settings that cannot be read are refused, never taken for none (an account's
        // read_only lost would make it writable, its profiles lost would unwatch it).
        if let problem = config.accountsProblem {
            throw Failure(description: problem + ".")
        }
        let credentials = CredentialResolver(
            environment: environment, homeDirectory: XDGDirectories.home(environment: environment))
        let set: AccountSet
        do {
            if options.allProfiles {
                set = try credentials.allAccounts()
            } else if !options.profiles.isEmpty {
                set = try credentials.accounts(named: options.profiles)
            } else if let wanted = config.profiles, !wanted.isEmpty,
                environment["MOMENTO_API_KEY"] == nil
            {
                set = try credentials.accounts(named: wanted)
            } else {
                return single
            }
        } catch {
            throw Failure(description: error.description)
        }
        guard !set.accounts.isEmpty else {
            let reasons = set.skipped.map { "\($0.profile): \($0.reason)" }
            throw Failure(
                description: "--all-profiles found no profile with a v2 API key in"
                    + " \(credentials.credentialsPath)"
                    + (reasons.isEmpty ? "." : " (\(reasons.joined(separator: "; "))).")
                    + " `keyconsole migrate` makes a v2 key of a v1 one.")
        }
        let global = apiURLSource != nil
        return Accounts(
            accounts: set.accounts.map { account in
                var resolver = self
                resolver.options.profiles = [account.profile]
                resolver.options.allProfiles = false
                let own = config.profileSettings[account.profile]
                if !global, let url = own?.apiURL { resolver.options.apiURL = url }
                return Account(
                    profile: account.profile, resolver: resolver, readOnly: own?.readOnly ?? false)
            }, skipped: set.skipped)
    }

    /// The one account of a command that works on one (it changes keys, or reads what one
    /// account keeps); several are refused, naming the flag.
    package func singleAccount(for command: String) throws(Failure) -> Account {
        let found = try accounts()
        guard found.isSeveral else { return found.accounts[0] }
        let names = found.accounts.compactMap(\.profile).joined(separator: ", ")
        throw Failure(
            description: "\(command) works on one account at a time, and \(names) are asked for:"
                + " name one with --profile NAME.")
    }
}
