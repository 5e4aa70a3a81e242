import Foundation
import MomentoKeys
import TextKit

/// The create dialog: role, description and expiry, then a review, then the request.
///
/// A rotation uses it too, starting at the review with the old key's settings; so does a
/// migration, starting with the v1 key pasted (masked), then the form for its v2 replacement.
public struct CreateDialog: Sendable, Hashable {
    /// Where the dialog is.
    public enum Step: Sendable, Hashable {
        /// A migration's first step: the v1 key is pasted (masked), then read on Enter.
        case paste
        /// Editing the fields.
        case form
        /// An Owner's reason for going past the key policy, typed before the review.
        case override
        /// Reading what will be created; Enter creates.
        case review
        /// The request is on its way.
        case creating
    }

    /// A field of the form.
    public enum Field: Int, Sendable, Hashable, CaseIterable {
        case role, description, expiry
    }

    /// An expiry the user can choose.
    public enum ExpiryChoice: Sendable, Hashable {
        /// This many seconds from now (the presets, and a rotation's old validity).
        case duration(seconds: Int64, label: String)
        /// What is typed: `45d`, `12h`, `2027-03-01`, `2027-03-01T12:00Z`.
        case custom
        /// Never expires (not recommended).
        case never
    }

    /// The presets, in the order ←/→ walks them.
    public static let presets: [ExpiryChoice] = [
        .duration(seconds: 86400, label: "1 day"),
        .duration(seconds: 7 * 86400, label: "7 days"),
        .duration(seconds: 30 * 86400, label: "30 days"),
        .duration(seconds: 90 * 86400, label: "90 days"),
        .duration(seconds: 365 * 86400, label: "1 year"),
        .custom,
        .never,
    ]
    /// The preset chosen at first: 30 days.
    public static let defaultExpiryIndex = 2
    /// The longest description the dialog takes.
    public static let descriptionLimit = CreateKeyRequest.maxDescriptionLength

    /// The roles to choose from: system roles first, then the account's custom roles.
    public var roles: [RoleChoice]
    public var roleIndex: Int
    public var description: LineEditor
    /// The expiry choices: the presets, and for a rotation the old key's validity first.
    public var expiryChoices: [ExpiryChoice]
    public var expiryIndex: Int
    /// The custom expiry being typed.
    public var customExpiry = LineEditor(limit: 40)
    public var step = Step.form
    public var field = Field.role
    /// Why the last Enter did nothing, or why the request failed.
    public var error: String?
    /// The key being replaced, when this is a rotation.
    public var rotating: ApiKeyInfo?
    /// The v1 key being replaced, once read, when this is a migration.
    public var migrating: V1Credential?
    /// The v1 key as it is pasted, never shown; emptied as soon as Enter reads it.
    public var pasted = LineEditor(limit: 16 << 10, charset: .hostName)
    /// With several accounts, the account the key is created in, and its profile.
    public var account: (number: Int, profile: String)? {
        get { accountNumber.map { ($0, accountProfile ?? "") } }
        set {
            accountNumber = newValue?.number
            accountProfile = newValue?.profile
        }
    }
    private var accountNumber: Int?
    private var accountProfile: String?
    /// Whether the key the account is managed with is an Owner's: it may go past the key
    /// policy with a reason, as `--policy-override` does.
    public var mayOverride = false
    /// The reason being typed for going past the policy.
    public var overrideReason = LineEditor(limit: CreateKeyRequest.maxDescriptionLength)
    /// The reason given, once Enter took it: the policy then does not refuse the expiry, and
    /// the journal keeps the reason.
    public internal(set) var policyOverride: String?
    /// The key policy of the account the key is made in: expiries past its `max_lifetime`,
    /// or never where it forbids that, are refused (``apply(_:now:)``).
    public private(set) var policy = AccountPolicy.none
    /// Whether the console's account is a preprod one, when it is a Momento account: a v1
    /// key of the other kind of cell cannot be replaced in it.
    public var accountIsPreprod: Bool?

    /// A role in the list.
    public struct RoleChoice: Sendable, Hashable {
        public var roleId: String
        public var name: String

        /// Creates a value.
        public init(roleId: String, name: String) {
            self.roleId = roleId
            self.name = name
        }
    }

    /// A new-key dialog over these roles, Operator and 30 days chosen.
    public init(roles: [RoleChoice]) {
        self.roles = roles
        self.roleIndex = roles.firstIndex { $0.roleId == RoleID.operator } ?? 0
        self.description = LineEditor(limit: Self.descriptionLimit)
        self.expiryChoices = Self.presets
        self.expiryIndex = Self.defaultExpiryIndex
    }

    /// A rotation of `key`: its role and description, and its validity (30 days when it never
    /// expires), starting at the review.
    public init(rotating key: ApiKeyInfo, roles: [RoleChoice]) {
        var roles = roles
        if !roles.contains(where: { $0.roleId == key.roleId }) {
            roles.append(RoleChoice(roleId: key.roleId, name: key.roleId))
        }
        self.init(roles: roles)
        roleIndex = roles.firstIndex { $0.roleId == key.roleId } ?? 0
        description = LineEditor(
            key.description, limit: max(Self.descriptionLimit, key.description.count))
        if let seconds = key.lifetimeSeconds {
            expiryChoices.insert(
                .duration(
                    seconds: seconds,
                    label: "same as the old key (\(DurationText.describe(seconds: seconds)))"),
                at: 0)
            expiryIndex = 0
        }
        rotating = key
        step = .review
    }

