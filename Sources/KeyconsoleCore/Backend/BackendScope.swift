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
    /// `command` names the command in the refusal of several accounts (one at a time).
    package static func run<Value>(
        _ options: ConnectionSettings, _ log: LogSettings,
        access: SandboxStore.Access = .readWrite, logger given: Logger? = nil,
        endpoint: String? = nil, defaultTimeout: String = "60s", pacedRequests: Int = 0,
        command: String = "This command",
        _ body: (Backend) async throws -> Value
    ) async throws -> Value {
        let backend: Backend
        do {
            let logger = try given ?? Self.logger(log)
            var resolver = BackendResolver(
                options: options, logger: logger, endpointFallback: endpoint)
            resolver.deadline = deadline(
                options.timeout, defaultTimeout: defaultTimeout, pacedRequests: pacedRequests)
            let account = try resolver.singleAccount(for: command)
            if account.readOnly, access == .readWrite, let profile = account.profile {
                throw CLIError(
                    "profile \(profile) is read-only (read_only = true in its settings):"
                        + " \(command) changes nothing there.")
            }
            backend = try await account.resolver.resolve(.command, access: access)
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

    /// What one account of a run over several gave: its profile, which backend answered (when
    /// one was reached) and the value or the failure, its own.
    package struct AccountResult<Value: Sendable>: Sendable {
        /// The profile (`nil` for the one account of the environment or the default profile).
        package let profile: String?
        /// Which backend answered, when one was resolved.
        package let summary: BackendSummary?
        /// The value, or why there is none.
        package let result: Result<Value, CLIError>
    }

    /// Runs `body` on each account asked for (`--profile` once or more, `--all-profiles`, the
    /// config's `profiles`), all at once under the run's one deadline, each backend shut down
    /// afterwards: one account failing or hanging neither stops nor delays the others. The
    /// results are in the accounts' order; the profiles left out are named on stderr.
    package static func runEach<Value: Sendable>(
        _ options: ConnectionSettings, _ log: LogSettings,
        access: SandboxStore.Access = .readWrite, defaultTimeout: String = "60s",
        _ body: @escaping @Sendable (Backend) async throws -> Value
    ) async throws(CLIError) -> [AccountResult<Value>] {
        let accounts: BackendResolver.Accounts
        do {
            var resolver = BackendResolver(options: options, logger: try Self.logger(log))
            resolver.deadline = deadline(
                options.timeout, defaultTimeout: defaultTimeout, pacedRequests: 0)
            accounts = try resolver.accounts()
        } catch {
            throw CLIError("\(error)")
        }
        if let notice = accounts.skippedNotice { warn(notice) }
        return await withTaskGroup(of: (Int, AccountResult<Value>).self) { group in
            for (index, account) in accounts.accounts.enumerated() {
                group.addTask {
                    (index, await one(account, options: options, access: access, body))
                }
            }
            var results: [(Int, AccountResult<Value>)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    private static func one<Value: Sendable>(
        _ account: BackendResolver.Account, options: ConnectionSettings,
        access: SandboxStore.Access, _ body: @Sendable (Backend) async throws -> Value
    ) async -> AccountResult<Value> {
        let backend: Backend
        do {
            backend = try await account.resolver.resolve(.command, access: access)
        } catch {
            return AccountResult(
                profile: account.profile, summary: nil,
                result: .failure(CLIError(error.description)))
        }
        let result: Result<Value, CLIError>
        do {
            result = .success(try await options.withListBound { try await body(backend) })
        } catch let error as CLIError {
            result = .failure(error)
        } catch let error as KeyServiceError {
            result = .failure(CLIError(error.description))
        } catch {
            result = .failure(CLIError("\(error)"))
        }
        await backend.shutdown()
        return AccountResult(profile: account.profile, summary: backend.summary, result: result)
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
