import ConsoleUI
import Foundation
import Logging
import MomentoKeys
import TerminalIO

/// Runs the console: the terminal loop on its own thread, effects as tasks.
///
/// The loop feeds keys, ticks and results to ``ConsoleUpdate/update(_:_:)``, draws
/// ``ConsoleView/render(_:_:)`` only when the grid changed, and sleeps until the next wake the
/// state asks for.
final class ConsoleRunner: Sendable {
    let services: ServiceSwitch
    let info: BackendInfo
    let readOnly: Bool
    let refreshInterval: Int
    let noColor: Bool
    let ascii: Bool
    let logger: Logger
    let regions: [Region]
    let endpoint: String?

    init(
        services: ServiceSwitch, info: BackendInfo, readOnly: Bool, refreshInterval: Int,
        noColor: Bool, ascii: Bool, logger: Logger, regions: [Region], endpoint: String?
    ) {
        self.regions = regions
        self.endpoint = endpoint
        self.services = services
        self.info = info
        self.readOnly = readOnly
        self.refreshInterval = refreshInterval
        self.noColor = noColor
        self.ascii = ascii
        self.logger = logger
    }

    /// Runs until the user quits or a signal arrives; returns the signal number, if any.
    func run() async throws(TerminalError) -> Int32? {
        let result: Result<Int32?, TerminalError> = await withCheckedContinuation { continuation in
            let thread = Thread { [self] in
                continuation.resume(returning: self.loop())
            }
            thread.name = "keyconsole-terminal"
            thread.start()
        }
        return try result.get()
    }

    private func loop() -> Result<Int32?, TerminalError> {
        let terminal: Terminal
        do {
            terminal = try Terminal(noColor: noColor, ascii: ascii)
        } catch {
            return .failure(error)
        }
        defer { terminal.close() }
        let inbox = Inbox(wakePipe: terminal.wakePipe)
        var initial = ConsoleState(
            backend: info, readOnly: readOnly, refreshInterval: refreshInterval, now: Date())
        initial.regions = regions
        initial.endpoint = endpoint
        initial.needsEndpoint = endpoint == nil && info.kind.isMomento
        var (state, effects) = ConsoleUpdate.start(initial)
        (state, _) = ConsoleUpdate.update(
            state, .resized(width: terminal.size.width, height: terminal.size.height))
        var lastDrawn: Screen?
        var stopSignal: Int32?
        logger.info("console started", metadata: ["backend": "\(info.kind)"])
        while !state.quitting {
            for effect in effects {
                let inTmux = !(ProcessInfo.processInfo.environment["TMUX"] ?? "").isEmpty
                switch effect {
                case .copyToClipboard(let text):
                    terminal.writeRaw(OSC52.sequence(copying: text, insideTmux: inTmux))
                case .copySecret(let secret):
                    terminal.writeRaw(
                        OSC52.sequence(copying: secret.exposedValue, insideTmux: inTmux))
                case .clearScreen:
                    // Forget what is on the terminal so the next draw repaints every cell.
                    terminal.clearAll()
                    lastDrawn = nil
                default:
                    perform(effect, inbox: inbox)
                }
            }
            effects = []
            let now = Date()
            if now >= ConsoleUpdate.nextWake(state) {
                (state, effects) = ConsoleUpdate.update(state, .tick(now))
            }
            let context = ViewContext(
                width: state.width, height: state.height, capabilities: terminal.capabilities,
                now: state.now, timeZone: .current)
            let grid = ConsoleView.render(state, context)
            if grid != lastDrawn {
                terminal.draw(grid)
                lastDrawn = grid
            }
            guard effects.isEmpty else { continue }
            var messages: [Msg] = []
            for event in terminal.nextEvents(until: ConsoleUpdate.nextWake(state)) {
                switch event {
                case .key(let key): messages.append(.key(key))
                case .resized(let width, let height):
                    messages.append(.resized(width: width, height: height))
                case .signal(let number): stopSignal = number
                }
            }
            if stopSignal != nil { break }
            messages += inbox.take()
            if !messages.isEmpty { (state, effects) = ConsoleUpdate.update(state, .tick(Date())) }
            for message in messages {
                let (next, more) = ConsoleUpdate.update(state, message)
                state = next
                effects += more
            }
        }
        logger.info("console stopped", metadata: ["signal": "\(stopSignal ?? 0)"])
        return .success(stopSignal)
    }

