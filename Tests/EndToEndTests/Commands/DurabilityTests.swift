import Foundation
import GRDB
import MomentoKeys
import TestSupport
import Testing

@testable import KeySandbox

/// `kill -9` of keyconsole in the middle of a run of writes to the sandbox: the database stays
/// whole (`PRAGMA integrity_check`), and every operation reported done is in it.
@Suite("kill -9 mid-run: the sandbox stays whole", .timeLimit(.minutes(2)))
struct DurabilityTests {
    let home = TemporaryDirectory()

    var environment: [String: String] { KeyconsoleProcess.environment(home: home.path) }
    var path: String { home.path + "/s.sqlite" }

    /// `PRAGMA integrity_check` of the sandbox file, on a connection of its own.
    static func integrity(_ path: String) throws -> String {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
            .joined(separator: "; ")
    }

    /// The ids after `prefix` at the start of a line of `text`.
    static func ids(after prefix: String, in text: String) -> [String] {
        text.split(separator: "\n").filter { $0.hasPrefix(prefix) }.compactMap {
            $0.dropFirst(prefix.count).split(separator: " ").first.map(String.init)
        }
    }

    @Test("revoke of 50 keys killed after its fifth: every revoke reported is there, the rest not")
    func bulkRevokeCLI() async throws {
        let store = try await SandboxStore.open(path: path)
        var ids: [String] = []
        for index in 0..<50 {
            ids.append(
                try await store.issueKey(
                    roleId: RoleID.viewer, description: "bulk \(index)", expiry: .never
                ).keyInfo.keyId)
        }
        // At 20 a second, the 50 take 2.5 s: the kill lands mid-run.
        let revoke = KeyconsoleProcess(
            ["revoke"] + ids + ["--yes", "--sandbox", path, "--rate-limit", "20"],
            environment: environment)
        #expect(
            await revoke.waitUntil { _, stderr in Self.ids(after: "Revoked ", in: stderr).count >= 5
            })
        revoke.signal(SIGKILL)
        #expect(await revoke.exitStatus() == 128 + SIGKILL, "killed, not finished")
        let reported = Self.ids(after: "Revoked ", in: revoke.stderr)
        let live = Set(try await store.listAllKeys().map(\.keyId))
        let revoked = ids.filter { !live.contains($0) }
        #expect(reported.count >= 5)
        #expect(reported.allSatisfy { !live.contains($0) }, "every revoke reported done is there")
        #expect(revoked.count < 50, "the kill landed mid-run")
        #expect(revoked == Array(ids.prefix(revoked.count)), "in order, none skipped")
        #expect(revoked.count <= reported.count + 1, "at most the one under way when killed")
        #expect(try Self.integrity(path) == "ok")
    }

    @Test("a run of creates killed in one of them: every key reported is stored and in its file")
    func createRun() async throws {
        let store = try await SandboxStore.open(path: path)
        let folder = home.path + "/keys"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Each create in the background of a shell loop, so the test can kill that very process;
        // the loop stops at the first create that did not exit 0.
        let script = """
            for i in $(seq 1 40); do
              "$BIN" create --sandbox "$S" --role-id r-viewer --description "run $i" --output "$D/k$i" &
              pid=$!
              echo "started $i $pid"
              wait $pid; rc=$?
              echo "exit $i $rc"
              [ $rc -eq 0 ] || break
            done
            """
        let run = KeyconsoleProcess(
            ["-c", script],
            environment: environment.merging(
                ["BIN": KeyconsoleProcess.binary.path, "S": path, "D": folder]
            ) { $1 },
            executable: URL(fileURLWithPath: "/bin/bash"))
        var killed: Int?
        for index in 4...40 where killed == nil {
            guard await run.waitUntil({ out, _ in out.contains("started \(index) ") }) else {
                break
            }
            let line = run.stdout.split(separator: "\n").first { $0.hasPrefix("started \(index) ") }
            guard let pid = line.flatMap({ Int32($0.split(separator: " ")[2]) }) else { break }
            kill(pid, SIGKILL)
            guard await run.waitUntil({ out, _ in out.contains("exit \(index) ") }) else { break }
            if run.stdout.contains("exit \(index) \(128 + SIGKILL)") { killed = index }
        }
        _ = await run.exitStatus()
        let victim = try #require(killed, "no kill landed while a create ran")
        #expect(victim < 40, "the kill landed mid-run")
        #expect(try Self.integrity(path) == "ok")
        let reported = Self.ids(after: "Created key ", in: run.stderr)
        #expect(reported.count >= victim - 1)
        let live = try await store.listAllKeys()
        for (offset, id) in reported.enumerated() {
            #expect(live.contains { $0.keyId == id }, "reported \(id) is stored")
            let text = try String(contentsOfFile: folder + "/k\(offset + 1)", encoding: .utf8)
            let decoded = try KeyDecoder.decode(
                text.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(decoded.keyId == id, "its file holds it")
        }
        // The killed create left nothing, its marker, or its whole key: never a part of one.
        let victimFile = folder + "/k\(victim)"
        if let text = try? String(contentsOfFile: victimFile, encoding: .utf8), !text.isEmpty {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            let isKey = (try? KeyDecoder.decode(trimmed))?.kind == .v2ApiKey
            #expect(isKey || CreateMarkerText.isMarker(text), "\(text.debugDescription)")
        }
    }
}