    /// A migration: the v1 key is pasted first; the account's kind (preprod or not) is
    /// `accountIsPreprod`, `nil` when it does not matter (the sandbox, a local serve).
    public init(migratingWith roles: [RoleChoice], accountIsPreprod: Bool?) {
        self.init(roles: roles)
        self.accountIsPreprod = accountIsPreprod
        step = .paste
    }

    /// The role chosen.
    public var role: RoleChoice { roles[min(max(roleIndex, 0), roles.count - 1)] }

    /// The expiry choice highlighted.
    public var expiryChoice: ExpiryChoice { expiryChoices[expiryIndex] }

    /// The policy in force for the role chosen.
    public var rules: KeyPolicy { policy.forRole(role.name) }

    /// Takes `policy`: a rotation's old validity past `max_lifetime` is capped at it (and
    /// says so), and a first choice the policy refuses gives way to the longest it allows.
    public mutating func apply(_ policy: AccountPolicy, now: Date) {
        self.policy = policy
        let rules = rules
        if let limit = rules.rules.maxLifetime, rotating != nil,
            case .duration(let seconds, _) = expiryChoices[0], seconds > limit
        {
            expiryChoices[0] = .duration(
                seconds: limit,
                label: "\(DurationText.describe(seconds: limit)), the policy's most (old key"
                    + " \(DurationText.describe(seconds: seconds)))")
        }
        guard policyProblem(expiryChoice, now: now) != nil else { return }
        if let allowed = expiryChoices.indices.last(where: {
            if case .duration = expiryChoices[$0] {
                return policyProblem(expiryChoices[$0], now: now) == nil
            }
            return false
        }) {
            expiryIndex = allowed
        }
    }

    /// Why the policy refuses `choice` at `now` (a preset past `max_lifetime`, never where
    /// it is forbidden); `nil` when it does not, or cannot tell yet (a custom value).
    public func policyProblem(_ choice: ExpiryChoice, now: Date) -> String? {
        switch choice {
        case .never: rules.expiryProblem(.never, now: now)
        case .duration(let seconds, _):
            rules.expiryProblem(.at(now.addingTimeInterval(TimeInterval(seconds))), now: now)
        case .custom: nil
        }
    }

    /// The expiry the choices give at `now`, or why there is none (the policy's refusal
    /// included).
    public func expiry(now: Date) -> Result<Expiry, ExpiryProblem> {
        let chosen = chosenExpiry(now: now)
        if case .success(let expiry) = chosen, policyOverride == nil,
            let reason = rules.expiryProblem(expiry, now: now)
        {
            return .failure(.policy(reason))
        }
        return chosen
    }

    /// The expiry the choices give at `now`, before the policy.
    private func chosenExpiry(now: Date) -> Result<Expiry, ExpiryProblem> {
        switch expiryChoice {
        case .never:
            return .success(.never)
        case .duration(let seconds, _):
            return .success(.at(now.addingTimeInterval(TimeInterval(seconds))))
        case .custom:
            let text = customExpiry.text.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return .failure(.empty) }
            let date: Date
            if let seconds = DurationText.seconds(text) {
                date = now.addingTimeInterval(TimeInterval(seconds))
            } else if let parsed = DurationText.date(text) {
                date = parsed
            } else {
                return .failure(.unreadable(text))
            }
            do throws(Expiry.DateProblem) {
                return .success(try .at(date, createdAt: now))
            } catch {
                return .failure(.date(error))
            }
        }
    }

    /// Why the expiry cannot be used at `now`, in words; `nil` when it can.
    public func expiryProblem(now: Date) -> String? {
        guard case .failure(let problem) = expiry(now: now) else { return nil }
        switch problem {
        case .empty:
            return "Type an expiry: 45d, 12h, 2027-03-01 or 2027-03-01T12:00Z"
        case .unreadable(let text):
            return "\"\(text)\" is not a duration (45d, 12h) or a date (2027-03-01)"
        case .date(.past(let date)):
            return "\(DateText.iso8601(date)) is in the past"
        case .date(.afterYear9999):
            return "That is after the year 9999; choose an earlier expiry"
        case .policy(let allowed):
            return "The policy allows \(allowed)"
        }
    }

    /// Whether the expiry is refused by the key policy alone, and an Owner may go past it.
    func overridable(now: Date) -> Bool {
        guard mayOverride, case .failure(.policy) = expiry(now: now) else { return false }
        return true
    }

    /// Why a custom expiry cannot be used.
    public enum ExpiryProblem: Error, Sendable, Hashable {
        case empty
        case unreadable(String)
        /// A date that cannot be a new key's expiry (past, or after 9999).
        case date(Expiry.DateProblem)
        /// An expiry the key policy refuses, and why.
        case policy(String)
    }

    /// The request for the current choices at `now`, or `nil` when the expiry is invalid.
    public func request(now: Date) -> CreateKeyRequest? {
        guard case .success(let expiry) = expiry(now: now) else { return nil }
        return CreateKeyRequest(
            roleId: role.roleId, description: description.text, expiry: expiry)
    }
}
