import MomentoKeys
import ScreenModel

/// Revoking the marked keys: one confirmation listing every key and stating the count (with
/// several accounts, each account's count, typed in turn), then progress and results.
public struct BulkRevokeDialog: Sendable, Hashable {
    /// The phases of a bulk revoke.
    public enum Phase: Sendable, Hashable {
        /// Waiting for the count to be typed.
        case confirming
        /// Revoking.
        case running
        /// Finished.
        case finished
    }

    /// A key that could not be revoked, and why.
    public struct Failure: Sendable, Hashable {
        public var keyId: String
        public var reason: String
    }

    /// How many of the keys one account has, with several accounts.
    public struct AccountCount: Sendable, Hashable {
        /// The account's profile.
        public var profile: String
        /// How many of the marked keys are its own.
        public var count: Int

        /// `count` keys of `profile`.
        public init(profile: String, count: Int) {
            self.profile = profile
            self.count = count
        }
    }

    /// The keys to revoke: those the list shows first, in its order, then those the filter
    /// hides (with several accounts, grouped by account).
    public var keys: [ApiKeyInfo]
    /// With several accounts, each account's count, in the accounts' order; empty with one.
    public var byAccount: [AccountCount]
    /// Which account's count is typed next (with several accounts).
    public var step = 0
    /// How many of them the filter (or the `e` toggle) hides.
    public var hiddenCount: Int
    /// The first key of the list shown (it scrolls when long).
    public var scroll = 0
    /// Whether the console's own key is among them.
    public var includesOwnKey: Bool
    /// What the user typed (the count confirms).
    public var typed = LineEditor(limit: 6, charset: .digits)
    /// Why the last Enter did nothing.
    public var error: String?
    public var phase = Phase.confirming
    /// Keys answered so far, revoked or not.
    public var done = 0
    /// The keys that failed.
    public var failures: [Failure] = []

    /// A confirmation for these keys, `hiddenCount` of them out of the list's view; with
    /// several accounts, `byAccount` gives each one's count, and each is typed in turn.
    public init(
        keys: [ApiKeyInfo], hiddenCount: Int = 0, includesOwnKey: Bool,
        byAccount: [AccountCount] = []
    ) {
        self.keys = keys
        self.byAccount = byAccount.count > 1 ? byAccount : []
        self.hiddenCount = hiddenCount
        self.includesOwnKey = includesOwnKey
    }

    /// The ids to revoke, in the order shown.
    public var keyIds: [String] { keys.map(\.keyId) }

    /// The count to type now: all the keys', or the current account's.
    public var expectedCount: Int {
        byAccount.indices.contains(step) ? byAccount[step].count : keys.count
    }

    /// The account whose count is typed now, with several accounts.
    public var currentAccount: String? {
        byAccount.indices.contains(step) ? byAccount[step].profile : nil
    }

    /// The keymap in force: the count, nothing while it runs, then closing.
    public var keyContext: KeyContext {
        switch phase {
        case .confirming: .bulkRevoke
        case .running: .bulkRevoking
        case .finished: .bulkRevokeDone
        }
    }

    /// The count then Enter starts it; Esc cancels before, and closes after.
    public mutating func handle(_ action: Action) -> DialogOutcome {
        switch (phase, action) {
        case (.confirming, .cancel):
            return .close(note: "Nothing revoked")
        case (.confirming, .moveUp), (.confirming, .previousPage):
            scroll = max(0, scroll - (action == .moveUp ? 1 : Self.pageRows))
            return .stay
        case (.confirming, .moveDown), (.confirming, .nextPage):
            scroll = min(max(0, keys.count - 1), scroll + (action == .moveDown ? 1 : Self.pageRows))
            return .stay
        case (.confirming, .confirm):
            guard typed.text == String(expectedCount) else {
                error =
                    "Type \(expectedCount), the number of marked keys"
                    + (currentAccount.map { " of \($0)" } ?? "")
                return .stay
            }
            if step + 1 < byAccount.count {
                // The next account's count, typed afresh.
                step += 1
                typed = LineEditor(limit: typed.limit, charset: typed.charset)
                error = nil
                return .stay
            }
            phase = .running
            error = nil
            return .run([.revokeMany(keyIds: keyIds)])
        case (.finished, .close):
            return .close()
        default:
            return .stay
        }
    }

    /// How far a page key scrolls the list.
    static let pageRows = 5

    /// A key for the count field.
    public mutating func edit(_ key: Key) {
        guard phase == .confirming else { return }
        _ = typed.handle(key)
        error = nil
    }
}
