import Foundation
import MomentoKeys
import TestSupport
import Testing

/// `keyconsole migrate`, through the real binary: a v1 key (or a legacy token) read from
/// stdin, a profile or an env file, in a public region and a private cell of regions.json,
/// replaced by a v2 key for the same endpoint, on the sandbox and through `keyconsole serve`.
@Suite("Migrating v1 keys", .serialized, .timeLimit(.minutes(2)))
struct MigrateCommandTests {
    let home = TemporaryDirectory()
    var sandbox: String { home.path + "/s.sqlite" }
    var credentials: String { home.path + "/.momento/credentials" }
    var environment: [String: String] { KeyconsoleProcess.environment(home: home.path) }

    static let publicCell = "cell-4-us-west-2-1.prod.a.momentohq.com"
    static let privateCell = "cell-acme-1.prod.a.momentohq.com"

    init() throws {
        home.write(
            "config/keyconsole/regions.json",
            #"[{"region": "acme-east", "name": "Acme private cell", "cell": "cell-acme-1"}]"#)
        try FileManager.default.createDirectory(
            atPath: home.path + "/stored", withIntermediateDirectories: true)
        // A store that keeps its standard input and its arguments.
        let record = #"cat > "$1/key.in"; printf '%s\n' "$@" > "$1/argv""#
        home.write(
            "config/keyconsole/config",
            """
            [stores.capture]
            command = ["/bin/sh", "-c", \(ConsoleConfigText.quoted(record)), "capture", "\(home.path)/stored", "{endpoint}", "{description}"]
            """)
    }

    /// The secret part of a v1 key: its inner JWT's signature (its header and claims are
    /// guessable text that other JWTs share).
    static func secretPart(of old: String) -> String {
        let envelope = Data(base64Encoded: old).flatMap {
            try? JSONSerialization.jsonObject(with: $0) as? [String: String]
        }
        let jwt = envelope?["api_key"] ?? old
        return String(jwt.split(separator: ".").last ?? "")
    }

    /// Whether `text`, its line breaks taken out, holds the whole key or any 12 characters in
    /// a row of its secret part.
    static func leaks(_ old: String, in text: String) -> Bool {
        let flat = text.replacingOccurrences(of: "\n", with: "")
        let secret = Array(secretPart(of: old))
        return flat.contains(old)
            || (secret.count >= 12
                && (0...(secret.count - 12)).contains {
                    flat.contains(String(secret[$0..<($0 + 12)]))
                })
    }

    /// The files under `folder` that leak the v1 key (see ``leaks(_:in:)``).
    static func filesLeaking(_ old: String, under folder: String) -> Set<String> {
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var found: Set<String> = []
        while let name = enumerator?.nextObject() as? String {
            if let data = FileManager.default.contents(atPath: folder + "/" + name),
                leaks(old, in: String(decoding: data, as: UTF8.self))
            {
                found.insert(name)
            }
        }
        return found
    }

    /// A v1 key whose inner JWT has a random 64-character signature: the part that is
    /// secret in a real key (its header and claims are guessable text).
    static func v1Key(
        endpoint: String, subject: String = "app@example.com", keyId: String? = nil
    ) -> String {
        let id = keyId.map { #","jti":"\#($0)""# } ?? ""
        let claims = TestTokens.jwt(
            claimsJSON: #"{"sub":"\#(subject)","ver":1,"exp":1900000000\#(id)}"#)
        let signature = (0..<4).map { _ in UUID().uuidString.replacingOccurrences(of: "-", with: "")
        }
        .joined()
        return TestTokens.envelope(
            endpoint: endpoint,
            inner: String(claims.prefix { $0 != "." }) + "."
                + String(claims.drop { $0 != "." }.dropFirst().prefix { $0 != "." }) + "."
                + signature)
    }

    static func legacyToken(cell: String) -> String {
        let jwt = TestTokens.jwt(
            claimsJSON: #"{"sub":"old@example.com","c":"cache.\#(cell)","cp":"control.\#(cell)"}"#)
        return String(jwt.dropLast(4)) + UUID().uuidString.replacingOccurrences(of: "-", with: "")
    }

    func run(_ arguments: [String], stdin: String? = nil, extra: [String: String] = [:])
        async throws -> (status: Int32, stdout: String, stderr: String)
    {
        try await KeyconsoleProcess.run(
            arguments, environment: environment.merging(extra) { $1 }, stdin: stdin)
    }

    /// Writes a file of mode 0600, as Momento's CLI keeps its credentials.
    func writePrivate(_ name: String, _ text: String) {
        let path = home.write(name, text)
        try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    /// The ids of the sandbox's keys.
    func listed(_ connection: [String], extra: [String: String] = [:]) async throws -> [String] {
        let list = try await run(["list", "--format", "json"] + connection, extra: extra)
        #expect(list.status == 0, "\(list.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8))
        let keys = (object as? [[String: Any]]) ?? []
        return keys.compactMap { $0["key_id"] as? String }
    }

    /// A v1 credential read from one source and written to one destination, checked: the new
    /// key decodes as v2, its endpoint is the v1 envelope's, it is where it was asked to go,
    /// it is on the account, and the v1 key is in no output and no file but its own.
    func migrate(
        _ old: String, cell: String, from source: String, to destination: String,
        connection: [String], extra: [String: String] = [:]
    ) async throws {
        var arguments = ["migrate", "--role", "Viewer"] + connection
        var stdin: String?
        var sourceFiles: Set<String> = []
        switch source {
        case "profile":
            writePrivate(".momento/credentials", "[legacy]\ntoken=\(old)\n")
            arguments += ["--from-profile", "legacy"]
            sourceFiles = [".momento/credentials"]
        case "env file":
            home.write("app.env", "# the app's settings\nexport MOMENTO_API_KEY=\"\(old)\"\n")
            arguments += ["--from-env-file", home.path + "/app.env"]
            sourceFiles = ["app.env"]
        default:
            stdin = old + "\n"
        }
        switch destination {
        case "profile":
            arguments += ["--to-profile", "app-v2"]
        case "env":
            arguments += ["--output", home.path + "/new.env", "--output-format", "env"]
        case "momento-profile":
            arguments += [
                "--output", home.path + "/new.ini", "--output-format", "momento-profile",
                "--profile-name", "app",
            ]
        case "store":
            arguments += ["--store", "capture"]
        default:
            break  // stdout is a pipe: the key alone goes there
        }
        let before = try? String(contentsOfFile: credentials, encoding: .utf8)
        let result = try await run(arguments, stdin: stdin, extra: extra)
        #expect(result.status == 0, "\(source) → \(destination): \(result.stderr)")
        let report = destination == "raw" ? result.stderr : result.stdout
        let key: String
        let endpoint: String?
        switch destination {
        case "profile":
            let text = try String(contentsOfFile: credentials, encoding: .utf8)
            if let before { #expect(text.hasPrefix(before), "the v1 entry is never rewritten") }
            let profile = try #require(try INIFile(parsing: text).section("app-v2"))
            key = try #require(profile["api_key_v2"])
            endpoint = profile["endpoint"]
        case "env":
            let values = EnvFile(
                parsing: try String(contentsOfFile: home.path + "/new.env", encoding: .utf8)
            ).values
            key = try #require(values["MOMENTO_API_KEY"])
            endpoint = values["MOMENTO_ENDPOINT"]
        case "momento-profile":
            let text = try String(contentsOfFile: home.path + "/new.ini", encoding: .utf8)
            let profile = try #require(try INIFile(parsing: text).section("app"))
            key = try #require(profile["api_key_v2"])
            endpoint = profile["endpoint"]
        case "store":
            key = try String(contentsOfFile: home.path + "/stored/key.in", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            // The store's {endpoint}: its argument after the folder.
            endpoint = try String(contentsOfFile: home.path + "/stored/argv", encoding: .utf8)
                .split(separator: "\n").dropFirst().first.map(String.init)
        default:
            // The key alone: no endpoint goes with it; the report names it.
            key = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            endpoint = cell
            #expect(report.contains("for \(cell);"))
        }
        let decoded = try KeyDecoder.decode(key)
        #expect(decoded.kind == .v2ApiKey)
        #expect(endpoint == cell, "the endpoint of the v1 envelope")
        #expect(report.contains("fromApiKeyV2(myApiKey, '\(cell)')"))
        #expect(report.contains("MOMENTO_ENDPOINT=\(cell)"))
        #expect(report.contains("keeps working"))
        #expect(
            report.contains(
                cell == Self.privateCell
                    ? "Acme private cell (acme-east, cell-acme-1), a private cell of"
                    : "US West (Oregon) (us-west-2, cell-4-us-west-2-1)"))
        let id = try #require(decoded.keyId)
        // list needs an endpoint for a Momento account; migrate took the v1 key's.
        let listing = extra.isEmpty ? extra : extra.merging(["MOMENTO_ENDPOINT": cell]) { $1 }
        #expect(try await listed(connection, extra: listing).contains(id))
        // The v1 key: in no output, no log, no journal; only in the file it was read from.
        #expect(!Self.leaks(old, in: result.stdout + result.stderr))
        #expect(
            Self.filesLeaking(old, under: home.path) == sourceFiles, "\(source) → \(destination)")
        let journal = try String(
            contentsOfFile: home.path + "/state/keyconsole/audit.jsonl", encoding: .utf8)
        let line = try #require(
            journal.split(separator: "\n").last {
                $0.contains(id) && $0.contains(#""action":"migrate""#)
            })
        #expect(line.contains(#""action":"migrate""#) && line.contains(#""endpoint":"\#(cell)""#))
        #expect(!journal.contains(key), "the new key is in no journal either")
        for file in ["new.env", "new.ini", "app.env", ".momento/credentials", "stored/key.in"] {
            try? FileManager.default.removeItem(atPath: home.path + "/" + file)
        }
    }

    @Test("migrate keeps the key policy: an expiry past max_lifetime creates nothing, dry run too")
    func migratePolicy() async throws {
        let config = home.path + "/config/keyconsole/config"
        let stores = try String(contentsOfFile: config, encoding: .utf8)
        home.write("config/keyconsole/config", stores + "\n[policy]\nmax_lifetime = \"30d\"\n")
        let old = Self.v1Key(endpoint: Self.publicCell)
        let before = try await listed(["--sandbox", sandbox])
        for extra in [[], ["--dry-run"]] {
            let refused = try await run(
                [
                    "migrate", "--role", "Viewer", "--sandbox", sandbox, "--expires-in", "60d",
                    "--output", home.path + "/new\(extra.count).env", "--output-format", "env",
                ] + extra, stdin: old + "\n")
            #expect(refused.status == 1, "\(extra): \(refused.stderr)")
            #expect(
                refused.stderr.contains(
                    "the policy allows keys of at most 30 days (max_lifetime in [policy])"),
                "\(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: home.path + "/new\(extra.count).env"))
        }
        #expect(try await listed(["--sandbox", sandbox]) == before)
        let allowed = try await run(
            [
                "migrate", "--role", "Viewer", "--sandbox", sandbox, "--expires-in", "30d",
                "--output", home.path + "/ok.env", "--output-format", "env",
            ], stdin: old + "\n")
        #expect(allowed.status == 0, "\(allowed.stderr)")
    }

    @Test(
        "migrate --format json: one object on stdout with the new key's id, endpoint and the v1 key it replaces; the key only when stdout has it"
    )
    func migrateJSON() async throws {
        let old = Self.v1Key(endpoint: Self.publicCell, keyId: "v1-key-0042")
        let file = home.path + "/new.env"
        let made = try await run(
            [
                "migrate", "--role", "Viewer", "--sandbox", sandbox, "--output", file,
                "--output-format", "env", "--format", "json",
            ], stdin: old + "\n")
        #expect(made.status == 0, "\(made.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(made.stdout.utf8)) as? [String: Any])
        let id = try #require(object["key_id"] as? String)
        #expect(try await listed(["--sandbox", sandbox]).contains(id))
        #expect(object["role_name"] as? String == "Viewer")
        #expect(object["destination"] as? String == "file" && object["file"] as? String == file)
        #expect((object["endpoint"] as? String)?.contains(Self.publicCell) == true, "\(object)")
        #expect(object["replaces"] as? String == "v1-key-0042", "the v1 key's id")
        #expect(object["api_key"] == nil, "the key went to the file")
        #expect(!Self.leaks(old, in: made.stdout + made.stderr))
        // The guide to retiring the v1 key still goes out, on stderr.
        #expect(!made.stderr.isEmpty)
        // To stdout (a pipe): the object carries the key, and stdout has nothing else.
        let piped = try await run(
            ["migrate", "--role", "Viewer", "--sandbox", sandbox, "--format", "json"],
            stdin: old + "\n")
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.split(separator: "\n").count == 1)
        let pipedObject = try #require(
            try JSONSerialization.jsonObject(with: Data(piped.stdout.utf8)) as? [String: Any])
        let key = try #require(pipedObject["api_key"] as? String)
        #expect(try KeyDecoder.decode(key).kind == .v2ApiKey)
        // A report of a key written nowhere it names: refused before anything is made.
        for refused in [["--to-profile", "app-v2"], ["--dry-run"]] {
            let result = try await run(
                ["migrate", "--role", "Viewer", "--sandbox", sandbox, "--format", "json"]
                    + refused, stdin: old + "\n")
            #expect(result.status == 64, "\(refused)")
            #expect(result.stderr.contains("leave out --to-profile and --dry-run"))
        }
    }

    @Test(
        "on the sandbox: a v1 key from stdin, a profile and an env file, in a public region and a private cell"
    )
    func sandboxMigrations() async throws {
        let connection = ["--sandbox", sandbox]
        for cell in [Self.publicCell, Self.privateCell] {
            let old = Self.v1Key(endpoint: cell)
            try await migrate(old, cell: cell, from: "stdin", to: "env", connection: connection)
            try await migrate(
                old, cell: cell, from: "profile", to: "profile", connection: connection)
            try await migrate(old, cell: cell, from: "env file", to: "raw", connection: connection)
            try await migrate(old, cell: cell, from: "stdin", to: "store", connection: connection)
        }
        // A legacy token's endpoint is its cache endpoint, without the `cache.`.
        try await migrate(
            Self.legacyToken(cell: Self.privateCell), cell: Self.privateCell, from: "stdin",
            to: "momento-profile", connection: connection)
    }

    @Test(
        "through serve: with the admin key's endpoint or none, the new key gets the v1 key's endpoint"
    )
    func serveMigrations() async throws {
        let served = try await ServedSandbox.start(sandbox: sandbox, home: home.path)
        defer { served.process.signal(SIGTERM) }
        let (url, admin) = (served.url, served.adminKey)
        for (cell, adminEndpoint) in [(Self.publicCell, nil), (Self.privateCell, Self.publicCell)] {
            // The admin key with no endpoint, then with its own (another cell): the new key is
            // for the v1 key's endpoint either way.
            var extra = ["MOMENTO_API_KEY": admin, "KEYCONSOLE_API_URL": url]
            extra["MOMENTO_ENDPOINT"] = adminEndpoint
            let old = Self.v1Key(endpoint: cell, subject: "served@example.com")
            try await migrate(
                old, cell: cell, from: "stdin", to: "profile", connection: [], extra: extra)
            try await migrate(
                old, cell: cell, from: "profile", to: "momento-profile", connection: [],
                extra: extra)
            try await migrate(
                old, cell: cell, from: "env file", to: "env", connection: [], extra: extra)
        }
        #expect(
            SecretStoreTests.files(holding: admin, under: home.path)
                == [String(served.keyFile.dropFirst(home.path.count + 1))], "only its key file")
    }

    @Test(
        "--dry-run creates nothing; a v2 key, a key on the command line, a v1 admin key are refused unrepeated"
    )
    func refusals() async throws {
        let connection = ["--sandbox", sandbox]
        let old = Self.v1Key(endpoint: Self.publicCell)
        let before = try await listed(connection)
        let dry = try await run(
            ["migrate", "--role", "Operator", "--dry-run", "--output", home.path + "/x.key"]
                + connection, stdin: old)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("Dry run: nothing was created"))
        #expect(dry.stdout.contains("Operator (r-operator)"))
        #expect(dry.stdout.contains("migrated from v1 app@example.com"))
        #expect(!FileManager.default.fileExists(atPath: home.path + "/x.key"), "no file claimed")
        #expect(try await listed(connection) == before)
        // A dry run checks what the real one would: the role, and a file already there.
        let bogus = try await run(
            ["migrate", "--role", "Bogus", "--dry-run"] + connection, stdin: old)
        #expect(bogus.status == 1 && bogus.stderr.contains("No role Bogus"))
        let there = home.write("there.key", "mine\n")
        let taken = try await run(
            ["migrate", "--role", "Viewer", "--dry-run", "--output", there] + connection,
            stdin: old)
        #expect(taken.status == 1 && taken.stderr.contains("already exists"))
        // A key pasted after an option: refused by name, never repeated.
        for option in ["--from-env-file", "--description", "--output", "--store"] {
            let pasted = try await run(["migrate", "--role", "Viewer", option, old] + connection)
            #expect(pasted.status != 0, "\(option)")
            #expect(pasted.stderr.contains("The value of \(option) is a Momento key"))
            #expect(!pasted.stderr.contains(old) && !pasted.stdout.contains(old))
        }
        // A v2 key: nothing to migrate, and said so.
        let v2 = try await run(
            ["migrate", "--role", "Operator"] + connection, stdin: TestTokens.v2Key())
        #expect(v2.status == 1)
        #expect(v2.stderr.contains("This is a v2 API key already"))
        // On the command line: refused, never repeated.
        let argv = try await run(["migrate", "--role", "Operator", old] + connection)
        #expect(argv.status == 64)
        #expect(argv.stderr.contains("never the command line") && !argv.stderr.contains(old))
        // An endpoint that would write a second profile is refused before anything is made.
        let injected = TestTokens.envelope(
            endpoint: #"cell-1.example.com\n[default]"#,
            inner: TestTokens.jwt(claimsJSON: #"{"sub":"x","ver":1}"#))
        let bad = try await run(["migrate", "--role", "Operator"] + connection, stdin: injected)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("is not a host name"))
        // The v1 key where the admin key is looked for: said, with what to do.
        let v1Admin = try await run(
            ["migrate", "--role", "Operator", "--to-profile", "new"], stdin: old,
            extra: ["MOMENTO_API_KEY": old])
        #expect(v1Admin.status == 1)
        #expect(v1Admin.stderr.contains("This is a v1 API key"))
        #expect(
            v1Admin.stderr.contains(
                "keyconsole migrate creates the replacement with your admin v2 key"))
        #expect(!v1Admin.stderr.contains(old) && !v1Admin.stdout.contains(old))
        // A profile name already taken: refused before the key is created.
        writePrivate(".momento/credentials", "[taken]\napi_key_v2=x\n")
        let profile = try await run(
            ["migrate", "--role", "Operator", "--to-profile", "taken"] + connection, stdin: old)
        #expect(profile.status == 1)
        #expect(profile.stderr.contains("A profile named taken is already in"))
        #expect(try await listed(connection) == before, "nothing was created by any of them")
    }
}
