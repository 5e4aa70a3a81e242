import Foundation
import MomentoKeys
import TestSupport
import Testing

/// The AWS store examples of the README and docs/secret-stores.md, run as written: the real
/// `aws` CLI (PyPI's awscli) against a local Secrets Manager (moto's server) on loopback.
/// `.ci/run` installs both into `.build/aws-venv`; without them the suite says so and skips.
@Suite(
    "The documented AWS stores, through the real aws CLI and moto",
    .serialized, .timeLimit(.minutes(3)),
    .enabled(
        if: AWSTools.folder != nil,
        "aws and moto_server are not installed: .ci/run puts them in .build/aws-venv"))
struct AWSSecretsManagerStoreTests {
    let home = TemporaryDirectory()
    var sandbox: String { home.path + "/s.sqlite" }

    /// The `[stores.NAME]` table of the first TOML block of `file` that has one: its lines up
    /// to the next blank line, with its comments.
    static func storeTable(_ name: String, in file: String) throws -> String {
        let text = try String(
            contentsOf: AWSTools.root.appendingPathComponent(file), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix("[stores.\(name)]") }, "\(file)")
        let end = lines[start...].firstIndex(where: \.isEmpty) ?? lines.endIndex
        return lines[start..<end].joined(separator: "\n")
    }

    /// Runs `aws secretsmanager ARGUMENTS` against `server`; stdout parsed as JSON.
    static func aws(_ arguments: [String], server: String) async throws -> (
        status: Int32, json: [String: Any]?, stderr: String
    ) {
        let folder = try #require(AWSTools.folder)
        let result = try await KeyconsoleProcess.run(
            ["secretsmanager"] + arguments, environment: AWSTools.environment(server: server),
            executable: URL(fileURLWithPath: folder + "/aws"))
        let json = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return (result.status, json as? [String: Any], result.stderr)
    }

    @Test(
        "the documented aws-prod store needs its one-time create-secret, then stores each key; aws-per-key needs none"
    )
    func documentedExamples() async throws {
        let folder = try #require(AWSTools.folder)
        // The README's store and the docs' two AWS stores, verbatim; README's renamed so both
        // run.
        let readme = try Self.storeTable("aws-prod", in: "README.md")
            .replacingOccurrences(of: "[stores.aws-prod]", with: "[stores.readme-aws-prod]")
        let config = [
            try Self.storeTable("aws-prod", in: "docs/secret-stores.md"),
            try Self.storeTable("aws-per-key", in: "docs/secret-stores.md"), readme,
        ].joined(separator: "\n\n")
        home.write("config/keyconsole/config", config + "\n")

        let server = KeyconsoleProcess(
            ["-H", "127.0.0.1", "-p", "0"], environment: AWSTools.environment(server: ""),
            executable: URL(fileURLWithPath: folder + "/moto_server"))
        defer { server.signal(SIGTERM) }
        #expect(await server.waitFor("Running on http://127.0.0.1:"))
        let url = try #require(
            (server.stdout + server.stderr).split(whereSeparator: \.isWhitespace)
                .first { $0.hasPrefix("http://127.0.0.1:") }
        )
        let endpoint = String(url)
        let environment = KeyconsoleProcess.environment(
            home: home.path, extra: AWSTools.environment(server: endpoint))

        func create(_ store: String, description: String) async throws -> (
            status: Int32, id: String?, stderr: String
        ) {
            let made = try await KeyconsoleProcess.run(
                [
                    "create", "--sandbox", sandbox, "--role", "Operator", "--description",
                    description, "--store", store, "--format", "json",
                ], environment: environment)
            let report = try? JSONSerialization.jsonObject(with: Data(made.stdout.utf8))
            return (made.status, (report as? [String: Any])?["key_id"] as? String, made.stderr)
        }
        func storedKeyId(_ secretId: String) async throws -> String? {
            let value = try await Self.aws(
                ["get-secret-value", "--secret-id", secretId], server: endpoint)
            let text = try #require(value.json?["SecretString"] as? String, "\(value.stderr)")
            return try KeyDecoder.decode(text).keyId
        }

        // Beside the happy path: on a fresh account the secret does not exist yet, so the
        // first key is created and left unstored, and the message says so.
        let early = try await create("aws-prod", description: "before the secret")
        #expect(early.status == 1)
        #expect(early.stderr.contains("not stored in aws-prod"), "\(early.stderr)")
        #expect(early.stderr.contains("ResourceNotFoundException"), "\(early.stderr)")

        // The one-time step, as the docs give it.
        let docs = try String(
            contentsOf: AWSTools.root.appendingPathComponent("docs/secret-stores.md"),
            encoding: .utf8)
        #expect(
            docs.contains(
                #"`aws secretsmanager create-secret --name momento/prod-api-key --description "Momento API key"`"#
            ))
        let made = try await Self.aws(
            [
                "create-secret", "--name", "momento/prod-api-key", "--description",
                "Momento API key",
            ],
            server: endpoint)
        #expect(made.status == 0, "\(made.stderr)")

        let first = try await create("aws-prod", description: "CI deploy (prod)")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("stored in aws-prod (exit 0)"), "\(first.stderr)")
        #expect(try await storedKeyId("momento/prod-api-key") == first.id)

        // README's copy puts a new version of the same secret.
        let second = try await create("readme-aws-prod", description: "CI deploy (prod) #2")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try await storedKeyId("momento/prod-api-key") == second.id)

        // One secret per key, named by its id; a description with spaces and parentheses is
        // the secret's description, as data.
        let description = "billing worker (eu-west) -- nightly"
        let perKey = try await create("aws-per-key", description: description)
        #expect(perKey.status == 0, "\(perKey.stderr)")
        let id = try #require(perKey.id)
        #expect(try await storedKeyId(id) == id)
        let described = try await Self.aws(
            ["describe-secret", "--secret-id", id], server: endpoint)
        #expect(described.json?["Description"] as? String == description)

        // The aws CLI reads a file:// value as the file's contents and fetches an http://
        // one: such a description is refused and aws never runs, the key left unstored.
        let hostile = try await create("aws-per-key", description: "file:///etc/hostname")
        #expect(hostile.status == 1, "\(hostile.stderr)")
        #expect(hostile.stderr.contains("starts with file://"), "\(hostile.stderr)")
        let listed = try await Self.aws(["list-secrets"], server: endpoint)
        let names = (listed.json?["SecretList"] as? [[String: Any]])?.compactMap {
            $0["Name"] as? String
        }
        #expect(names?.count == 2, "momento/prod-api-key and the per-key one: \(names ?? [])")
    }
}

/// Where the AWS CLI and moto's server are, and the environment that points them at moto.
enum AWSTools {
    /// The package's folder.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The folder holding `aws` and `moto_server`: `KEYCONSOLE_AWS_TOOLS`, else the virtual
    /// environment `.ci/run` makes.
    static let folder: String? = {
        let candidates = [
            ProcessInfo.processInfo.environment["KEYCONSOLE_AWS_TOOLS"],
            root.appendingPathComponent(".build/aws-venv/bin").path,
        ].compactMap { $0 }
        return candidates.first { folder in
            ["aws", "moto_server"].allSatisfy {
                FileManager.default.isExecutableFile(atPath: folder + "/" + $0)
            }
        }
    }()

    /// Dummy credentials, a region, and `server` as every AWS endpoint; PATH has the tools.
    static func environment(server: String) -> [String: String] {
        [
            "PATH": (folder ?? "") + ":/usr/bin:/bin", "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-west-2",
            "AWS_ENDPOINT_URL": server, "AWS_CONFIG_FILE": "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_PAGER": "", "LANG": "C.UTF-8",
        ]
    }
}
