import Foundation
import MomentoKeys
import ScreenModel
import Subprocess
import SystemPackage
import TextKit

#if canImport(Glibc)
    import Glibc
#endif

/// A named secret store from the config file: a command, given as its arguments (no shell,
/// no word splitting), that reads the new key on its standard input, such as
/// `aws secretsmanager put-secret-value ... --secret-string file:///dev/stdin`.
///
/// The key goes to the command's standard input only: never its arguments, never its
/// environment (which also loses `MOMENTO_API_KEY`, the admin key), never a file. Its
/// arguments may name the key's metadata: `{key_id}`, `{role}`, `{description}`,
/// `{endpoint}`, `{expires_at}`.
package struct SecretStore: Sendable, Hashable {
    /// What the command reads: the key alone, `MOMENTO_API_KEY`/`MOMENTO_ENDPOINT` lines, or
    /// a JSON object.
    package enum Format: String, Sendable, Hashable, CaseIterable {
        case raw, env, json
    }

    package let name: String
    package let command: [String]
    package let format: Format
    /// How long the command may run before it is killed.
    package let timeout: Duration

    /// A store as the config names it.
    package init(name: String, command: [String], format: Format, timeout: Duration) {
        self.name = name
        self.command = command
        self.format = format
        self.timeout = timeout
    }

    /// What a store knows of the key, for the command's arguments.
    package struct Metadata: Sendable, Hashable {
        package var keyId: String
        package var role: String
        package var description: String
        package var endpoint: String?
        package var expiresAt: Date?

        /// The metadata of a created key, with its role's name.
        package init(_ info: ApiKeyInfo, roleName: String, endpoint: String?) {
            keyId = info.keyId
            role = roleName
            description = info.description
            self.endpoint = endpoint
            expiresAt = info.expiresAt
        }
    }

    /// How a run ended.
    package struct Outcome: Sendable, Hashable {
        /// The exit status, or `nil` when it did not exit by itself (killed after the timeout,
        /// or could not start).
        package var status: Int32?
        /// What it printed (stdout, then stderr), made inert and cut to a few lines.
        package var output: String
        /// Why it failed, when it did.
        package var failure: String?

        package var succeeded: Bool { status == 0 && failure == nil }

        /// Why it failed, without what the command printed (for the journal).
        package var failureReason: String? {
            succeeded ? nil : (failure ?? "exit \(status ?? -1)")
        }

        /// One sentence: "stored in aws-prod (exit 0)" or why not.
        package func summary(store: String) -> String {
            if succeeded { return "stored in \(store) (exit 0)" }
            return "not stored in \(store): " + (failure ?? "exit \(status ?? -1)")
                + (output.isEmpty ? "" : ": \(output)")
        }
    }

    /// The placeholders a command may name, with the environment variable that carries each
    /// value to the command as data.
    package static let placeholders: [(name: String, variable: String)] = [
        ("key_id", "KEYCONSOLE_KEY_ID"), ("role", "KEYCONSOLE_ROLE"),
        ("description", "KEYCONSOLE_DESCRIPTION"), ("endpoint", "KEYCONSOLE_ENDPOINT"),
        ("expires_at", "KEYCONSOLE_EXPIRES_AT"),
    ]

    /// The value of each placeholder, by name.
    package static func values(_ metadata: Metadata) -> [String: String] {
        [
            "key_id": metadata.keyId, "role": metadata.role,
            "description": metadata.description, "endpoint": metadata.endpoint ?? "",
            "expires_at": metadata.expiresAt.map { DateText.iso8601($0) } ?? "never",
        ]
    }

    /// The placeholders' values as environment variables (`KEYCONSOLE_DESCRIPTION`, ...), so a
    /// script reads them as data. Never the key.
    package static func variables(_ metadata: Metadata) -> [String: String] {
        let values = values(metadata)
        return Dictionary(
            uniqueKeysWithValues: placeholders.map { ($0.variable, values[$0.name] ?? "") })
    }

    /// The placeholder names `argument` holds, in order.
    package static func placeholderNames(in argument: String) -> [String] {
        var names: [String] = []
        var rest = argument[...]
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"),
                placeholders.contains(where: { $0.name == after[..<close] })
            {
                names.append(String(after[..<close]))
                rest = after[after.index(after: close)...]
            } else {
                rest = after
            }
        }
        return names
    }

    /// Programs that run their arguments as code: a placeholder in their script would make a
    /// description (which the API, or anyone who may create keys, chooses) a program.
    package static func isInterpreter(_ program: String) -> Bool {
        let name = (program as NSString).lastPathComponent
        return [
            "sh", "ash", "bash", "dash", "zsh", "ksh", "mksh", "csh", "tcsh", "fish",
            "node", "nodejs", "awk", "gawk", "mawk", "osascript", "pwsh", "deno", "bun",
        ].contains(name)
            || ["python", "perl", "ruby", "php", "lua", "tclsh", "wish"].contains {
                name.hasPrefix($0)
            }
    }

    /// Programs that run another program from their arguments (or elsewhere): what they run
    /// cannot be told from here, so no placeholder may be given to them.
    package static func isWrapper(_ program: String) -> Bool {
        [
            "env", "busybox", "timeout", "nice", "nohup", "setsid", "stdbuf", "xargs", "sudo",
            "doas", "su",
            "runuser", "flock", "chroot", "ssh", "watch", "script", "nsenter", "unshare",
            "ionice", "taskset", "chrt", "time", "exec", "eval", "command", "systemd-run",
        ].contains((program as NSString).lastPathComponent)
    }

    /// Why a store's command would let a value become code or an option, if it would: a
    /// placeholder given to an interpreter anywhere but after its script (`sh -c "… {x}"`,
    /// directly or through `env`), given to a program that runs other programs (`timeout`,
    /// `xargs`, `ssh`, `env -S`), naming the program, or only part of an argument
    /// (`id={key_id}`) rather than the whole argument or the value of an `--option=`.
    package static func commandProblem(_ command: [String]) -> String? {
        guard let firstPlaceholder = command.lazy.flatMap(placeholderNames).first else {
            return nil
        }
        // `env [-i] [NAME=value ...] program ...` runs `program`; env's other options take a
        // value or split a string into a command, and are refused with a placeholder.
        var program = 0
        if let first = command.first, (first as NSString).lastPathComponent == "env" {
            program = 1
            while program < command.count,
                ["-i", "--ignore-environment", "-"].contains(command[program])
                    || (!command[program].hasPrefix("-") && command[program].contains("="))
            {
                program += 1
            }
        }
        guard program < command.count, !command[program].hasPrefix("-"),
            !isWrapper(command[program])
        else {
            return "{\(firstPlaceholder)} is given to a command that runs another one from its"
                + " arguments; name the program itself, or read $"
                + (placeholders.first { $0.name == firstPlaceholder }?.variable ?? "")
                + " in a script"
        }
        // An interpreter's script (`-c`'s text, `-e`'s, or the script's file) and everything
        // before it are code; only what follows the script is data (`$0`, `$1`, `sys.argv`).
        // Options other than plain flags before the script could move it: refused.
        var script = program
        if isInterpreter(command[program]) {
            script = program + 1
            let name = (command[program] as NSString).lastPathComponent
            while script < command.count, command[script].hasPrefix("-") {
                let option = command[script]
                if ["-c", "-e", "-E", "--eval", "-p", "--print", "--command"].contains(option) {
                    script += 1
                    break
                }
                // A shell's flags, such as -e or -ec (never -o, which takes a value).
                let isShell = !["python", "perl", "ruby", "php", "lua", "tcl", "node"].contains {
                    name.hasPrefix($0)
                }
                let flags = option.dropFirst()
                if isShell, !flags.isEmpty, !flags.contains("o"),
                    flags.allSatisfy({ $0.isLetter && $0.isASCII })
                {
                    script += 1
                    if flags.contains("c") { break }
                    continue
                }
                let variable = placeholders.first { $0.name == firstPlaceholder }?.variable ?? ""
                return "{\(firstPlaceholder)} is given to \(name) after the option \(option),"
                    + " which could make it code; read $\(variable) in the script instead"
            }
        }
        for (index, argument) in command.enumerated() {
            let names = placeholderNames(in: argument)
            guard let first = names.first else { continue }
            if index <= program {
                return "{\(first)} may not name the program to run"
            }
            if index <= script {
                let variable = placeholders.first { $0.name == first }?.variable ?? ""
                return "{\(first)} is in the script of"
                    + " \((command[program] as NSString).lastPathComponent), which runs it as"
                    + " code; read $\(variable) in the script instead"
            }
            let whole = argument == "{\(first)}"
            let optionValue =
                argument.hasPrefix("--") && names.count == 1
                && argument.hasSuffix("={\(first)}")
                && !argument.dropLast(first.count + 3).contains("{")
            if !whole && !optionValue {
                return "{\(first)} must be a whole argument or an --option={\(first)} value,"
                    + " not part of \"\(TextSanitizer.inert(argument))\""
            }
        }
        return nil
    }

    /// The command's arguments with the placeholders filled in, in one pass from left to
    /// right: a value that holds a placeholder's text (a description `{key_id}`) stays as it
    /// is, whatever the order of the placeholders.
    package func arguments(for metadata: Metadata) -> [String] {
        let values = Self.values(metadata)
        return command.map { argument in
            var filled = ""
            var rest = argument[...]
            while let open = rest.firstIndex(of: "{") {
                filled += rest[..<open]
                let after = rest[rest.index(after: open)...]
                if let close = after.firstIndex(of: "}"),
                    let value = values[String(after[..<close])]
                {
                    filled += value
                    rest = after[after.index(after: close)...]
                } else {
                    filled += "{"
                    rest = after
                }
            }
            return filled + rest
        }
    }

    /// Why the filled-in arguments cannot be given to the command, if they cannot: a value
    /// that would start an argument with `-` (it would be read as an option), one that starts
    /// as a URL or with `@` (the aws CLI reads `file://` and fetches `http://` values, curl and
    /// vault read `@file`), or a NUL.
    package func argumentProblem(for metadata: Metadata) -> String? {
        let values = Self.values(metadata)
        for argument in command {
            for name in Self.placeholderNames(in: argument) {
                let value = values[name] ?? ""
                let shown = TextSanitizer.inert(String(value.prefix(40)))
                if argument == "{\(name)}", value.hasPrefix("-") {
                    return "the \(name) \"\(shown)\" starts with - and would be read as an option;"
                        + " it was not run"
                }
                if let start = Self.reference(value) {
                    return "the \(name) \"\(shown)\" starts with \(start), which programs such as"
                        + " aws, curl and vault read as a file or URL to fetch; it was not run"
                }
                if value.contains("\0") {
                    return "the \(name) holds a NUL character; it was not run"
                }
            }
        }
        return nil
    }

    /// How `value` starts when a program could take it for a file or URL rather than text:
    /// `@`, or a URL scheme and `://` (`file://`, `fileb://`, `https://`); `nil` otherwise.
    static func reference(_ value: String) -> String? {
        if value.hasPrefix("@") { return "@" }
        guard let colon = value.firstIndex(of: ":"),
            value[colon...].hasPrefix("://"),
            let first = value.first, first.isASCII, first.isLetter,
            value[..<colon].allSatisfy({
                $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0))
            })
        else { return nil }
        return "\(value[..<colon])://"
    }

    /// What the command reads on its standard input.
    package func input(key: Secret, metadata: Metadata) -> [UInt8] {
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
                expires_at: metadata.expiresAt.map { DateText.iso8601($0) })
            return Array((try? encoder.encode(body)) ?? Data()) + [UInt8(ascii: "\n")]
        }
    }

    /// The environment the command gets: this process's, without the admin key.
    package static func childEnvironment(_ environment: [String: String], adminKey: Secret?)
        -> [String:
        String]
    {
        environment.filter { name, value in
            name != "MOMENTO_API_KEY"
                && !(adminKey.map { !$0.exposedValue.isEmpty && value.contains($0.exposedValue) }
                    ?? false)
        }
    }

    /// Runs the command with the key on its standard input, killing it (and every process it
    /// started) after the timeout.
    ///
    /// The key is written into a pipe before the command starts (it fits the pipe's buffer),
    /// so a command that never reads it, or exits at once, costs nothing; the command and what
    /// it starts run in a process group of their own, which the timeout kills whole.
    package func store(
        _ key: Secret, metadata: Metadata,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        adminKey: Secret? = nil
    ) async -> Outcome {
        guard let program = command.first, !program.isEmpty else {
            return Outcome(status: nil, output: "", failure: "the command is empty")
        }
        let childEnvironment = Self.childEnvironment(environment, adminKey: adminKey)
        guard let executable = Self.locate(program, path: childEnvironment["PATH"]) else {
            return Outcome(status: nil, output: "", failure: "\(program) was not found")
        }
        if let problem = argumentProblem(for: metadata) {
            return Outcome(status: nil, output: "", failure: problem)
        }
        var names: [Environment.Key: String] = [:]
        for (name, value) in childEnvironment.merging(
            Self.variables(metadata).mapValues { $0.replacingOccurrences(of: "\0", with: "") },
            uniquingKeysWith: { $1 })
        {
            names[Environment.Key(stringLiteral: name)] = value
        }
        let variables = names
        let stdin: FileDescriptor
        do {
            stdin = try Self.pipe(holding: input(key: key, metadata: metadata))
        } catch {
            return Outcome(status: nil, output: "", failure: "no pipe for its input (\(error))")
        }
        let arguments = Arguments(Array(self.arguments(for: metadata).dropFirst()))
        var options = PlatformOptions()
        // A session of its own: no controlling terminal to draw on or prompt from, and a
        // process group the timeout kills whole.
        options.createSession = true
        options.teardownSequence = [
            .send(
                signal: .kill, toProcessGroup: true, allowedDurationToNextStep: .milliseconds(100))
        ]
        let platformOptions = options
        let timeout = self.timeout
        let secret = key
        let result: Outcome? = await withTaskGroup(of: Outcome?.self) { group in
            group.addTask {
                do {
                    let ran = try await Subprocess.run(
                        .path(FilePath(executable)), arguments: arguments,
                        environment: .custom(variables), platformOptions: platformOptions,
                        input: .fileDescriptor(stdin, closeAfterSpawningProcess: true),
                        output: .string(limit: Self.outputLimit),
                        error: .string(limit: Self.outputLimit))
                    let status: Int32? =
                        switch ran.terminationStatus {
                        case .exited(let code): code
                        case .signaled: nil
                        }
                    let printed = Self.shown(
                        ran.standardOutput + "\n" + ran.standardError, withholding: secret)
                    // Across lines and spaces too: output that holds any part of the key is
                    // withheld whole.
                    let joined = (ran.standardOutput + ran.standardError).filter {
                        !$0.isWhitespace
                    }
                    let leaks = Self.pieces(of: secret.exposedValue).contains {
                        joined.contains($0)
                    }
                    return Outcome(
                        status: status,
                        output: leaks ? "(output holding part of the key, withheld)" : printed,
                        failure: status == nil ? "it was stopped by a signal" : nil)
                } catch {
                    if Task.isCancelled { return nil }
                    return Outcome(
                        status: nil, output: "", failure: Self.reason(error, program))
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()  // a command still running is killed, its process group too
            return first
        }
        return result
            ?? Outcome(
                status: nil, output: "",
                failure: Task.isCancelled
                    ? "keyconsole stopped before it finished; it was killed"
                    : "it did not finish within \(timeout.components.seconds) s and was killed")
    }

    /// The most a command may print (stdout and stderr each) before it counts as failed.
    package static let outputLimit = 4 << 20

    /// A pipe whose read end holds `bytes` (written, then the write end closed); the bytes
    /// must fit the pipe's buffer (a key does).
    private static func pipe(holding bytes: [UInt8]) throws -> FileDescriptor {
        var copy = bytes
        defer { for index in copy.indices { copy[index] = 0 } }
        // Both ends close on exec at once: a child spawned meanwhile by another thread must
        // not keep the write end, or the command would never see its input end.
        let (readEnd, writeEnd) = try FileDescriptor.pipe()
        _ = fcntl(readEnd.rawValue, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd.rawValue, F_SETFD, FD_CLOEXEC)
        defer { try? writeEnd.close() }
        do {
            _ = try writeEnd.writeAll(copy)
        } catch {
            try? readEnd.close()
            throw error
        }
        return readEnd
    }

    /// The program's path: as given when it holds a `/`, else the first executable of that
    /// name in `path`.
    package static func locate(_ program: String, path: String?) -> String? {
        if program.contains("/") {
            return FileManager.default.isExecutableFile(atPath: program) ? program : nil
        }
        for folder in (path ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// What a command printed, as the console and the CLI show it: inert, at most 3 lines of
    /// 200 characters, and any line holding a part of the key (12 characters in a row of it)
    /// withheld.
    package static func shown(_ text: String, withholding key: Secret? = nil) -> String {
        let pieces = key.map { Self.pieces(of: $0.exposedValue) } ?? []
        let lines = text.split(whereSeparator: \.isNewline).map { line -> String in
            if !pieces.isEmpty, pieces.contains(where: { line.contains($0) }) {
                return "(a line holding part of the key, withheld)"
            }
            return TextSanitizer.inert(String(line)).trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        return lines.prefix(3).map { $0.count > 200 ? String($0.prefix(199)) + "…" : $0 }
            .joined(separator: " / ")
    }

    /// Every run of 12 characters of `key`.
    package static func pieces(of key: String) -> [String] {
        let characters = Array(key)
        guard characters.count >= 12 else { return characters.isEmpty ? [] : [key] }
        return (0...(characters.count - 12)).map { String(characters[$0..<$0 + 12]) }
    }

    private static func reason(_ error: any Error, _ program: String) -> String {
        let text = String(describing: error)
        if text.contains("outputLimitExceeded") || text.contains("limit") {
            return "it printed more than \(outputLimit >> 20) MB (whether it stored the key is"
                + " not known)"
        }
        if text.contains("executableNotFound") || text.contains("No such file") {
            return "\(program) was not found"
        }
        return TextSanitizer.inert("\(type(of: error))")
    }
}
