import Foundation
import KeyconsoleCore
import Logging
import TestSupport
import Testing

/// The marker a claimed `create --output` file holds, and what a retry reads in the log.
@Suite("create's marker and trail")
struct CreateMarkerTests {
    @Test("a marker is one exact line; anything more or different is no marker")
    func parsing() throws {
        let marker = CreateMarker.new(now: Date(timeIntervalSince1970: 1_800_000_000.7))
        #expect(CreateMarker(parsing: marker.line) == marker)
        #expect(marker.started == Date(timeIntervalSince1970: 1_800_000_000))
        #expect(!marker.line.contains("api_key"))
        for text in [
            marker.line + "x", marker.line + marker.line, String(marker.line.dropLast()),
            " " + marker.line, marker.line.replacingOccurrences(of: "pid=", with: "pid=x"),
            marker.line.replacingOccurrences(of: marker.attempt, with: "not-a-uuid"),
            marker.line.replacingOccurrences(
                of: "yet", with: "yet" + String(repeating: " ", count: 300)),
            "", "\n",
        ] {
            #expect(CreateMarker(parsing: text) == nil, "\(text.debugDescription)")
        }
    }

    @Test("a retry names the key the log says was created, or says the log cannot tell")
    func trail() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/keyconsole.log"
        let logger = try ConsoleLogging.logger(path: path)
        let created = CreateMarker.new()
        let sent = CreateMarker.new()
        let unknown = CreateMarker.new()
        // As create logs them: the intent before the request, the id as soon as it is answered.
        for marker in [created, sent] {
            // A description may say anything, "key_id=" too: it is never taken for the id.
            logger.notice(
                "create: sending the request",
                metadata: [
                    "attempt": "\(marker.attempt)", "output": "/k", "role_id": "r-viewer",
                    "description": "successor of key_id=13fa907b",
                ])
        }
        logger.notice(
            "create: created",
            metadata: ["attempt": "\(created.attempt)", "key_id": "0f3c2a9e77", "output": "/k"])
        let first = created.earlierAttemptWarning(at: "/k", logPath: path)
        #expect(first.contains("The log says it created key 0f3c2a9e77, whose secret is lost"))
        #expect(first.contains("`keyconsole revoke 0f3c2a9e77 --yes`"))
        let second = sent.earlierAttemptWarning(at: "/k", logPath: path)
        #expect(second.contains("sent the request but not whether a key was created"))
        let third = unknown.earlierAttemptWarning(at: "/k", logPath: path)
        #expect(third.contains("does not say whether it sent the request"))
        for message in [first, second, third] {
            #expect(message.contains("/k holds only the marker"))
            #expect(message.hasSuffix("Replacing the marker."))
        }
    }
}
