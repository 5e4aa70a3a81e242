import Foundation
import Subprocess
import TestSupport
import Testing

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// A headless tmux session on a private server, for driving the real binary as a user would.
final class TmuxSession: Sendable {
    let socket: String
    let name = "kc"
    /// The private tmux server, stopped when the session goes.
    let serverPID: pid_t

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
    init(width: Int, height: Int, environment: [String: String]) async throws {
        let socket = "keyconsole-test-" + UUID().uuidString.prefix(8)
        self.socket = socket
        let exports = environment.sorted { $0.key < $1.key }.map { "\($0.key)='\($0.value)'" }
        try await Self.tmux(
            socket,
            [
                "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
                // Inside tmux, TMUX names its server, as it does for any program in a pane.
                "env -i TMUX=\"$TMUX\" " + exports.joined(separator: " ") + " /bin/sh",
            ])
        let pid = try await Self.tmux(socket, ["display-message", "-p", "#{pid}"])
        guard let serverPID = pid_t(pid.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TmuxError.noServer(pid)
        }
        self.serverPID = serverPID
    }

    /// A session for the console on `home`: its environment, `TERM=xterm-256color`, and `extra`.
    convenience init(
        home: String, width: Int = 80, height: Int = 24, extra: [String: String] = [:]
    ) async throws {
        try await self.init(
            width: width, height: height,
            environment: KeyconsoleProcess.environment(
                home: home, extra: ["TERM": "xterm-256color"].merging(extra) { $1 }))
    }

    /// The first line of `screen` that contains `text`.
    static func line(containing text: String, in screen: String) -> String? {
        screen.split(separator: "\n").first { $0.contains(text) }.map(String.init)
    }

    deinit {
        // What `tmux kill-server` does, without starting a process from a deinit; tmux
        // leaves its socket behind either way.
        kill(serverPID, SIGTERM)
        let folder = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        unlink("\(folder)/tmux-\(getuid())/\(socket)")
    }

    /// Types text or key names (tmux `send-keys` syntax: `Enter`, `Escape`, `C-c`).
    func send(_ keys: String...) async throws {
        try await Self.tmux(socket, ["send-keys", "-t", name] + keys)
    }

    /// Sends raw bytes, as a terminal would for a key (`send-keys -H`).
    func sendBytes(_ bytes: [UInt8]) async throws {
        try await Self.tmux(
            socket, ["send-keys", "-t", name, "-H"] + bytes.map { String(format: "%02x", $0) })
    }

    /// Types literal text.
    func type(_ text: String) async throws {
        try await Self.tmux(socket, ["send-keys", "-t", name, "-l", text])
    }

    /// Runs the binary inside the session's shell.
    func launch(_ arguments: String = "") async throws {
        // The marker is typed split in two, so only the shell's output contains "exited=".
        try await type("'\(KeyconsoleProcess.binary.path)' \(arguments); echo \"exit\"\"ed=$?\"")
        try await send("Enter")
    }

    /// The screen as text; `escapes` keeps colour and attribute sequences.
    func capture(escapes: Bool = false) async throws -> String {
        try await Self.tmux(socket, ["capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : []))
    }

    /// Everything the pane holds: its history and the screen.
    func history() async throws -> String {
        try await Self.tmux(socket, ["capture-pane", "-p", "-t", name, "-S", "-", "-E", "-"])
    }

    /// Whether the program in the pane asked for mouse reporting (tmux's `mouse_any_flag`).
    func mouseReporting() async throws -> Bool {
        try await Self.tmux(socket, ["display-message", "-p", "-t", name, "#{mouse_any_flag}"])
            .trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    /// A click of the first button at (`row`, `column`), pressed and released, as xterm
    /// reports it to a program that asked for SGR mouse reports (xterm-256color's `kmous`).
    func click(row: Int, column: Int) async throws {
        let at = "0;\(column + 1);\(row + 1)"
        try await sendBytes(Array("\u{1B}[<\(at)M\u{1B}[<\(at)m".utf8))
    }

    /// Sets a window option for every window (`set-window-option -g`).
    func setWindowOption(_ name: String, _ value: String) async throws {
        try await Self.tmux(socket, ["set-window-option", "-g", name, value])
    }

    /// Pastes `text` as a terminal would: bracketed when the program asked for it.
    func paste(_ text: String) async throws {
        try await Self.tmux(socket, ["set-buffer", "-b", "paste", text])
        try await Self.tmux(socket, ["paste-buffer", "-p", "-d", "-b", "paste", "-t", name])
    }

    /// tmux's newest paste buffer.
    func buffer() async throws -> String {
        try await Self.tmux(socket, ["show-buffer"])
    }

    /// Every paste buffer tmux holds, in full.
    func allBuffers() async throws -> [String] {
        let names = try await Self.tmux(socket, ["list-buffers", "-F", "#{buffer_name}"])
        var buffers: [String] = []
        for name in names.split(separator: "\n") {
            buffers.append(try await Self.tmux(socket, ["show-buffer", "-b", String(name)]))
        }
        return buffers
    }

    func resize(width: Int, height: Int) async throws {
        try await Self.tmux(
            socket, ["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
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
        var screen = try await capture()
        while !(condition(screen) && screen == previous) && Date() < deadline {
            try await Task.sleep(for: .milliseconds(40))
            previous = screen
            screen = try await capture()
        }
        if !condition(screen) {
            Issue.record(
                "waited \(seconds) s in vain; the screen:\n\(screen)",
                sourceLocation: sourceLocation)
        }
        return screen
    }

    /// Filters the console's list to `text` (`/`, the text, Enter) and waits for `shown` (such
    /// as "1 of 12 shown") in the header.
    func filter(
        _ text: String, shown: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        try await type("/" + text)
        try await send("Enter")
        _ = try await waitUntil(sourceLocation: sourceLocation) { $0.contains(shown) }
    }

    /// Runs `tmux -L socket arguments...` and returns its output.
    ///
    /// The output goes through a temporary file, not a pipe: a new session's server lives on
    /// with the client's descriptors, and a pipe would never reach its end. swift-subprocess
    /// closes every other descriptor in the child and starts it with no signal blocked, so
    /// SIGTERM reaches tmux and what it runs.
    @discardableResult
    static func tmux(_ socket: String, _ arguments: [String]) async throws -> String {
        let outputPath = NSTemporaryDirectory() + "tmux-out-" + UUID().uuidString
        defer { unlink(outputPath) }
        let output = try FileDescriptor.open(
            FilePath(outputPath), .writeOnly, options: [.create, .truncate],
            permissions: [.ownerReadWrite])
        _ = try await Subprocess.run(
            // tmux's defaults: no configuration file is read.
            .name("tmux"), arguments: Arguments(["-f", "/dev/null", "-L", socket] + arguments),
            output: .fileDescriptor(output, closeAfterSpawningProcess: true))
        return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }
}

enum TmuxError: Error {
    /// tmux did not say its server's process id.
    case noServer(String)
}
