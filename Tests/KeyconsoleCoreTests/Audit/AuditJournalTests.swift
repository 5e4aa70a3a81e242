import Foundation
import KeyconsoleCore
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The audit journal: whole lines from writers at once, 0600, a shared journal appended to
/// with its mode left alone, and syslog through a socket.
@Suite("The audit journal")
struct AuditJournalTests {
    static let backend = BackendSummary(kind: "sandbox", location: "/s.sqlite")

    @Test("200 entries from 4 writers at once: 200 whole lines, in a 0600 file made for them")
    func concurrentAppends() async throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/state/audit.jsonl"
        let journal = AuditJournal(path: path, environment: ["SSH_CLIENT": "203.0.113.9 51234 22"])
        // Four threads of their own: each entry is synced to disk, and blocking the concurrency
        // pool's few threads that long would starve the other suites' servers.
        let failures = Mutex<[String]>([])
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let left = Mutex(4)
            for writer in 0..<4 {
                Thread {
                    for index in 0..<50 {
                        var entry = journal.entry(
                            .revoke, outcome: .done, on: Self.backend, actingKeyId: nil)
                        entry.keyId = "w\(writer)-\(index)"
                        entry.description = String(repeating: "x", count: 3000)
                        do {
                            try journal.append(entry)
                        } catch {
                            failures.withLock { $0.append("\(error)") }
                        }
                    }
                    if left.withLock({ count in
                        count -= 1
                        return count == 0
                    }) {
                        done.resume()
                    }
                }.start()
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        let entries = try AuditJournal.read(path).entries
        #expect(entries.count == 200)
        #expect(Set(entries.compactMap(\.keyId)).count == 200)
        #expect(entries.allSatisfy { $0.sshClient == "203.0.113.9" })
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]
        #expect(mode as? Int == 0o600)
    }

    @Test("a shared journal: made 0600 when missing, its mode left alone when it exists")
    func sharedJournal() throws {
        let directory = TemporaryDirectory()
        let existing = directory.write("shared.jsonl", "")
        chmod(existing, 0o640)
        for (shared, mode) in [(existing, 0o640), (directory.path + "/new.jsonl", 0o600)] {
            let journal = AuditJournal(path: directory.path + "/own.jsonl", sharedPath: shared)
            let problems = try journal.append(
                journal.entry(.create, outcome: .done, on: Self.backend, actingKeyId: "k0"))
            #expect(problems.isEmpty)
            #expect(try AuditJournal.read(shared).entries.count == 1)
            let found = try FileManager.default.attributesOfItem(atPath: shared)[.posixPermissions]
            #expect(found as? Int == mode)
        }
    }

    @Test("each entry also goes to syslog through the socket the config names")
    func syslog() throws {
        let directory = TemporaryDirectory()
        let socketPath = directory.path + "/log.sock"
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in socketPath.utf8.enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        #expect(bound == 0)
        let journal = AuditJournal(path: directory.path + "/own.jsonl", syslogSocket: socketPath)
        var entry = journal.entry(.store, outcome: .failed, on: Self.backend, actingKeyId: nil)
        entry.store = "aws-prod"
        entry.reason = "exit 1\u{1B}[31m"
        #expect(try journal.append(entry).isEmpty)
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        #expect(count > 0)
        let message = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
        #expect(message.hasPrefix("<134>keyconsole[\(getpid())]: {"))
        #expect(message.contains(#""store":"aws-prod""#))
        #expect(!message.contains("\u{1B}"), "escaped in the JSON")
        // A socket that is not there: the entry is kept in the journal, the problem said.
        let missing = AuditJournal(
            path: directory.path + "/own.jsonl", syslogSocket: directory.path + "/none")
        #expect(
            try missing.append(entry) == [
                "syslog at \(directory.path)/none did not take the entry"
            ])
        #expect(try AuditJournal.read(directory.path + "/own.jsonl").entries.count == 2)
    }

    @Test(
        "a torn last line from a crash is ended before the next entry, which stands whole; the torn line is reported, not hidden"
    )
    func tornTail() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("own.jsonl", "")
        let journal = AuditJournal(path: path)
        try journal.append(
            journal.entry(.create, outcome: .done, on: Self.backend, actingKeyId: "k0"))
        // What a full disk left: the start of an entry, no newline.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"account":"http:"#.utf8))
        try handle.close()
        var entry = journal.entry(.revoke, outcome: .done, on: Self.backend, actingKeyId: "k0")
        entry.keyId = "after-the-crash"
        try journal.append(entry)
        let contents = try AuditJournal.read(path)
        #expect(contents.entries.map(\.keyId) == [nil, "after-the-crash"])
        #expect(contents.unreadable == [2])
        #expect(contents.warning(path) == "1 line of \(path) does not read as entries (line 2)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix("\n") && text.split(separator: "\n").count == 3)
    }
}
