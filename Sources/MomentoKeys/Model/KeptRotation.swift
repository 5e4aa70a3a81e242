import Foundation
import TextKit

/// A rotation kept for an overlap: the old key stays until `deadline`, then it is due to be
/// revoked (`rotate --finish`, or the console's offer). The one record of a rotation: kept in
/// `rotations.json`, shown by the console, checked by `check`.
public struct KeptRotation: Codable, Sendable, Hashable {
    /// The backend's location (sandbox file or key API URL), so that each account has its own.
    public var account: String
    /// The account's id, when known (the old key's `account_id`): two accounts behind one key
    /// API are told apart by it.
    public var accountId: String?
    /// The key being replaced.
    public var oldKeyId: String
    /// The key replacing it.
    public var newKeyId: String
    /// The keys' description.
    public var description: String
    /// When the overlap ends.
    public var deadline: Date
    /// When the rotation was recorded.
    public var recordedAt: Date

    /// A rotation as given.
    public init(
        account: String = "", oldKeyId: String, newKeyId: String, description: String = "",
        deadline: Date, recordedAt: Date
    ) {
        self.account = account
        self.oldKeyId = oldKeyId
        self.newKeyId = newKeyId
        self.description = description
        self.deadline = deadline
        self.recordedAt = recordedAt
    }

    /// A rotation whose overlap, `overlapSeconds` long, ends at `deadline`.
    public init(oldKeyId: String, newKeyId: String, deadline: Date, overlapSeconds: Int64) {
        self.init(
            oldKeyId: oldKeyId, newKeyId: newKeyId, deadline: deadline,
            recordedAt: deadline.addingTimeInterval(-TimeInterval(overlapSeconds)))
    }

    enum CodingKeys: String, CodingKey {
        case account, description, deadline
        case accountId = "account_id"
        case oldKeyId = "old_key_id"
        case newKeyId = "new_key_id"
        case recordedAt = "recorded_at"
    }

    /// Reads a record; a date that is not ISO 8601 is an error (never "due at once").
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func date(_ key: CodingKeys) throws -> Date {
            let text = try container.decode(String.self, forKey: key)
            guard let date = try? Date(text, strategy: .iso8601) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: container,
                    debugDescription: "\(key.rawValue) is not an ISO 8601 date")
            }
            return date
        }
        account = try container.decode(String.self, forKey: .account)
        accountId = try container.decodeIfPresent(String.self, forKey: .accountId)
        oldKeyId = try container.decode(String.self, forKey: .oldKeyId)
        newKeyId = try container.decode(String.self, forKey: .newKeyId)
        description = try container.decode(String.self, forKey: .description)
        deadline = try date(.deadline)
        recordedAt = try date(.recordedAt)
    }

    /// Writes the record, its dates in ISO 8601.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(account, forKey: .account)
        try container.encodeIfPresent(accountId, forKey: .accountId)
        try container.encode(oldKeyId, forKey: .oldKeyId)
        try container.encode(newKeyId, forKey: .newKeyId)
        try container.encode(description, forKey: .description)
        try container.encode(DateText.iso8601(deadline), forKey: .deadline)
        try container.encode(DateText.iso8601(recordedAt), forKey: .recordedAt)
    }

    /// How long both keys are kept (recorded to deadline).
    public var overlapSeconds: Int64 {
        max(0, Int64(deadline.timeIntervalSince(recordedAt).rounded()))
    }

    /// Whether the overlap has ended at `now`.
    public func isDue(at now: Date) -> Bool { deadline <= now }

    /// What revoking the new key does to the rotation, in one line (a revoke's confirmation).
    public var revokingNote: String {
        "\(TextSanitizer.inert(newKeyId)) replaces \(TextSanitizer.inert(oldKeyId)) in a kept"
            + " rotation: the old key will then be kept, not revoked when the overlap ends"
    }

    /// Why the new key cannot take the old one's place in `keys` at `now`, if it cannot.
    public func handoverProblem(keys: [ApiKeyInfo], now: Date) -> RotationHandover? {
        RotationHandover.problem(
            newKeyId: newKeyId, overlapSeconds: overlapSeconds, keys: keys, now: now)
    }
}

extension RotationHandover {
    /// One line naming both keys: why the old key is kept.
    public func sentence(oldKeyId: String, newKeyId: String) -> String {
        let old = TextSanitizer.inert(oldKeyId)
        let new = TextSanitizer.inert(newKeyId)
        let why =
            switch self {
            case .replacementMissing: "its replacement \(new) is no longer listed (revoked?)"
            case .replacementExpired: "its replacement \(new) has expired"
            case .replacementExpiresSoon(let left, let overlap):
                "its replacement \(new) expires in \(DurationText.describe(seconds: left)),"
                    + " less than the \(DurationText.describe(seconds: overlap)) overlap"
            }
        return "Kept \(old): \(why); revoking it would leave no working key"
    }
}

extension KeptRotation {
    /// One line for a person: `<old id> -> <new id> due 2026-12-07T20:00:00Z (in 23h 59m)`,
    /// or `overdue since ...`; ids cut to `idLength` characters when given, inert.
    public func summary(
        now: Date, idLength: Int? = nil, arrow: String = "->", finish: String = "rotate --finish"
    ) -> String {
        func id(_ text: String) -> String {
            TextSanitizer.inert(idLength.map { String(text.prefix($0)) } ?? text)
        }
        let when = DateText.iso8601(epochSeconds: Int64(deadline.timeIntervalSince1970))
        let left = Int64(deadline.timeIntervalSince(now).rounded(.down))
        let state =
            left > 0
            ? "due \(when) (in \(Countdown.text(secondsLeft: left)))"
            : "overdue since \(when): \(finish) revokes the old key"
        return "\(id(oldKeyId)) \(arrow) \(id(newKeyId)) \(state)"
    }
}

extension KeptRotation {
    /// When the earliest unfinished rotation of each old key began, by old key id (what
    /// `rotation_overlap_max` judges).
    public static func startedAt(_ records: some Sequence<KeptRotation>) -> [String: Date] {
        var started: [String: Date] = [:]
        for record in records {
            started[record.oldKeyId] = min(
                started[record.oldKeyId] ?? record.recordedAt, record.recordedAt)
        }
        return started
    }
}
