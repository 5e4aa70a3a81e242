import ArgumentParser
import Foundation
import KeyconsoleCore
import MomentoKeys
import Synchronization
import SystemPackage
import TextKit

#if canImport(Glibc)
    import Glibc
#endif

/// `keyconsole decode`: what a key or token says about itself, offline.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Read a key or token from stdin and print what it says, offline and unverified.",
        discussion: """
            The key itself is never printed. On a terminal, what you paste is not echoed. \
            It reads every form migrate reads: the key alone (quoted, or after NAME=), an env \
            file (MOMENTO_API_KEY=, else MOMENTO_AUTH_TOKEN=), or a Momento CLI profile \
            (api_key_v2=, api_key= or token=; [default] first).

            Examples:
              keyconsole decode < ci.key
              keyconsole decode < ci.env
              printenv MOMENTO_API_KEY | keyconsole decode
            """)

    func run() throws {
        let bytes = try SecretInput.standardInput()
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CLIError(KeyFormatError.notUTF8.description)
        }
        let decoded: DecodedKey
        do {
            decoded = try KeyDecoder.decode(KeyText.key(in: text, .v2First))
        } catch {
            throw CLIError(error.description)
        }
        let now = WallClock.current.now
        var lines = [("kind", decoded.kind.rawValue)]
        if let id = decoded.keyId { lines.append(("key id", id)) }
        if let endpoint = decoded.endpoint { lines.append(("endpoint", endpoint)) }
        if let control = decoded.controlEndpoint { lines.append(("control", control)) }
        if let subject = decoded.subject { lines.append(("subject", subject)) }
        if let issued = decoded.issuedAt { lines.append(("issued", DateText.iso8601(issued))) }
        if let expires = decoded.expiresAt {
            let left = Int64(expires.timeIntervalSince1970 - now.timeIntervalSince1970)
            lines.append(
                ("expires", DateText.iso8601(expires) + " (\(Countdown.text(secondsLeft: left)))")
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
}
