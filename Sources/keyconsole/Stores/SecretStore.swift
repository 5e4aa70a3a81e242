import ConsoleUI
import Foundation
import MomentoKeys
import Subprocess

/// A named secret store from the config file: a command, given as its arguments (no shell,
/// no word splitting), that reads the new key on its standard input, such as
/// `aws secretsmanager put-secret-value ... --secret-string file:///dev/stdin`.
///
/// The key goes to the command's standard input only: never its arguments, never its
/// environment (which also loses `MOMENTO_API_KEY`, the admin key), never a file. Its
/// arguments may name the key's metadata: `{key_id}`, `{role}`, `{description}`,
/// `{endpoint}`, `{expires_at}`.
struct SecretStore: Sendable, Hashable {
    /// What the command reads: the key alone, `MOMENTO_API_KEY`/`MOMENTO_ENDPOINT` lines, or
    /// a JSON object.
    enum Format: String, Sendable, Hashable, CaseIterable {
        case raw, env, json
    }

    let name: String
    let command: [String]
    let format: Format
    /// How long the command may run before it is killed.
    let timeout: Duration

    /// What a store knows of the key, for the command's arguments.
    struct Metadata: Sendable, Hashable {
        var keyId: String
        var role: String
        var description: String
        var endpoint: String?
        var expiresAt: Date?

        /// The metadata of a created key, with its role's name.
        init(_ info: ApiKeyInfo, roleName: String, endpoint: String?) {
            keyId = info.keyId
            role = roleName
            description = info.description
            self.endpoint = endpoint
            expiresAt = info.expiresAt
        }
    }

    /// How a run ended.
    struct Outcome: Sendable, Hashable {
        /// The exit status, or `nil` when it did not exit by itself (killed after the timeout,
        /// or could not start).
        var status: Int32?
        /// What it printed (stdout, then stderr), made inert and cut to a few lines.
        var output: String
        /// Why it failed, when it did.
        var failure: String?

        var succeeded: Bool { status == 0 && failure == nil }

        /// One sentence: "stored in aws-prod (exit 0)" or why not.
        func summary(store: String) -> String {
            if succeeded { return "stored in \(store) (exit 0)" }
            return "not stored in \(store): " + (failure ?? "exit \(status ?? -1)")
                + (output.isEmpty ? "" : ": \(output)")
        }
    }

    /// The command's arguments with the placeholders filled in.
    func arguments(for metadata: Metadata) -> [String] {
        let values = [
            "{key_id}": metadata.keyId, "{role}": metadata.role,
            "{description}": metadata.description, "{endpoint}": metadata.endpoint ?? "",
            "{expires_at}": metadata.expiresAt.map { $0.formatted(.iso8601) } ?? "never",
        ]
        return command.map { argument in
            var filled = argument
            for (placeholder, value) in values {
                filled = filled.replacingOccurrences(of: placeholder, with: value)
            }
            return filled
        }
    }

    /// What the command reads on its standard input.
    func input(key: Secret, metadata: Metadata) -> [UInt8] {
        switch format {
        case .raw:
            return Array(key.exposedValue.utf8)
        case .env:
            var text = "MOMENTO_API_KEY=\(key.exposedValue)\n"
            if let endpoint = metadata.endpoint { text += "MOMENTO_ENDPOINT=\(endpoint)\n" }
            return Array(text.utf8)
        case .json:
            struct Body: Encodable {
                let api_key: String
                let endpoint: String?
                let key_id: String
                let expires_at: String?
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let body = Body(
                api_key: key.exposedValue, endpoint: metadata.endpoint, key_id: metadata.keyId,
                expires_at: metadata.expiresAt.map { $0.formatted(.iso8601) })
            return Array((try? encoder.encode(body)) ?? Data()) + [UInt8(ascii: "\n")]
        }
    }

    /// The environment the command gets: this process's, without the admin key.
    static func childEnvironment(_ environment: [String: String], adminKey: Secret?) -> [String:
        String]
    {
        environment.filter { name, value in
            name != "MOMENTO_API_KEY"
                && !(adminKey.map { !$0.exposedValue.isEmpty && value.contains($0.exposedValue) }
                    ?? false)
        }
    }

    /// Runs the command with the key on its standard input, killing it after the timeout.
    func store(
        _ key: Secret, metadata: Metadata,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        adminKey: Secret? = nil
    ) async -> Outcome {
        guard let program = command.first else {
            return Outcome(status: nil, output: "", failure: "the command is empty")
        }
        var input = self.input(key: key, metadata: metadata)
        defer { for index in input.indices { input[index] = 0 } }
        var names: [Environment.Key: String] = [:]
        for (name, value) in Self.childEnvironment(environment, adminKey: adminKey) {
            names[Environment.Key(stringLiteral: name)] = value
        }
        let variables = names
        let executable: Executable =
            program.contains("/") ? .path(.init(program)) : .name(program)
        let arguments = Arguments(Array(self.arguments(for: metadata).dropFirst()))
        let bytes = input
        let timeout = self.timeout
        let limit = 64 * 1024
        let result: Outcome? = await withTaskGroup(of: Outcome?.self) { group in
            group.addTask {
                do {
                    let ran = try await Subprocess.run(
                        executable, arguments: arguments, environment: .custom(variables),
                        input: .array(bytes), output: .string(limit: limit),
                        error: .string(limit: limit))
                    let status: Int32? =
                        switch ran.terminationStatus {
                        case .exited(let code): code
                        case .signaled: nil
                        }
                    let printed = Self.shown((ran.standardOutput ?? "") + (ran.standardError ?? ""))
                    return Outcome(
                        status: status, output: printed,
                        failure: status == nil ? "it was stopped by a signal" : nil)
                } catch {
                    return Outcome(
                        status: nil, output: "",
                        failure: Task.isCancelled
                            ? nil : "it could not be run (\(Self.reason(error, program)))")
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()  // a command still running is killed
            return first
        }
        return result
            ?? Outcome(
                status: nil, output: "",
                failure: "it did not finish within \(timeout.components.seconds) s and was killed")
    }

    /// What a command printed, as the console and the CLI show it: inert, at most 3 lines of
    /// 200 characters.
    static func shown(_ text: String) -> String {
        let lines = text.split(whereSeparator: \.isNewline).map {
            TextSanitizer.inert(String($0)).trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        return lines.prefix(3).map { $0.count > 200 ? String($0.prefix(199)) + "…" : $0 }
            .joined(separator: " / ")
    }

    private static func reason(_ error: any Error, _ program: String) -> String {
        let text = String(describing: error)
        if text.contains("outputLimitExceeded") { return "it printed more than 64 KB" }
        if text.contains("executableNotFound") || text.contains("No such file") {
            return "\(program) was not found"
        }
        return TextSanitizer.inert("\(type(of: error))")
    }
}
