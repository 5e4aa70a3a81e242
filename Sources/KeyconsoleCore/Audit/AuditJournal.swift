import Foundation
import MomentoKeys
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The audit journal: every change made through keyconsole, one JSON object a line, appended
/// to `$XDG_STATE_HOME/keyconsole/audit.jsonl` (0600), and to a second, shared journal and to
/// syslog when the config names them.
///
/// Each entry reopens the file (so logrotate may move it), takes an exclusive `flock` (so the
/// console and a cron job append whole lines at once) and appends with `O_APPEND`, in one
/// write that is synced (or cut back). A change is reported done only after its entry is
/// written.
package struct AuditJournal: Sendable {
    /// The journal of this user.
    package let path: String
    /// A second journal (a shared file on the bastion), appended to and never rewritten.
    package let sharedPath: String?
    /// A syslog socket (`/dev/log`) to send each line to, when set.
    package let syslogSocket: String?
    /// Who and where: the OS user and the SSH client, read once.
    package let user: String
    package let sshClient: String?

    /// Why an entry could not be written.
    package struct Failure: Error, CustomStringConvertible {
        package let description: String
    }

    /// The default journal's path.
    package static func defaultPath(_ directories: XDGDirectories = XDGDirectories()) -> String {
        directories.state.appendingPathComponent("audit.jsonl").path
    }

    /// The journal the config asks for, with the user from the environment.
    package init(
        path: String = AuditJournal.defaultPath(), sharedPath: String? = nil,
        syslogSocket: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.path = path
        self.sharedPath = sharedPath
        self.syslogSocket = syslogSocket
        user = Self.userName(environment: environment)
        sshClient = environment["SSH_CLIENT"].flatMap { value in
            // "address port port": the address only.
            value.split(separator: " ").first.map(String.init)
        }
    }

    /// The journal of the config file's settings.
    package init(config: ConsoleConfig) {
        self.init(
            path: config.auditJournal ?? AuditJournal.defaultPath(),
            sharedPath: config.sharedAuditJournal, syslogSocket: config.auditSyslog)
    }

    /// The entry for an action, stamped now.
    package func entry(
        _ action: AuditEntry.Action, outcome: AuditEntry.Outcome, on backend: BackendSummary,
        actingKeyId: String?, now: Date = WallClock.current.now
    ) -> AuditEntry {
        AuditEntry(
            time: AuditEntry.time(now), user: user, sshClient: sshClient, backend: backend.kind,
            account: backend.location, action: action, actingKeyId: actingKeyId, outcome: outcome)
    }

    /// Appends `entry` to the journal (it must succeed) and to the shared journal and syslog
    /// (best effort: their failure is returned, not thrown).
    @discardableResult
    package func append(_ entry: AuditEntry) throws(Failure) -> [String] {
        let line = Self.line(entry)
        try Self.append(line, to: path)
        var problems: [String] = []
        if let sharedPath {
            do {
                try Self.append(line, to: sharedPath)
            } catch {
                problems.append(error.description)
            }
        }
        if let syslogSocket, !Self.sendSyslog(line, socket: syslogSocket) {
            problems.append("syslog at \(syslogSocket) did not take the entry")
        }
        return problems
    }

    /// The entry as one line of JSON (keys sorted; control characters escaped).
    package static func line(_ entry: AuditEntry) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(entry)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Appends one line under an exclusive lock, creating the file 0600 (and its folder 0700)
    /// when missing; never through a symbolic link, never to anything but a regular file.
    package static func append(_ line: String, to path: String) throws(Failure) {
        do throws(PrivateFile.Failure) {
            // Another holder (anyone who can read a shared journal can lock it) is waited
            // for 2 s at the most.
            try PrivateFile.appending(path, waiting: 2) { file throws(PrivateFile.Failure) in
                try appendWhole(line, to: file, path: path)
            }
        } catch .notRegular {
            throw Failure(description: "The audit journal \(path) is not a regular file")
        } catch .locked {
            throw Failure(description: "The audit journal \(path) stayed locked for 2 s")
        } catch .cannotOpen(_, let reason) {
            throw Failure(description: "Cannot open the audit journal \(path): \(reason)")
        } catch .cannotWrite(_, let reason) {
            throw Failure(description: "Cannot write the audit journal \(path): \(reason)")
        } catch {
            throw Failure(description: "Cannot write the audit journal \(path): \(error)")
        }
    }

    /// Writes `line` and its newline in one `write` and syncs it: an entry is in the journal
    /// whole or not at all. A write cut short (a full disk) is cut back; a torn last line left
    /// by an older crash is ended first, so the entry is a line of its own. The lock is held.
    private static func appendWhole(
        _ line: String, to file: FileDescriptor, path: String
    ) throws(PrivateFile.Failure) {
        var status = stat()
        guard fstat(file.rawValue, &status) == 0 else {
            throw .cannotWrite(path, "its size cannot be read")
        }
        let size = status.st_size
        var last: UInt8 = 0x0A
        if size > 0 {
            let reader = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            if reader >= 0 {
                _ = pread(reader, &last, 1, size - 1)
                close(reader)
            }
        }
        let bytes = Array(((last == 0x0A ? "" : "\n") + line + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(file.rawValue, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            let reason = written < 0 ? String(cString: strerror(errno)) : "the disk took part of it"
            _ = ftruncate(file.rawValue, size)
            throw .cannotWrite(path, reason)
        }
        guard fsync(file.rawValue) == 0 else {
            throw .cannotWrite(path, "syncing failed: \(String(cString: strerror(errno)))")
        }
    }

    /// Sends the line to a syslog datagram socket as `<134>keyconsole[pid]: line` (local0,
    /// info); whether it went.
    package static func sendSyslog(_ line: String, socket path: String) -> Bool {
        #if canImport(Glibc)
            let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        #else
            let fd = socket(AF_UNIX, SOCK_DGRAM, 0)
        #endif
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        let message = Array("<134>keyconsole[\(getpid())]: \(line)".utf8)
        let sent = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(
                    fd, message, message.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT), $0,
                    socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return sent == message.count
    }

    /// The journal at `path`: every entry that reads, and the numbers (from 1) of the lines
    /// that do not.
    package struct Contents: Sendable {
        package var entries: [AuditEntry] = []
        package var unreadable: [Int] = []

        /// "2 lines of PATH do not read as entries (lines 3, 7)", when some do not.
        package func warning(_ path: String) -> String? {
            guard !unreadable.isEmpty else { return nil }
            let count = unreadable.count
            return "\(count) line\(count == 1 ? "" : "s") of \(path) do\(count == 1 ? "es" : "")"
                + " not read as entries (line\(count == 1 ? "" : "s") "
                + unreadable.prefix(10).map(String.init).joined(separator: ", ")
                + (count > 10 ? ", …" : "") + ")"
        }
    }

    /// Every entry of the journal at `path`, and the lines that do not read.
    package static func read(_ path: String) throws(Failure) -> Contents {
        guard FileManager.default.fileExists(atPath: path) else { return Contents() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(description: "Cannot read the audit journal \(path)")
        }
        let decoder = JSONDecoder()
        var contents = Contents()
        for (index, line) in data.split(
            separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false
        ).enumerated() where !line.isEmpty {
            if let entry = try? decoder.decode(AuditEntry.self, from: Data(line)) {
                contents.entries.append(entry)
            } else {
                contents.unreadable.append(index + 1)
            }
        }
        return contents
    }

    /// The OS user: the password database's name for our uid, else `USER`/`LOGNAME`.
    package static func userName(environment: [String: String]) -> String {
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return environment["USER"] ?? environment["LOGNAME"] ?? "uid \(getuid())"
    }
}
