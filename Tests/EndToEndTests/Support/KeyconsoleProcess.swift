import Foundation
import Synchronization
import TestSupport

/// The real `keyconsole` binary, run as a user would, with a private HOME and XDG folders.
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

    private let process: Process
    private let output = CapturedOutput()
    private let changes: AsyncStream<Void>
    private let notify: AsyncStream<Void>.Continuation
    private let exited: AsyncStream<Int32>

    /// Starts `keyconsole arguments...`.
    init(
        _ arguments: [String], environment: [String: String], stdin: String? = nil,
        executable: URL = KeyconsoleProcess.binary
    ) throws {
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        let (changes, notify) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        self.changes = changes
        self.notify = notify
        let (exited, exitContinuation) = AsyncStream<Int32>.makeStream(
            bufferingPolicy: .bufferingNewest(1))
        self.exited = exited
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        // Each pipe is read to its end by a thread of its own with blocking reads: no dispatch
        // source is left watching a descriptor that might be closed and reused.
        for (pipe, isError) in [(out, false), (err, true)] {
            let handle = pipe.fileHandleForReading
            let reader = Thread { [output, notify] in
                while true {
                    let data = handle.availableData
                    if data.isEmpty {
                        output.finishedReaders.withLock { $0 += 1 }
                        notify.yield()
                        break
                    }
                    let text = String(decoding: data, as: UTF8.self)
                    output.text.withLock { captured in
                        if isError {
                            captured.stderr += text
                        } else {
                            captured.stdout += text
                        }
                    }
                    notify.yield()
                }
            }
            reader.start()
        }
        process.terminationHandler = { process in
            exitContinuation.yield(process.terminationStatus)
            exitContinuation.finish()
        }
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
    }

    deinit {
        // A test that failed half-way must not leave a server running.
        if process.isRunning { process.terminate() }
    }

    var stdout: String { output.text.withLock { $0.stdout } }
    var stderr: String { output.text.withLock { $0.stderr } }

    /// Waits until stdout or stderr contains `text` (the test's time limit bounds the wait).
    func waitFor(_ text: String) async -> Bool {
        for await _ in changes {
            if stdout.contains(text) || stderr.contains(text) { return true }
        }
        return stdout.contains(text) || stderr.contains(text)
    }

    /// Sends a signal.
    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for the process to end and for everything it printed, and returns its status.
    func exitStatus() async -> Int32 {
        var iterator = exited.makeAsyncIterator()
        let status = await iterator.next() ?? process.terminationStatus
        if output.finishedReaders.withLock({ $0 }) < 2 {
            for await _ in changes where output.finishedReaders.withLock({ $0 }) >= 2 { break }
        }
        return status
    }

    /// Runs to completion: status, stdout, stderr.
    static func run(
        _ arguments: [String], environment: [String: String], stdin: String? = nil,
        executable: URL = KeyconsoleProcess.binary
    ) async throws -> (status: Int32, stdout: String, stderr: String) {
        let running = try KeyconsoleProcess(
            arguments, environment: environment, stdin: stdin, executable: executable)
        let status = await running.exitStatus()
        return (status, running.stdout, running.stderr)
    }
}

/// What a process printed so far.
final class CapturedOutput: Sendable {
    let text = Mutex<(stdout: String, stderr: String)>(("", ""))
    /// How many of the two pipes were read to their end.
    let finishedReaders = Mutex(0)
}
