import Foundation
import MomentoKeys

#if canImport(Glibc)
    import Glibc
#endif

/// A key read from standard input: bounded, and with echo off on a terminal.
enum SecretInput {
    /// The most stdin that is read: keys are under 2 KB.
    static let inputLimit = 64 << 10

    /// All of stdin (at most 64 KiB); on a terminal with echo off, so a pasted key stays off
    /// the screen. Ctrl-C or a stopping signal there puts echo back before the process ends.
    static func standardInput(
        prompt: String = "Paste the key, then Enter and Ctrl-D: "
    ) throws(CLIError) -> [UInt8] {
        var saved = termios()
        var signalSources: [any DispatchSourceSignal] = []
        let terminal = isatty(0) == 1 && tcgetattr(0, &saved) == 0
        if terminal {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(0, TCSANOW, &quiet)
            signalSources = Self.restoreOnSignal(saved)
            Output.prompt(prompt)
        }
        defer {
            if terminal {
                tcsetattr(0, TCSANOW, &saved)
                Output.err("")
            }
            for source in signalSources { source.cancel() }
        }
        do {
            return try BoundedRead.all(from: .standardInput, limit: Self.inputLimit)
        } catch {
            switch error {
            case .tooLarge:
                throw CLIError("The input is larger than 64 KiB; a key is a few hundred bytes.")
            case .failed(let error):
                throw CLIError("Cannot read the key from standard input: \(error).")
            }
        }
    }

    /// Handlers for the stopping signals that restore the terminal's settings, then end the
    /// process as the signal would have; they live as long as the sources returned.
    private static func restoreOnSignal(_ saved: termios) -> [any DispatchSourceSignal] {
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                var settings = saved
                tcsetattr(0, TCSANOW, &settings)
                Output.err("")
                Foundation.exit(128 + number)
            }
            source.resume()
            sources.append(source)
        }
        return sources
    }
}
