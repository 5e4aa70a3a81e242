import ArgumentParser
import Foundation
import Hummingbird
import KeySandbox
import KeySandboxServer
import KeyconsoleCore
import Logging
import MomentoKeys
import SystemPackage

/// `keyconsole serve`: the sandbox over Momento's key-management HTTP API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the sandbox over Momento's key-management HTTP API.",
        discussion: """
            Exactly Momento's routes, JSON and errors (GET/POST /api-keys, \
            DELETE /api-keys/{key_id}, GET /roles), on loopback. Every request needs \
            an Authorization header holding a key this sandbox issued.

            Examples:
              keyconsole serve --port 0 --admin-key-file /tmp/admin.key
              curl -H "Authorization: $(cat /tmp/admin.key)" http://127.0.0.1:8080/api-keys?limit=5
              keyconsole serve --faults 429:0.2,500:0.1,delay:300ms,drop:0.05 --rate-limit 0
            """)

    @Option(help: "The address to bind; anything but loopback needs --allow-remote.")
    var host = "127.0.0.1"

    @Option(help: "The port; 0 picks a free one (the base URL printed says which).")
    var port = 8080

    @OptionGroup var sandbox: SandboxOptions

    @Option(
        help: ArgumentHelp(
            "Write a new Owner key (30 days) to this file, created exclusively with mode 0600.",
            valueName: "path"))
    var adminKeyFile: String?

    @Flag(help: "Allow binding an address other than loopback.")
    var allowRemote = false

    @Option(help: "Requests a second before 429 Too Many Requests, like Momento's; 0 is off.")
    var rateLimit = 5

    @Option(
        help: ArgumentHelp(
            "Faults to inject, e.g. 429:0.2,500:0.1,delay:300ms,drop:0.05.", valueName: "list"))
    var faults: String?

    @Option(help: "Seed for the fault draws, to repeat a run.")
    var faultSeed: UInt64 = 1

    @Option(
        help: ArgumentHelp(
            "Append a line per request to this file: time, method, path, status.",
            valueName: "file"))
    var accessLog: String?

    @Flag(name: .shortAndLong, help: "Log every request to stderr.")
    var verbose = false

    func validate() throws {
        guard (0...65535).contains(port) else {
            throw ValidationError("--port must be between 0 and 65535.")
        }
        guard rateLimit >= 0 else { throw ValidationError("--rate-limit must be 0 or more.") }
        if let faults {
            do { _ = try FaultPlan(parsing: faults) } catch {
                throw ValidationError(error.description)
            }
        }
    }

    func run() async throws {
        // Resolved first: the name is judged by its addresses, and bound by the one it gave.
        let bind: ServeAddress
        do {
            bind = try ServeAddress(host: host, allowRemote: allowRemote)
        } catch {
            throw ValidationError(error.description)
        }
        let faultPlan = try faults.map { text in try FaultPlan(parsing: text) } ?? .none
        var logger = Logger(label: "keyconsole.serve") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .warning
        let path = try sandbox.resolvedPath
        let store: SandboxStore
        do {
            store = try await SandboxStore.open(path: path)
        } catch {
            throw CLIError(error.description)
        }
        if let adminKeyFile {
            try await writeAdminKey(store: store, path: adminKeyFile)
        }
        let log: AccessLog?
        do {
            log = try accessLog.map { try AccessLog(path: $0) }
        } catch {
            throw CLIError("Cannot open the access log \(accessLog ?? ""): \(error)")
        }
        defer { log?.close() }
        let server = SandboxServer(
            store: store,
            options: .init(
                host: bind.address, port: port, rateLimit: rateLimit, faults: faultPlan,
                faultSeed: faultSeed, accessLog: log),
            logger: logger)
        let host = bind.address
        let endpoint = ConsoleConfig.load().endpoint ?? RegionTable.bundled.regions.first?.endpoint
        let keyFile = adminKeyFile.map { URL(fileURLWithPath: $0).path }
        let app = server.makeApplication { port in
            let shown = host.contains(":") ? "[\(host)]" : host
            let base = "http://\(shown):\(port)"
            try? Output.out("Serving sandbox \(store.path) at \(base)")
            try? Output.out(Self.environmentLines(base: base, endpoint: endpoint, keyFile: keyFile))
        }
        do {
            try await app.runService()
        } catch {
            throw CLIError("The server stopped: \(error)")
        }
    }

    /// How to point keyconsole and Momento's SDKs at the server: shell lines naming the base
    /// URL, an endpoint, and the admin key's file (never the key).
    static func environmentLines(base: String, endpoint: String?, keyFile: String?) -> String {
        var lines = [
            "Point keyconsole and Momento's SDKs at it:",
            "  export KEYCONSOLE_API_URL=\(ShellQuote.quote(base))",
        ]
        if let endpoint { lines.append("  export MOMENTO_ENDPOINT=\(ShellQuote.quote(endpoint))") }
        if let keyFile {
            lines.append("  export MOMENTO_API_KEY=\"$(cat \(ShellQuote.quote(keyFile)))\"")
        } else {
            lines.append("  (--admin-key-file PATH writes an Owner key to authenticate with)")
        }
        return lines.joined(separator: "\n")
    }

    private func writeAdminKey(store: SandboxStore, path: String) async throws {
        let fd: FileDescriptor
        do {
            fd = try ExclusiveFile.create(path)
        } catch {
            throw CLIError(error.description)
        }
        do {
            let created = try await store.issueKey(
                roleId: RoleID.owner, description: "keyconsole serve admin key",
                expiry: .at(WallClock.current.now.addingTimeInterval(30 * 86400)))
            try ExclusiveFile.finish(fd, path: path, text: created.apiKey.exposedValue + "\n")
            Output.err("Wrote an Owner key (id \(created.keyInfo.keyId), 30 days) to \(path).")
        } catch {
            unlink(path)
            throw CLIError("Cannot write the admin key: \(error)")
        }
    }
}
