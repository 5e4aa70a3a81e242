import Foundation
import MomentoKeys
import TextKit

/// The one line a claimed `create --output` file holds until the new key is written over it:
/// no secret, only which attempt claimed it, so that a create killed midway leaves a trail
/// that a retry and the log can follow.
package struct CreateMarker: Equatable {
    /// The attempt's id, also in the log's lines about it.
    package let attempt: String
    /// When the attempt started (whole seconds).
    package let started: Date
    /// The process that made it.
    package let pid: Int32

    package static let prefix = "# keyconsole create in progress: "
    /// The longest marker a file may hold to be taken for one.
    package static let maxLength = 256

    /// A marker for a new attempt of this process.
    package static func new(now: Date = WallClock.current.now) -> CreateMarker {
        CreateMarker(
            attempt: UUID().uuidString.lowercased(),
            started: Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down)),
            pid: getpid())
    }

    /// The file's text: one line.
    package var line: String {
        Self.prefix + "attempt=\(attempt) started=\(DateText.iso8601(started)) pid=\(pid);"
            + " no key has been written here yet\n"
    }

    /// The marker that `text` is exactly, if it is one.
    package init?(parsing text: String) {
        guard text.utf8.count <= Self.maxLength, text.hasPrefix(Self.prefix), text.hasSuffix("\n"),
            text.dropLast().firstIndex(of: "\n") == nil
        else { return nil }
        var fields: [Substring: Substring] = [:]
        for word in text.dropFirst(Self.prefix.count).split(separator: " ") {
            let parts = word.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        guard let attempt = fields["attempt"], UUID(uuidString: String(attempt)) != nil,
            let startedText = fields["started"],
            let started = try? Date(String(startedText), strategy: .iso8601),
            let pidText = fields["pid"], let pid = Int32(pidText.dropLast())
        else { return nil }
        self.init(attempt: String(attempt), started: started, pid: pid)
        guard line == text else { return nil }
    }

    package init(attempt: String, started: Date, pid: Int32) {
        self.attempt = attempt
        self.started = started
        self.pid = pid
    }

    /// What the audit journal says of this attempt: the key id its `done` entry names, and
    /// whether any entry of it is there.
    package func outcome(inJournal path: String) -> (keyId: String?, requested: Bool) {
        let entries = ((try? AuditJournal.read(path))?.entries ?? []).filter {
            $0.attempt == attempt
        }
        return (entries.compactMap(\.keyId).last, !entries.isEmpty)
    }

    /// What the log says of this attempt: the key id it created, if a line records one, and
    /// whether it recorded the request at all. Reads at most the last 16 MiB of the log.
    package func outcome(inLog path: String) -> (keyId: String?, requested: Bool) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return (nil, false) }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let window: UInt64 = 16 << 20
        try? handle.seek(toOffset: size > window ? size - window : 0)
        let data = (try? handle.readToEnd()) ?? Data()
        var keyId: String?
        var requested = false
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            // Only this attempt's own lines, by their exact fields; the key id only from the
            // line create writes once the key is made (its first key_id= field: the fields
            // are sorted, and the message before them is fixed).
            let fields = line.split(separator: " ")
            guard fields.contains(where: { $0 == "attempt=\(attempt)" }) else { continue }
            requested = true
            if line.contains(": create: created "),
                let field = fields.first(where: { $0.hasPrefix("key_id=") })
            {
                keyId = String(field.dropFirst("key_id=".count))
            }
        }
        return (keyId, requested)
    }
}

extension CreateMarker {
    /// What a retry tells of the earlier attempt whose marker `path` holds, from the audit
    /// journal, else the log.
    package func earlierAttemptWarning(
        at path: String, logPath: String, journalPath: String? = nil
    ) -> String {
        let start =
            "Warning: \(path) holds only the marker of an earlier `keyconsole create` that did not"
            + " finish (started \(DateText.iso8601(started)), pid \(pid)). "
        // The journal first (it records every create), then the log.
        let journal = journalPath.map { outcome(inJournal: $0) }
        let fromLog = outcome(inLog: logPath)
        let known = (
            keyId: journal?.keyId ?? fromLog.keyId,
            requested: (journal?.requested ?? false) || fromLog.requested
        )
        let middle: String
        if let keyId = known.keyId {
            middle =
                "The log says it created key \(keyId), whose secret is lost: revoke it with"
                + " `keyconsole revoke \(keyId) --yes`."
        } else if known.requested {
            middle =
                "The log says it sent the request but not whether a key was created: it may or"
                + " may not have been; list the keys and revoke any such key."
        } else {
            middle =
                "The log (\(logPath)) does not say whether it sent the request: a key may or may"
                + " not have been created; list the keys and revoke any such key."
        }
        return TextSanitizer.inert(start + middle + " Replacing the marker.")
    }
}
