import Clocks
import ConsoleUI
import Foundation
import KeySandbox
import KeyconsoleCore
import Logging
import MomentoKeys
import TerminalIO

/// The console in one process for an instruction count (`Benchmarks/perf-gate`): a sandbox,
/// a terminal in memory and a clock that never moves, so that the same binary and the same
/// sandbox always do the same work.
///
///     perf-harness SANDBOX EPOCH PRESSES
///
/// Draws the first full frame of SANDBOX at EPOCH (seconds since 1970), then presses `j`
/// PRESSES times, each after the frame of the one before, and quits.
@main
struct PerfHarness {
    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 4, let epoch = Double(arguments[2]),
            let presses = Int(arguments[3])
        else {
            FileHandle.standardError.write(Data("usage: perf-harness SANDBOX EPOCH PRESSES\n".utf8))
            exit(64)
        }
        let path = arguments[1]
        let store = try await SandboxStore.open(path: path, access: .readWrite)
        let clock = TestClock<Duration>()
        // The role names come beside the list; they re-index it. Waited for, so that every run
        // does the same work.
        let (roles, rolesLoaded) = AsyncStream.makeStream(of: Void.self)
        let terminal = MemoryTerminal(width: 100, height: 30)
        let folder = NSTemporaryDirectory() + "perf-harness-\(getpid())"
        let runner = ConsoleRunner(
            services: ServiceSwitch(service: store, baseURL: nil, factory: nil),
            info: BackendInfo(kind: .sandbox(path: path)), readOnly: false, refreshInterval: 0,
            logger: Logger(label: "perf") { _ in SwiftLogNoOpLogHandler() },
            regions: RegionTable.bundled.regions, endpoint: nil,
            configPath: folder + "/config", credentialsPath: folder + "/credentials",
            clipboard: TmuxClipboard(environment: [:]))
        async let stopped = runner.run(
            on: terminal, clock: clock,
            wall: .following(clock, from: Date(timeIntervalSince1970: epoch)),
            timeZone: TimeZone(identifier: "UTC")!,
            observe: { message, _ in
                if case .rolesLoaded = message { rolesLoaded.yield() }
            })
        // The list is complete once the header counts it.
        guard await terminal.screen(where: { $0.count > 1 && $0[1].contains(" keys ·") }) != nil
        else {
            FileHandle.standardError.write(Data("perf-harness: the console closed first\n".utf8))
            exit(1)
        }
        for await _ in roles { break }
        for _ in 0..<presses {
            // `j` moves the selection mark: the next grid differs from this one.
            let before = terminal.lines
            terminal.press(.character("j"))
            _ = await terminal.screen(where: { $0 != before })
        }
        terminal.send(signal: SIGTERM)
        _ = await stopped
    }
}
