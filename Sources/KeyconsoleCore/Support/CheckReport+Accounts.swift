extension CheckReport {
    /// The JSON of a check of several accounts: the worst status of all, and each account's
    /// own report (its `profile` beside its `backend`).
    package struct Accounts: Encodable {
        /// The worst status of all accounts.
        package let status: ExpiryCheck.Status
        /// Each account's report, in the accounts' order.
        package let accounts: [CheckReport]

        /// The report of `accounts`, whose worst status is `status`.
        package init(status: ExpiryCheck.Status, accounts: [CheckReport]) {
            self.status = status
            self.accounts = accounts
        }

        enum CodingKeys: String, CodingKey {
            case status, accounts
            case exitCode = "exit_code"
        }

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(status.name.lowercased(), forKey: .status)
            try container.encode(status.rawValue, forKey: .exitCode)
            try container.encode(accounts, forKey: .accounts)
        }

        /// The JSON document, or an error: never a partial one.
        package func json() throws -> String {
            try JSONOutput.render(self)
        }
    }
}

extension ExpiryCheck.Status {
    /// The worse of two statuses over several accounts: critical, then unknown (an account
    /// not watched), then warning, then OK.
    package func worse(_ other: Self) -> Self {
        func rank(_ status: Self) -> Int {
            switch status {
            case .ok: 0
            case .warning: 1
            case .unknown: 2
            case .critical: 3
            }
        }
        return rank(other) > rank(self) ? other : self
    }
}
