import ArgumentParser
import ConsoleUI
import Foundation
import MomentoKeys

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
        let bytes = readInput()
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

    /// All of stdin; on a terminal with echo off, so a pasted key stays off the screen.
    private func readInput() -> [UInt8] {
        var saved = termios()
        let terminal = isatty(0) == 1 && tcgetattr(0, &saved) == 0
        if terminal {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(0, TCSANOW, &quiet)
            Output.prompt("Paste the key, then Enter and Ctrl-D: ")
        }
        defer {
            if terminal {
                tcsetattr(0, TCSANOW, &saved)
                Output.err("")
            }
        }
        return Array(FileHandle.standardInput.readDataToEndOfFile())
    }
}
