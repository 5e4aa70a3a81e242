import Foundation
import KeyconsoleCore
import MomentoKeys
import TestSupport
import Testing

@Suite("A secret store's arguments")
struct SecretStoreArgumentsTests {
    @Test("placeholders are filled in one pass: a description holding {key_id} stays as typed")
    func onePass() {
        let store = SecretStore(
            name: "vault", command: ["put", "{description}", "id={key_id}", "{nope} {", "{role}}"],
            format: .raw, timeout: .seconds(5))
        let info = ApiKeyInfo(
            keyId: "k-1", accountId: "a", description: "see {key_id} and {role}",
            roleId: "r-viewer", issuedAtEpochSeconds: 0, expiresAtEpochSeconds: nil)
        let metadata = SecretStore.Metadata(info, roleName: "Viewer", endpoint: nil)
        #expect(
            store.arguments(for: metadata) == [
                "put", "see {key_id} and {role}", "id=k-1", "{nope} {", "Viewer}",
            ])
    }
}

@Suite("A secret store's command never makes a value code or an option")
struct SecretStoreSafetyTests {
    /// `text` as a TOML basic string.
    static func quoted(_ text: String) -> String {
        "\""
            + text.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    @Test(
        "a placeholder in an interpreter's script (sh -c, bash -c, env sh -c, python -c, ...), naming the program, or part of an argument: the store is unusable"
    )
    func refusedCommands() {
        let refused: [[String]] = [
            ["/bin/sh", "-c", "put {description}"],
            ["bash", "-c", "put \"{description}\""],
            ["/usr/bin/env", "sh", "-c", "put {description}"],
            ["env", "-i", "PATH=/bin", "dash", "-ec", "store {key_id}"],
            ["python3", "-c", "print('{description}')"],
            ["perl", "-e", "print '{role}'"],
            ["ruby", "-e", "{description}"],
            ["node", "--eval", "{description}"],
            ["busybox", "sh", "-c", "x {role}"],
            ["sh", "{description}"],
            ["{description}"],
            ["vault", "kv", "put", "secret/momento/{key_id}", "-"],
            ["put", "--name=x{description}"],
            ["env", "-u", "HOME", "sh", "-c", "{description}"],
            ["env", "-S", "sh -c", "{description}"],
            ["python3", "-W", "x", "-c", "{description}"],
            ["sh", "-o", "errexit", "-c", "{description}"],
            ["perl", "-I", "lib", "-e", "{description}"],
            ["node", "-r", "m", "-e", "{description}"],
            ["busybox", "env", "sh", "-c", "{description}"],
            ["timeout", "5", "sh", "-c", "{description}"],
            ["xargs", "{description}"],
            ["ssh", "host", "put", "{description}"],
            ["/usr/bin/tcsh", "-c", "{role}"],
            ["lua5.4", "-e", "{role}"],
            ["put", "--name={description}{role}"],
        ]
        for command in refused {
            #expect(SecretStore.commandProblem(command) != nil, "\(command)")
            let config = ConsoleConfig.parse(
                "[stores.s]\ncommand = ["
                    + command.map(Self.quoted)
                    .joined(separator: ", ") + "]\n")
            #expect(config.stores["s"] == nil, "\(command)")
            #expect(config.problem?.hasPrefix("store s: ") == true, "\(command)")
        }
        #expect(
            SecretStore.commandProblem(["sh", "-c", "x {description}"])?.contains(
                "$KEYCONSOLE_DESCRIPTION") == true)
    }

