import Foundation
import TestSupport
import Testing

@testable import keyconsole

@Suite("The rotation records file")
struct RotationRecordsTests {
    let home = TemporaryDirectory()

    static func record(_ old: String) -> RotationRecord {
        RotationRecord(
            account: "acct", oldKeyId: old, newKeyId: old + "-new", description: "d",
            deadline: "2027-01-01T00:00:00Z", recordedAt: "2026-12-01T00:00:00Z")
    }

    @Test("a file that does not read is never written over: the change fails, the bytes stay")
    func unreadableIsKept() throws {
        let path = home.write("rotations.json", "[{\"account\": \"acct\", truncated")
        let records = RotationRecords(path: path)
        #expect(throws: RotationRecords.Failure.self) { try records.add(Self.record("k1")) }
        #expect(
            try String(contentsOfFile: path, encoding: .utf8)
                == "[{\"account\": \"acct\", truncated")
        // A missing file starts a new list; the list is read back whole.
        let fresh = RotationRecords(path: home.path + "/new/rotations.json")
        try fresh.add(Self.record("k1"))
        try fresh.add(Self.record("k2"))
        #expect(fresh.load().map(\.oldKeyId) == ["k1", "k2"])
    }
}
