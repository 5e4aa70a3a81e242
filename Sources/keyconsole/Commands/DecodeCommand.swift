import ArgumentParser
import ConsoleUI
import Foundation
import MomentoKeys
import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// `keyconsole decode`: what a key or token says about itself, offline.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Read a key or token from stdin and print what it says, offline and unverified.",
        discussion: """
            The key itself is never printed. On a terminal, what you paste is not echoed.

            Examples:
              keyconsole decode < ci.key
              printenv MOMENTO_API_KEY | keyconsole decode
            """)

    func run() throws {
        let bytes = try readInput()
        let decoded: DecodedKey
        do {
            decoded = try KeyDecoder.decode(bytes: bytes)
        } catch {
            throw CLIError(error.description)
        }
        let now = BackendScope.now
        var lines = [("kind", decoded.kind.rawValue)]
        if let id = decoded.keyId { lines.append(("key id", id)) }
        if let endpoint = decoded.endpoint { lines.append(("endpoint", endpoint)) }
        if let control = decoded.controlEndpoint { lines.append(("control", control)) }
        if let subject = decoded.subject { lines.append(("subject", subject)) }
        if let issued = decoded.issuedAt { lines.append(("issued", issued.formatted(.iso8601))) }
        if let expires = decoded.expiresAt {
            let left = Int64(expires.timeIntervalSince1970 - now.timeIntervalSince1970)
            lines.append(
                ("expires", expires.formatted(.iso8601) + " (\(Countdown.text(secondsLeft: left)))")
            )
        } else {
            lines.append(("expires", "never"))
        }
        if decoded.kind != .v2ApiKey {
            lines.append(("note", "key management needs a v2 API key"))
        }
        for (label, value) in lines {
            try Output.out(
                label.padding(toLength: 9, withPad: " ", startingAt: 0) + TextSanitizer.inert(value)
            )
        }
    }

    /// The most stdin that is read: keys are under 2 KB.
    static let inputLimit = 64 << 10

    /// All of stdin (at most 64 KiB); on a terminal with echo off, so a pasted key stays off
    /// the screen. Ctrl-C or a stopping signal there puts echo back before the process ends.
    private func readInput() throws(CLIError) -> [UInt8] {
        var saved = termios()
        var signalSources: [any DispatchSourceSignal] = []
        let terminal = isatty(0) == 1 && tcgetattr(0, &saved) == 0
        if terminal {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(0, TCSANOW, &quiet)
            signalSources = Self.restoreOnSignal(saved)
            Output.prompt("Paste the key, then Enter and Ctrl-D: ")
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
