import ArgumentParser
import Foundation
import KeyconsoleCore
import MomentoKeys

#if canImport(Glibc)
    import Glibc
#endif

/// A key read from standard input: bounded, and with echo off on a terminal.
enum SecretInput {
    /// Refuses option values that are Momento keys or tokens (a key pasted after the wrong
    /// option), naming the option and never the value: it would reach the terminal's
    /// scrollback, a file name or the server.
    static func refuseKeys(in options: [(name: String, value: String?)]) throws {
        for (name, value) in options {
            guard let value, value.count >= 40, (try? KeyDecoder.decode(value)) != nil else {
                continue
            }
            throw ValidationError(
                "The value of \(name) is a Momento key or token; it is not used and not"
                    + " repeated here. " + commandLineAdvice)
        }
    }

    /// Why a key is never taken from the command line, and what to do when one was.
    static let commandLineAdvice =
        "Keys are read from stdin or files, never the command line, where the shell's history"
        + " and ps keep them: clear it from the history."

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
