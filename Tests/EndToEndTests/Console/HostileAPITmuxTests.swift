import Foundation
import TestSupport
import Testing

/// The console against a key API that misbehaves: `q` and every terminating signal end it within
/// a second during a load that never ends, the terminal given back to the shell, its memory
/// bounded; nothing the API sends is copied raw.
@Suite(
    "The console against a hostile key API", .serialized, .timeLimit(.minutes(3)),
    .enabled(if: TmuxSession.isAvailable, TmuxSession.unavailableReason))
struct HostileAPITmuxTests {
    let home = TemporaryDirectory()

    /// The child of `parent` (the pane's shell) that runs keyconsole.
    static func console(under parent: pid_t) -> pid_t? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(pid_t.init).first { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && pid_t(fields[1]) == parent
                && stat.contains("(keyconsole)")
        }
    }

    /// The peak resident set of `pid`, in kB.
    static func peakKilobytes(_ pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return nil }
        return Int(line.split(separator: " ").dropFirst().first ?? "")
    }

    /// Starts the console on `url` in tmux and returns the session and the console's pid once
    /// the load is under way.
    func start(_ url: String) async throws -> (TmuxSession, pid_t) {
        let tmux = try await TmuxSession(
            home: home.path, width: 80, height: 24,
            extra: ["MOMENTO_API_KEY": TestTokens.v2Key(id: "hostile-admin")])
        try await tmux.launch("--api-url \(url) --region us-west-2 --no-cache --refresh 0")
        _ = try await tmux.waitUntil { $0.contains("keys") }
        let shell = try await TmuxSession.tmux(
            tmux.socket, ["display-message", "-p", "-t", tmux.name, "#{pane_pid}"])
        let parent = try #require(pid_t(shell.trimmingCharacters(in: .whitespacesAndNewlines)))
        let pid = try #require(Self.console(under: parent), "no keyconsole under the pane")
        return (tmux, pid)
    }

    /// Sends `how` to the console: a signal (HUP, TERM, QUIT) or `q` typed in its pane.
    static func stop(_ pid: pid_t, _ how: String, _ tmux: TmuxSession) async throws {
        switch how {
        case "HUP": kill(pid, SIGHUP)
        case "TERM": kill(pid, SIGTERM)
        case "QUIT": kill(pid, SIGQUIT)
        default: try await tmux.type("q")
        }
    }

    /// How long `pid` lived after now, polling every 10 ms for at most `limit` seconds.
    static func secondsToExit(_ pid: pid_t, limit: Double = 5) async throws -> Double {
        let start = ContinuousClock.now
        while kill(pid, 0) == 0 || errno != ESRCH {
            let elapsed = start.duration(to: .now)
            if elapsed > .seconds(limit) { return limit }
            try await Task.sleep(for: .milliseconds(10))
        }
        let elapsed = start.duration(to: .now).components
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
    }

    @Test(
        "during an endless load, SIGHUP, SIGTERM, SIGQUIT and q end the console within 1 s, the shell back, memory bounded",
        arguments: ["HUP", "TERM", "QUIT", "q"])
    func stopsDuringEndlessLoad(_ how: String) async throws {
        try await HostileKeyAPI.serve(.endless(delay: .milliseconds(5))) { url in
            let (tmux, pid) = try await start(url)
            // The load goes on: a second of pages arriving (5 ms apart, so the test server in
            // this process leaves the other suites their share of the machine).
            try await Task.sleep(for: .seconds(1))
            #expect(kill(pid, 0) == 0, "still loading")
            let peak = try #require(Self.peakKilobytes(pid))
            try await Self.stop(pid, how, tmux)
            let seconds = try await Self.secondsToExit(pid)
            #expect(seconds <= 1.0, "\(how): the console lived \(seconds) s after it")
            #expect(peak < 300_000, "\(how): peak RSS \(peak) kB")
            let screen = try await tmux.waitUntil { $0.contains("exited=") }
            let expected = ["HUP": "129", "TERM": "143", "QUIT": "131", "q": "0"][how] ?? ""
            #expect(screen.contains("exited=\(expected)"), "\(screen)")
        }
    }

    @Test(
        "a next_token given again (an endless load before the guard) ends the load with an error on screen; each signal and q still end the console within 1 s",
        arguments: ["HUP", "TERM", "QUIT", "q"])
    func sameTokenEnds(_ how: String) async throws {
        try await HostileKeyAPI.serve(.sameToken) { url in
            let (tmux, pid) = try await start(url)
            _ = try await tmux.waitUntil { $0.contains("same next_token twice") }
            let peak = try #require(Self.peakKilobytes(pid))
            try await Self.stop(pid, how, tmux)
            let seconds = try await Self.secondsToExit(pid)
            #expect(seconds <= 1.0, "\(how): the console lived \(seconds) s after it")
            #expect(peak < 300_000, "\(how): peak RSS \(peak) kB")
            #expect(Self.peakKilobytes(pid) == nil, "gone")
        }
    }

    @Test("c on a key id holding ESC[201~ and a command copies nothing to tmux's buffers")
    func hostileIdIsNotCopied() async throws {
        try await HostileKeyAPI.serve(.hostileId) { url in
            let (tmux, pid) = try await start(url)
            _ = try await tmux.waitUntil { $0.contains("1 keys") || $0.contains("1 key ") }
            try await tmux.type("c")
            let screen = try await tmux.waitUntil { $0.contains("Not copied") }
            #expect(screen.contains("Not copied"))
            for buffer in try await tmux.allBuffers() {
                #expect(!buffer.contains("touch"), "copied: \(buffer)")
            }
            try await tmux.type("q")
            #expect(try await Self.secondsToExit(pid) <= 1.0)
        }
    }
}
