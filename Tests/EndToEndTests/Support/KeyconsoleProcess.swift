import Foundation
import Subprocess
import Synchronization
import TestSupport
import Testing

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// The real `keyconsole` binary, run as a user would, with a private HOME and XDG folders.
///
/// swift-subprocess starts it (no shell, every other descriptor closed, signals at their
/// defaults) and streams what it prints, so a test can wait for a line while it runs.
final class KeyconsoleProcess: Sendable {
    /// The built binary: beside the test bundle in the build folder.
    static let binary: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("keyconsole")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/keyconsole")
    }()

    /// An environment with nothing of the user's: HOME and XDG folders under `home`.
    static func environment(home: String, extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "HOME": home, "XDG_CONFIG_HOME": home + "/config", "XDG_DATA_HOME": home + "/data",
            "XDG_STATE_HOME": home + "/state", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
        ]
        environment.merge(extra) { $1 }
        return environment
    }

    /// `environment` as swift-subprocess takes it.
    static func subprocessEnvironment(_ environment: [String: String]) -> Environment {
        // Each entry is a C string: NUL-terminated.
        .custom(
            environment.sorted { $0.key < $1.key }.map { Array("\($0.key)=\($0.value)\0".utf8) })
    }

    private let captured: CapturedOutput
    private let changes: AsyncStream<Void>
    private let notify: AsyncStream<Void>.Continuation
    private let finished: Task<Int32, Never>

    /// Starts `keyconsole arguments...`.
    init(
        _ arguments: [String], environment: [String: String], stdin: String? = nil,
        executable: URL = KeyconsoleProcess.binary
    ) {
        let (changes, notify) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        self.changes = changes
        self.notify = notify
        let captured = CapturedOutput()
        self.captured = captured
        finished = Task {
            defer { notify.finish() }
            // No stdin given: none at all (/dev/null), so there is no pipe to write.
            // swift-subprocess can trap ("FileDescriptor was not closed", its issue #367) when
            // a child exits before reading the stdin it was given.
            // Given stdin comes from a file, not a pipe: no writer is left for it to trap on.
            if let stdin, let file = Self.inputFile(stdin) {
                return await Self.run(
                    executable, arguments, environment,
                    input: .fileDescriptor(file, closeAfterSpawningProcess: true),
                    captured: captured, notify: notify)
            }
            if let stdin {
                return await Self.run(
                    executable, arguments, environment, input: .array(Array(stdin.utf8)),
                    captured: captured, notify: notify)
            }
            return await Self.run(
                executable, arguments, environment, input: .none, captured: captured,
                notify: notify)
        }
    }

    /// `text` in a file of its own (0600), opened for reading and unlinked at once: a child's
    /// standard input with nothing to write.
    private static func inputFile(_ text: String) -> FileDescriptor? {
        let path = NSTemporaryDirectory() + "/keyconsole-stdin-\(UUID().uuidString)"
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else { return nil }
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try? FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec])
    }

    /// Runs the process to its end with `input`, capturing its output: its exit status.
    private static func run<Input: InputProtocol>(
        _ executable: URL, _ arguments: [String], _ environment: [String: String],
        input: Input, captured: CapturedOutput, notify: AsyncStream<Void>.Continuation
    ) async -> Int32 {
        do {
            let result = try await Subprocess.run(
                .path(FilePath(executable.path)), arguments: Arguments(arguments),
                environment: Self.subprocessEnvironment(environment),
                input: input, output: .sequence, error: .sequence
            ) { execution in
                captured.state.withLock { $0.pid = execution.processIdentifier.value }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for isError in [false, true] {
                        let stream =
                            isError ? execution.standardError : execution.standardOutput
                        group.addTask {
                            for try await buffer in stream {
                                let bytes = buffer.withUnsafeBytes { Array($0) }
                                captured.state.withLock { output in
                                    if isError {
                                        output.stderr += bytes
                                    } else {
                                        output.stdout += bytes
                                    }
                                }
                                notify.yield()
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            let status: Int32 =
                switch result.terminationStatus {
                case .exited(let code): code
                case .signaled(let signal): 128 + signal
                }
            captured.state.withLock { $0.status = status }
            return status
        } catch {
            captured.state.withLock { $0.stderr += Array("could not run: \(error)".utf8) }
            return -1
        }
    }

    deinit {
        // A test that failed half-way must not leave a server running.
        let (pid, status) = captured.state.withLock { ($0.pid, $0.status) }
        if let pid, status == nil { kill(pid, SIGTERM) }
    }

    var stdout: String { captured.state.withLock { String(decoding: $0.stdout, as: UTF8.self) } }
    var stderr: String { captured.state.withLock { String(decoding: $0.stderr, as: UTF8.self) } }

    /// Waits until stdout or stderr contains `text` (the test's time limit bounds the wait).
    func waitFor(_ text: String) async -> Bool {
        await waitUntil { $0.contains(text) || $1.contains(text) }
    }

    /// Waits until `condition` holds of stdout and stderr, or the process has ended and it
    /// does not (the test's time limit bounds the wait).
    func waitUntil(_ condition: (_ stdout: String, _ stderr: String) -> Bool) async -> Bool {
        if condition(stdout, stderr) { return true }
        for await _ in changes {
            if condition(stdout, stderr) { return true }
        }
        return condition(stdout, stderr)
    }

    /// Sends a signal to the process, when it is running.
    func signal(_ number: Int32) {
        let (pid, status) = captured.state.withLock { ($0.pid, $0.status) }
        if let pid, status == nil { kill(pid, number) }
    }

    /// Waits for the process to end and for everything it printed, and returns its status.
    func exitStatus() async -> Int32 {
        await finished.value
    }

    /// Runs to completion: status, stdout, stderr.
    static func run(
        _ arguments: [String], environment: [String: String], stdin: String? = nil,
        executable: URL = KeyconsoleProcess.binary
    ) async throws -> (status: Int32, stdout: String, stderr: String) {
        let running = KeyconsoleProcess(
            arguments, environment: environment, stdin: stdin, executable: executable)
        let status = await running.exitStatus()
        return (status, running.stdout, running.stderr)
    }
}

/// What a process printed so far, its id once started, and its status once ended.
final class CapturedOutput: Sendable {
    struct State {
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        var pid: pid_t?
        var status: Int32?
    }

    let state = Mutex(State())
}

/// A `keyconsole serve` of a sandbox, started with an Owner key file: its URL and that key.
struct ServedSandbox {
    let process: KeyconsoleProcess
    /// `http://127.0.0.1:PORT`.
    let url: String
    /// The Owner key serve wrote to its key file.
    let adminKey: String
    /// That file.
    let keyFile: String

    /// Starts `serve --port 0 --rate-limit 0` on `sandbox` with `home`'s environment, and
    /// waits until it serves; `extra` arguments go at the end.
    static func start(sandbox: String, home: String, extra: [String] = []) async throws
        -> ServedSandbox
    {
        let keyFile = home + "/admin-\(UUID().uuidString.prefix(6)).key"
        let process = KeyconsoleProcess(
            [
                "serve", "--port", "0", "--rate-limit", "0", "--sandbox", sandbox,
                "--admin-key-file", keyFile,
            ] + extra, environment: KeyconsoleProcess.environment(home: home))
        #expect(await process.waitFor("Serving sandbox"))
        let url = try #require(
            process.stdout.split(whereSeparator: \.isWhitespace).first {
                $0.hasPrefix("http://127.0.0.1:")
            })
        let key = try String(contentsOfFile: keyFile, encoding: .utf8)
        return ServedSandbox(
            process: process, url: url.trimmingCharacters(in: .whitespacesAndNewlines),
            adminKey: key.trimmingCharacters(in: .whitespacesAndNewlines), keyFile: keyFile)
    }
}
