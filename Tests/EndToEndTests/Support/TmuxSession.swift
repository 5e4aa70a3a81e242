import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A headless tmux session on a private server, for driving the real binary as a user would.
final class TmuxSession: Sendable {
    let socket: String
    let name = "kc"

    /// Whether tmux is on the PATH. The suites that drive the console need it; without it they
    /// are skipped, saying why, instead of failing.
    static let isAvailable = locate(searchPath: ProcessInfo.processInfo.environment["PATH"]) != nil

    /// Why a tmux suite is skipped.
    static let unavailableReason: Comment =
        "tmux is not installed (Debian: apt-get install tmux); the console's end-to-end tests need it"

    /// The tmux executable in the folders of a `PATH` value, if there is one.
    static func locate(searchPath: String?) -> String? {
        (searchPath ?? "").split(separator: ":").map { $0 + "/tmux" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Starts `sh` in a `width` x `height` session with `environment`.
    init(width: Int, height: Int, environment: [String: String]) throws {
        socket = "keyconsole-test-" + UUID().uuidString.prefix(8)
        let exports = environment.sorted { $0.key < $1.key }.map { "\($0.key)='\($0.value)'" }
        try Self.tmux(
            socket,
            [
                "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
                "env -i " + exports.joined(separator: " ") + " /bin/sh",
            ])
    }

    /// A session for the console on `home`: its environment, `TERM=xterm-256color`, and `extra`.
    convenience init(
        home: String, width: Int = 80, height: Int = 24, extra: [String: String] = [:]
    ) throws {
        try self.init(
            width: width, height: height,
            environment: KeyconsoleProcess.environment(
                home: home, extra: ["TERM": "xterm-256color"].merging(extra) { $1 }))
    }

    /// The first line of `screen` that contains `text`.
    static func line(containing text: String, in screen: String) -> String? {
        screen.split(separator: "\n").first { $0.contains(text) }.map(String.init)
    }

    deinit {
        _ = try? Self.tmux(socket, ["kill-server"])
    }

    /// Types text or key names (tmux `send-keys` syntax: `Enter`, `Escape`, `C-c`).
    func send(_ keys: String...) throws {
        try Self.tmux(socket, ["send-keys", "-t", name] + keys)
    }

    /// Types literal text.
    func type(_ text: String) throws {
        try Self.tmux(socket, ["send-keys", "-t", name, "-l", text])
    }

    /// Runs the binary inside the session's shell.
    func launch(_ arguments: String = "") throws {
        // The marker is typed split in two, so only the shell's output contains "exited=".
        try type("'\(KeyconsoleProcess.binary.path)' \(arguments); echo \"exit\"\"ed=$?\"")
        try send("Enter")
    }

    /// The screen as text; `escapes` keeps colour and attribute sequences.
    func capture(escapes: Bool = false) throws -> String {
        try Self.tmux(socket, ["capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : []))
    }

    /// Lets programs in the session set tmux's buffer with OSC 52.
    func setClipboard() throws {
        try Self.tmux(socket, ["set-option", "-s", "set-clipboard", "on"])
    }

    /// tmux's newest paste buffer.
    func buffer() throws -> String {
        try Self.tmux(socket, ["show-buffer"])
    }

    func resize(width: Int, height: Int) throws {
        try Self.tmux(socket, ["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Captures the screen until `condition` holds on two captures in a row that are the same
    /// (so a screen caught half-drawn does not count), for at most `seconds`; returns the last
    /// capture, and records a test issue when the time ran out. The console redraws on its own
    /// schedule, so the test watches for the state it expects rather than sleeping a fixed time.
    func waitUntil(
        seconds: Double = 10, sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: (String) -> Bool
    ) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var previous = ""
        var screen = try capture()
        while !(condition(screen) && screen == previous) && Date() < deadline {
            try await Task.sleep(for: .milliseconds(40))
            previous = screen
            screen = try capture()
        }
        if !condition(screen) {
            Issue.record(
                "waited \(seconds) s in vain; the screen:\n\(screen)",
                sourceLocation: sourceLocation)
        }
        return screen
    }

    /// Filters the console's list to `text` (`/`, the text, Enter) and waits for `shown` (such
    /// as "1 of 12 keys") in the header.
    func filter(
        _ text: String, shown: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        try type("/" + text)
        try send("Enter")
        _ = try await waitUntil(sourceLocation: sourceLocation) { $0.contains(shown) }
    }

    /// Runs `tmux -L socket arguments...` with posix_spawn and waitpid; returns its output.
    ///
    /// Not Foundation's Process: a new session's server inherits the client's descriptors, and
    /// Process then never sees the client finish. Output goes through a temporary file.
    @discardableResult
    static func tmux(_ socket: String, _ arguments: [String]) throws -> String {
        let outputPath = NSTemporaryDirectory() + "tmux-out-" + UUID().uuidString
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(
            &actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // Nothing else: a new session's server lives on and must not hold other tests' pipes.
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap(Int32.init) where fd > 2 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
        let argv = ["tmux", "-L", socket] + arguments
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        // The calling thread may block signals (dispatch threads do); tmux and what it runs
        // must start with none blocked and default handlers, or SIGTERM would not reach them.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, "tmux", &actions, &attributes, &cArguments, environ)
        guard spawned == 0 else { throw TmuxError.cannotStart(spawned) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }
}

enum TmuxError: Error {
    case cannotStart(Int32)
}
