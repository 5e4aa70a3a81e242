import Foundation
import GRDB
import MomentoKeys
import TestSupport
import Testing

@testable import KeySandbox

/// The sandbox file is ours, or keyconsole does not touch it; a sandbox it may only read is
/// listed and checked all the same.
@Suite("The sandbox file, the real binary", .timeLimit(.minutes(1)))
struct SandboxFileTests {
    let home = TemporaryDirectory()

    var environment: [String: String] { KeyconsoleProcess.environment(home: home.path) }

    @Test("another program's database: list, check, create, serve and reset refuse it untouched")
    func foreignDatabase() async throws {
        let path = home.path + "/other.sqlite"
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
            try db.execute(sql: "INSERT INTO invoices VALUES (1, 9.5)")
        }
        try queue.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for arguments in [
            ["list"], ["check"],
            ["create", "--role-id", "r-viewer", "--description", "x", "--print"],
            ["serve", "--port", "0"], ["sandbox", "reset"],
        ] {
            let result = try await KeyconsoleProcess.run(
                arguments + ["--sandbox", path], environment: environment)
            #expect(result.status != 0, "\(arguments)")
            #expect(
                result.stderr.contains("\(path) is not a keyconsole sandbox")
                    || result.stdout.contains("is not a keyconsole sandbox"),
                "\(arguments): \(result.stderr)")
            #expect(!result.stdout.contains("Serving"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "byte for byte")
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test("a sandbox of another user, mode 0644: list and check read it; create says why it cannot")
    func anotherUsersSandbox() async throws {
        let folder = home.path + "/theirs"
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o755])
        let path = folder + "/sandbox.sqlite"
        do {
            let store = try await SandboxStore.open(path: path)
            #expect(try await store.listAllKeys().count == 12)
        }  // closed: its -wal and -shm go with the last connection
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        // As another user: root runs it as nobody; anyone else makes the file read-only.
        var prefix: [String] = []
        var executable = KeyconsoleProcess.binary
        if getuid() == 0 {
            executable = URL(fileURLWithPath: "/usr/bin/setpriv")
            prefix = [
                "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                KeyconsoleProcess.binary.path,
            ]
        } else {
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
            try FileManager.default.setAttributes(
                [.posixPermissions: 0o555], ofItemAtPath: folder)
        }
        defer {
            try? FileManager.default.setAttributes(
                [.posixPermissions: 0o755], ofItemAtPath: folder)
        }
        let list = try await KeyconsoleProcess.run(
            prefix + ["list", "--sandbox", path, "--format", "json"], environment: environment,
            executable: executable)
        #expect(list.status == 0, "\(list.stderr)")
        let keys = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [Any]
        #expect(keys?.count == 12)
        let check = try await KeyconsoleProcess.run(
            prefix + ["check", "--sandbox", path], environment: environment,
            executable: executable)
        #expect(check.status == 2, "the demo has an expired key: \(check.stdout) \(check.stderr)")
        #expect(check.stdout.contains("CRITICAL"))
        let create = try await KeyconsoleProcess.run(
            prefix + [
                "create", "--sandbox", path, "--role-id", "r-viewer", "--description", "x",
                "--print",
            ], environment: environment, executable: executable)
        #expect(create.status == 1)
        #expect(create.stderr.contains(path), "\(create.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "not written to")
    }
}