/// The marker's form as the tests know it (the type itself is the executable's).
enum CreateMarkerText {
    static func isMarker(_ text: String) -> Bool {
        text.hasPrefix("# keyconsole create in progress: attempt=")
            && text.hasSuffix(
                " no key has been written here yet\n")
            && text.filter { $0 == "\n" }.count == 1
    }
}

/// The audit journal on a full disk (the file size limit, `prlimit --fsize`, stands in for
/// it): an entry is written whole or not at all.
@Suite("The journal on a full disk", .timeLimit(.minutes(2)))
struct JournalFullDiskTests {
    let home = TemporaryDirectory()

    @Test(
        "a create whose journal entry does not fit leaves no torn line; audit reads every line"
    )
    func fullDisk() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit") else { return }
        let environment = KeyconsoleProcess.environment(home: home.path)
        let sandbox = home.path + "/s.sqlite"
        let journal = home.path + "/state/keyconsole/audit.jsonl"
        // One create for a real entry; then the journal grows past the sandbox's size, so the
        // limit stops the journal's next write and nothing else.
        let first = try await KeyconsoleProcess.run(
            ["create", "--sandbox", sandbox, "--role", "Viewer", "--description", "x", "--print"],
            environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        let line = try #require(
            try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n").last)
        let filler = String(repeating: line + "\n", count: 4000)
        let handle = try #require(FileHandle(forWritingAtPath: journal))
        handle.seekToEndOfFile()
        handle.write(Data(filler.utf8))
        try handle.close()
        let size = try #require(
            try FileManager.default.attributesOfItem(atPath: journal)[.size] as? Int)
        let sandboxSize = try #require(
            try FileManager.default.attributesOfItem(atPath: sandbox)[.size] as? Int)
        #expect(size > sandboxSize * 2, "the journal is the largest file")
        let limited = try await KeyconsoleProcess.run(
            [
                "--fsize=\(size + 40)", KeyconsoleProcess.binary.path, "create", "--sandbox",
                sandbox, "--role", "Viewer", "--description", "x", "--print",
            ], environment: environment, executable: URL(fileURLWithPath: "/usr/bin/prlimit"))
        #expect(limited.stderr.contains("was not recorded"), "\(limited.stderr)")
        let after = try String(contentsOfFile: journal, encoding: .utf8)
        #expect(after.utf8.count == size, "cut back to what was there")
        #expect(after.hasSuffix("\n"))
        let audit = try await KeyconsoleProcess.run(
            ["audit", "--format", "json"], environment: environment)
        #expect(audit.status == 0, "\(audit.stderr)")
        #expect(!audit.stderr.contains("do not read") && !audit.stderr.contains("does not read"))
    }
}
