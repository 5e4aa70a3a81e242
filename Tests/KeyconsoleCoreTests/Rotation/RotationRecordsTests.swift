import Foundation
import KeyconsoleCore
import MomentoKeys
import TestSupport
import Testing

@Suite("The rotation records file")
struct RotationRecordsTests {
    let home = TemporaryDirectory()

    static func record(_ old: String) -> KeptRotation {
        KeptRotation(
            account: "acct", oldKeyId: old, newKeyId: old + "-new", description: "d",
            deadline: Date(timeIntervalSince1970: 1_798_761_600),
            recordedAt: Date(timeIntervalSince1970: 1_796_083_200))
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
        #expect(try fresh.load().map(\.oldKeyId) == ["k1", "k2"])
    }

    @Test(
        "a deadline that is no date is an error naming the file, never a rotation due at once; the file stays"
    )
    func deadlineThatIsNoDate() throws {
        let text = """
            [{"account": "acct", "old_key_id": "k1", "new_key_id": "k2", "description": "d",
              "deadline": "soon", "recorded_at": "2026-12-01T00:00:00Z"}]
            """
        let path = home.write("rotations.json", text)
        let records = RotationRecords(path: path)
        #expect(throws: RotationRecords.Failure.self) { try records.load(account: "acct") }
        #expect(throws: CLIError.self) { try records.loadForCommand(account: "acct") }
        #expect(throws: RotationRecords.Failure.self) { try records.add(Self.record("k3")) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }

    @Test("the record is written with ISO 8601 dates and read back the same")
    func roundTrip() throws {
        let records = RotationRecords(path: home.path + "/rotations.json")
        try records.add(Self.record("k1"))
        let text = try String(contentsOfFile: records.path, encoding: .utf8)
        #expect(text.contains("\"deadline\" : \"2027-01-01T00:00:00Z\""))
        #expect(try records.load() == [Self.record("k1")])
        #expect(Self.record("k1").overlapSeconds == 31 * 86400)
    }

    @Test("a records path that cannot be read is never taken for an empty list, nor written over")
    func unreadableIsNotEmpty() throws {
        // A folder where the file should be: it opens, but does not read.
        let path = home.path + "/rotations.json"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let records = RotationRecords(path: path)
        #expect(throws: RotationRecords.Failure.self) { try records.add(Self.record("k1")) }
        // Nor a pipe, which would hang a reader that waits for its writer.
        let pipe = home.path + "/pipe.json"
        #expect(mkfifo(pipe, 0o600) == 0)
        #expect(throws: RotationRecords.Failure.self) {
            try RotationRecords(path: pipe).add(Self.record("k1"))
        }
        #expect(throws: RotationRecords.Failure.self) { try RotationRecords(path: pipe).load() }
        var isFolder: ObjCBool = false
        #expect(
            FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
                && isFolder.boolValue)
    }

    @Test("a rotation whose deadline is past the year 9999 reads back: the file stays usable")
    func deadlinePastTheYear9999() throws {
        let records = RotationRecords(path: home.path + "/rotations.json")
        try records.add(Self.record("k1"))
        var late = Self.record("k2")
        late.deadline = Date(timeIntervalSince1970: 253_402_300_800 + 86400)
        try records.add(late)
        #expect(try records.load() == [Self.record("k1"), late])
        try records.remove(oldKeyId: "k2", account: "acct")
        #expect(try records.load().map(\.oldKeyId) == ["k1"])
    }
}
