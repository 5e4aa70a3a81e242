import ConsoleUI
import Foundation

/// A rotation kept for an overlap: the old key stays until `deadline`, then it is due to be
/// revoked (`rotate --finish`, or the console's offer).
struct RotationRecord: Codable, Sendable, Hashable {
    /// The backend's location (sandbox file or key API URL), so that each account has its own.
    var account: String
    var oldKeyId: String
    var newKeyId: String
    var description: String
    /// When the overlap ends (ISO 8601).
    var deadline: String
    /// When the rotation was recorded (ISO 8601).
    var recordedAt: String

    enum CodingKeys: String, CodingKey {
        case account, description, deadline
        case oldKeyId = "old_key_id"
        case newKeyId = "new_key_id"
        case recordedAt = "recorded_at"
    }

    /// The deadline as a date (a deadline that does not read is due at once).
    var deadlineDate: Date { (try? Date(deadline, strategy: .iso8601)) ?? .distantPast }

    /// Whether the overlap has ended at `now`.
    func isDue(at now: Date) -> Bool { deadlineDate <= now }

    /// How long both keys were to be kept (recorded to deadline).
    var overlapSeconds: Int64 {
        guard let recorded = try? Date(recordedAt, strategy: .iso8601) else { return 0 }
        return max(0, Int64(deadlineDate.timeIntervalSince(recorded).rounded()))
    }

    /// The rotation as the console keeps it.
    var kept: KeptRotation {
        KeptRotation(
            oldKeyId: oldKeyId, newKeyId: newKeyId, deadline: deadlineDate,
            overlapSeconds: overlapSeconds)
    }
}