    private func perform(_ effect: Effect, inbox: Inbox) {
        let service = services.service
        let logger = logger
        switch effect {
        case .loadKeys(let generation):
            Task {
                // Each page is shown as it arrives.
                var token: String?
                do throws(KeyServiceError) {
                    repeat {
                        let page = try await service.listKeys(limit: 100, nextToken: token)
                        token = page.nextToken
                        inbox.post(
                            .pageLoaded(
                                generation: generation, keys: page.keyInfo, more: token != nil))
                    } while token != nil
                } catch {
                    logger.warning("listing keys failed", metadata: ["error": "\(error)"])
                    inbox.post(.loadFailed(generation: generation, message: error.description))
                }
            }
        case .loadRoles(let generation):
            Task {
                do {
                    inbox.post(
                        .rolesLoaded(generation: generation, roles: try await service.allRoles()))
                } catch {
                    logger.warning("listing roles failed", metadata: ["error": "\(error)"])
                }
            }
        case .revoke(let keyId):
            Task { await Self.revoke(keyId, service: service, inbox: inbox, logger: logger) }
        case .revokeMany(let keyIds):
            Task {
                // Momento allows about 5 key operations a second: start one every 200 ms.
                let clock = ContinuousClock()
                for keyId in keyIds {
                    let next = clock.now.advanced(by: .milliseconds(200))
                    await Self.revoke(keyId, service: service, inbox: inbox, logger: logger)
                    try? await Task.sleep(until: next, clock: clock)
                }
                inbox.post(.bulkRevokeFinished)
            }
        case .createKey(let request):
            Task {
                do throws(KeyServiceError) {
                    let created = try await service.createKey(request)
                    logger.info("created a key", metadata: ["key_id": "\(created.keyInfo.keyId)"])
                    inbox.post(.created(created))
                } catch {
                    logger.warning("create failed", metadata: ["error": "\(error)"])
                    inbox.post(.createFailed(error))
                }
            }
        case .writeSecret(let request):
            let path = Self.expandingHome(request.path)
            do {
                try ExclusiveFile.store(
                    request.format.render(
                        key: request.key, endpoint: request.endpoint,
                        profileName: request.profileName), at: path)
                logger.info("wrote a new key to a file", metadata: ["path": "\(path)"])
                inbox.post(.secretWritten(path: path))
            } catch .exists {
                inbox.post(.secretWriteFailed("That file already exists; nothing was overwritten."))
            } catch {
                inbox.post(.secretWriteFailed(error.description))
            }
        case .saveEndpoint(let endpoint):
            if services.use(endpoint: endpoint) {
                logger.info(
                    "switched the key API",
                    metadata: ["url": "\(Endpoint.keyManagementBaseURL(for: endpoint))"])
            }
            do {
                try ConsoleConfig(endpoint: endpoint).save()
                logger.info("saved the endpoint", metadata: ["endpoint": "\(endpoint)"])
            } catch {
                inbox.post(.saveFailed("\(ConsoleConfig.path) is not writable"))
            }
        case .quit, .copyToClipboard, .copySecret, .clearScreen:
            break
        }
    }

    /// `~` and `~/...` in a path typed by the user, from the home directory.
    static func expandingHome(_ path: String) -> String {
        let home = XDGDirectories.home()
        if path == "~" { return home }
        return path.hasPrefix("~/") ? home + path.dropFirst() : path
    }

    /// Revokes one key and posts the outcome.
    private static func revoke(
        _ keyId: String, service: any KeyService, inbox: Inbox, logger: Logger
    ) async {
        do throws(KeyServiceError) {
            try await service.revokeKey(id: keyId)
            logger.info("revoked a key", metadata: ["key_id": "\(keyId)"])
            inbox.post(.revoked(keyId: keyId))
        } catch {
            logger.warning("revoke failed", metadata: ["key_id": "\(keyId)", "error": "\(error)"])
            inbox.post(.revokeFailed(keyId: keyId, error: error))
        }
    }
}