    @Test("whole arguments, --option= values and a script's own arguments are data: allowed")
    func allowedCommands() {
        let allowed: [[String]] = [
            ["/bin/sh", "-c", #"put "$KEYCONSOLE_DESCRIPTION""#, "store", "{description}"],
            ["env", "bash", "-c", "put \"$1\"", "_", "{key_id}"],
            ["sh", "-ec", "put \"$1\"", "_", "{key_id}"],
            ["aws", "secretsmanager", "put-secret-value", "--secret-id", "{description}"],
            ["put", "--name={key_id}", "{role}"],
            ["python3", "store.py", "{description}"],
            ["gh", "secret", "set", "MOMENTO_API_KEY"],
        ]
        for command in allowed {
            #expect(SecretStore.commandProblem(command) == nil, "\(command)")
        }
    }

    @Test("a value that would start an argument with - is refused when the store runs")
    func optionShapedValue() async {
        let store = SecretStore(
            name: "s", command: ["/bin/echo", "--id", "{description}"], format: .raw,
            timeout: .seconds(5))
        let info = ApiKeyInfo(
            keyId: "k-1", accountId: "a", description: "--delete-everything",
            roleId: "r-viewer", issuedAtEpochSeconds: 0, expiresAtEpochSeconds: nil)
        let metadata = SecretStore.Metadata(info, roleName: "Viewer", endpoint: nil)
        #expect(store.argumentProblem(for: metadata)?.contains("starts with -") == true)
        let outcome = await store.store(Secret("key"), metadata: metadata)
        #expect(!outcome.succeeded)
        #expect(outcome.status == nil)
        #expect(outcome.failure?.contains("read as an option") == true)
        // As an --option= value it is data.
        let valued = SecretStore(
            name: "s", command: ["/bin/echo", "--id={description}"], format: .raw,
            timeout: .seconds(5))
        #expect(valued.argumentProblem(for: metadata) == nil)
    }

    @Test(
        "a value a program would read as a file or URL (file://, fileb://, http://, @) is refused, whole or as an --option= value"
    )
    func referenceShapedValue() async {
        for (description, start) in [
            ("file:///etc/shadow", "file://"), ("fileb://~/.aws/credentials", "fileb://"),
            ("http://169.254.169.254/latest/meta-data/", "http://"), ("@/etc/passwd", "@"),
            ("HTTPS://x", "HTTPS://"),
        ] {
            let info = ApiKeyInfo(
                keyId: "k-1", accountId: "a", description: description, roleId: "r-viewer",
                issuedAtEpochSeconds: 0, expiresAtEpochSeconds: nil)
            let metadata = SecretStore.Metadata(info, roleName: "Viewer", endpoint: nil)
            for command in [
                ["/bin/echo", "--description", "{description}"],
                ["/bin/echo", "--description={description}"],
            ] {
                let store = SecretStore(
                    name: "s", command: command, format: .raw, timeout: .seconds(5))
                let problem = store.argumentProblem(for: metadata)
                #expect(problem?.contains("starts with \(start)") == true, "\(description)")
                let outcome = await store.store(Secret("key"), metadata: metadata)
                #expect(!outcome.succeeded && outcome.status == nil, "never run: \(description)")
            }
        }
        // Text that only mentions a URL, or a colon, is data.
        for description in ["see https://wiki/x", "CI: deploy", "a@b", "1://x"] {
            let info = ApiKeyInfo(
                keyId: "k-1", accountId: "a", description: description, roleId: "r-viewer",
                issuedAtEpochSeconds: 0, expiresAtEpochSeconds: nil)
            let store = SecretStore(
                name: "s", command: ["/bin/echo", "{description}"], format: .raw,
                timeout: .seconds(5))
            let metadata = SecretStore.Metadata(info, roleName: "Viewer", endpoint: nil)
            #expect(store.argumentProblem(for: metadata) == nil, "\(description)")
        }
    }

    @Test("the store's environment carries the metadata as KEYCONSOLE_ variables, never the key")
    func environment() async throws {
        let folder = TemporaryDirectory()
        let store = SecretStore(
            name: "s",
            command: ["/bin/sh", "-c", "cat > /dev/null; env > \"$1\"", "s", folder.path + "/env"],
            format: .raw, timeout: .seconds(5))
        let info = ApiKeyInfo(
            keyId: "k-1", accountId: "a", description: "app $(touch /tmp/x)",
            roleId: "r-viewer", issuedAtEpochSeconds: 0, expiresAtEpochSeconds: nil)
        let outcome = await store.store(
            Secret("sekrit-key-value"),
            metadata: SecretStore.Metadata(info, roleName: "Viewer", endpoint: "cell-x"))
        #expect(outcome.succeeded, "\(outcome)")
        let env = try String(contentsOfFile: folder.path + "/env", encoding: .utf8)
        #expect(env.contains("KEYCONSOLE_KEY_ID=k-1"))
        #expect(env.contains("KEYCONSOLE_ROLE=Viewer"))
        #expect(env.contains("KEYCONSOLE_DESCRIPTION=app $(touch /tmp/x)"))
        #expect(env.contains("KEYCONSOLE_ENDPOINT=cell-x"))
        #expect(env.contains("KEYCONSOLE_EXPIRES_AT=never"))
        #expect(!env.contains("sekrit-key-value"))
    }
}
