import Foundation
import KeySandbox
import Logging
import MomentoKeys
import TextKit

/// Runs a command's work with a backend that is shut down afterwards, whatever happens.
package enum BackendScope {
    /// The sandbox is used only when asked for; the log goes to the log file (and stderr with
    /// `--verbose`), never to the output. Commands that only read pass `.readOnly`.
    /// Every request to the key API is answered by one deadline for the whole run:
    /// `--timeout`, else `defaultTimeout` plus 0.2 s for each of `pacedRequests`.
    package static func run<Value>(
        _ options: ConnectionSettings, _ log: LogSettings,
        access: SandboxStore.Access = .readWrite, logger given: Logger? = nil,
        endpoint: String? = nil, defaultTimeout: String = "60s", pacedRequests: Int = 0,
        _ body: (Backend) async throws -> Value
    ) async throws -> Value {
        let backend: Backend
        do {
            let logger = try given ?? Self.logger(log)
            var resolver = BackendResolver(
                options: options, logger: logger, endpointFallback: endpoint)
            resolver.deadline = deadline(
                options.timeout, defaultTimeout: defaultTimeout, pacedRequests: pacedRequests)
            backend = try await resolver.resolve(.command, access: access)
        } catch {
            throw CLIError("\(error)")
        }
        do {
            let value = try await options.withListBound { try await body(backend) }
            await backend.shutdown()
            return value
        } catch let error as KeyServiceError {
            await backend.shutdown()
            throw CLIError(error.description)
        } catch {
            await backend.shutdown()
            throw error
        }
    }

    /// The run's deadline: `--timeout` from now, else the default plus 0.2 s for each paced
    /// request; with the text its error gives.
    package static func deadline(
        _ given: DurationArgument?, defaultTimeout: String, pacedRequests: Int
    ) -> (at: ContinuousClock.Instant, text: String) {
        if let given {
            return (
                ContinuousClock.now.advanced(by: .seconds(given.seconds)),
                "\(given.description) (--timeout)"
            )
        }
        let base = DurationText.seconds(defaultTimeout) ?? 60
        let total = Duration.seconds(base) + .milliseconds(200 * Int64(max(0, pacedRequests)))
        return (ContinuousClock.now.advanced(by: total), "\(total.components.seconds)s")
    }

    /// The logger of a command: the log file (when it can be opened; a named one must be),
    /// and stderr with `--verbose`.
    package static func logger(_ log: LogSettings) throws(CLIError) -> Logger {
        do {
            return try ConsoleLogging.logger(
                path: log.logFile, verbose: log.verbose, required: false)
        } catch {
            throw CLIError("\(error)")
        }
    }

    /// Says on stderr what a list had to say that is no failure (a key listed twice).
    package static func warn(_ message: String) {
        Output.err("Warning: \(TextSanitizer.inert(message))")
    }

    /// Role names by id, from the roles API (system names when it fails).
    package static func roleNames(_ service: any KeyService) async -> [String: String] {
        let roles = (try? await service.allRoles()) ?? Role.system
        return Dictionary(roles.map { ($0.roleId, $0.roleName) }) { first, _ in first }
    }
}
