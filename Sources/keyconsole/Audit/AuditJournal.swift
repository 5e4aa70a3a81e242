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
/// console and a cron job append whole lines at once) and appends with `O_APPEND`. A change
/// is reported done only after its entry is written.
struct AuditJournal: Sendable {
    /// The journal of this user.
    let path: String
    /// A second journal (a shared file on the bastion), appended to and never rewritten.
    let sharedPath: String?
    /// A syslog socket (`/dev/log`) to send each line to, when set.
    let syslogSocket: String?
    /// Who and where: the OS user and the SSH client, read once.
    let user: String
    let sshClient: String?

    /// Why an entry could not be written.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The default journal's path.
    static func defaultPath(_ directories: XDGDirectories = XDGDirectories()) -> String {
        directories.state.appendingPathComponent("audit.jsonl").path
    }

    /// The journal the config asks for, with the user from the environment.
    init(
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
    init(config: ConsoleConfig) {
        self.init(
            path: config.auditJournal ?? AuditJournal.defaultPath(),
            sharedPath: config.sharedAuditJournal, syslogSocket: config.auditSyslog)
    }

    /// The entry for an action, stamped now.
    func entry(
        _ action: AuditEntry.Action, outcome: AuditEntry.Outcome, on backend: BackendSummary,
        actingKeyId: String?, now: Date = Date()
    ) -> AuditEntry {
        AuditEntry(
            time: AuditEntry.time(now), user: user, sshClient: sshClient, backend: backend.kind,
            account: backend.location, action: action, actingKeyId: actingKeyId, outcome: outcome)
    }

    /// Appends `entry` to the journal (it must succeed) and to the shared journal and syslog
    /// (best effort: their failure is returned, not thrown).
    @discardableResult
    func append(_ entry: AuditEntry) throws(Failure) -> [String] {
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
    static func line(_ entry: AuditEntry) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(entry)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Appends one line under an exclusive lock, creating the file 0600 (and its folder 0700)
    /// when missing; never through a symbolic link, never to anything but a regular file.
    static func append(_ line: String, to path: String) throws(Failure) {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            try? FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        }
        let file: FileDescriptor
        do {
            file = try FileDescriptor.open(
                FilePath(path), .writeOnly,
                options: [.create, .append, .closeOnExec, .noFollow, .nonBlocking],
                permissions: .ownerReadWrite)
        } catch {
            throw Failure(description: "Cannot open the audit journal \(path): \(error)")
        }
        defer { try? file.close() }
        var status = stat()
        guard fstat(file.rawValue, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw Failure(description: "The audit journal \(path) is not a regular file")
        }
        // Another holder (anyone who can read a shared journal can lock it) is waited for
        // 2 s at the most.
        var tries = 0
        while flock(file.rawValue, LOCK_EX | LOCK_NB) != 0 {
            tries += 1
            guard tries < 200 else {
                throw Failure(description: "The audit journal \(path) stayed locked for 2 s")
            }
            usleep(10_000)
        }
        defer { flock(file.rawValue, LOCK_UN) }
        do {
            _ = try file.writeAll(Array((line + "\n").utf8))
        } catch {
            throw Failure(description: "Cannot write the audit journal \(path): \(error)")
        }
    }

    /// Sends the line to a syslog datagram socket as `<134>keyconsole[pid]: line` (local0,
    /// info); whether it went.
    static func sendSyslog(_ line: String, socket path: String) -> Bool {
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

    /// Every entry of the journal at `path` that reads; lines that do not are skipped.
    static func read(_ path: String) throws(Failure) -> [AuditEntry] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(description: "Cannot read the audit journal \(path)")
        }
        let decoder = JSONDecoder()
        return data.split(separator: UInt8(ascii: "\n")).compactMap {
            try? decoder.decode(AuditEntry.self, from: Data($0))
        }
    }

    /// The OS user: the password database's name for our uid, else `USER`/`LOGNAME`.
    static func userName(environment: [String: String]) -> String {
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return environment["USER"] ?? environment["LOGNAME"] ?? "uid \(getuid())"
    }
}
