import Foundation
import MomentoKeys
import TestSupport
import Testing

@testable import KeySandbox

/// The console killed (`kill -9`) during a bulk revoke: the sandbox stays whole, and every
/// revoke the console recorded as done is in it.
@Suite(
    "The console killed mid bulk revoke", .serialized, .timeLimit(.minutes(2)),
    .enabled(if: TmuxSession.isAvailable, TmuxSession.unavailableReason))
struct ConsoleDurabilityTests {
    let home = TemporaryDirectory()

    /// The ids of the processes whose command line contains `text`.
    static func processes(containing text: String) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry),
                let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
            else { return nil }
            let line = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            return line.contains("keyconsole") && line.contains(text) ? pid : nil
        }
    }

    @Test("kill -9 after the third of 20 paced revokes: each logged revoke is there, the rest not")
    func killedBulkRevoke() async throws {
        let path = home.path + "/bulk.sqlite"
        let store = try await SandboxStore.open(path: path)
        var ids: [String] = []
        for index in 0..<20 {
            ids.append(
                try await store.issueKey(
                    roleId: RoleID.viewer, description: "bulk \(index)", expiry: .never
                ).keyInfo.keyId)
        }
        let tmux = try await TmuxSession(home: home.path, width: 100, height: 40)
        try await tmux.launch("--sandbox '\(path)'")
        _ = try await tmux.waitUntil { $0.contains("refreshed") }
        try await tmux.filter("bulk", shown: "20 of 32 shown")
        for _ in 0..<20 { try await tmux.send("Space") }
        _ = try await tmux.waitUntil { $0.contains("(20 marked)") }
        try await tmux.type("d")
        _ = try await tmux.waitUntil { $0.contains("Type 20 to confirm") }
        try await tmux.type("20")
        try await tmux.send("Enter")
        // The console paces a bulk revoke at 5 a second: after the third, 17 are still to go.
        let log = home.path + "/state/keyconsole/keyconsole.log"
        func logged() -> [String] {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").filter { $0.contains("revoked a key") }.compactMap {
                $0.split(separator: " ").first { $0.hasPrefix("key_id=") }.map {
                    String($0.dropFirst("key_id=".count))
                }
            }
        }
        let deadline = ContinuousClock.now.advanced(by: .seconds(20))
        while logged().count < 3 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        let console = Self.processes(containing: path)
        #expect(console.count == 1)
        for pid in console { kill(pid, SIGKILL) }
        _ = try await tmux.waitUntil { $0.contains("exited=137") }
        let reported = logged()
        let live = Set(try await store.listAllKeys().map(\.keyId))
        let revoked = ids.filter { !live.contains($0) }
        #expect(reported.count >= 3)
        #expect(reported.allSatisfy { !live.contains($0) }, "every revoke logged as done is there")
        #expect(revoked.count < 20, "the kill landed mid-run")
        #expect(revoked.count <= reported.count + 1, "at most the one under way when killed")
        #expect(try DurabilityTests.integrity(path) == "ok")
    }
}
