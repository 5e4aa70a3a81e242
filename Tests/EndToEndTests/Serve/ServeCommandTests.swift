import Foundation
import MomentoKeys
import TestSupport
import Testing

@Suite("keyconsole serve and sandbox, the real binary", .timeLimit(.minutes(1)))
struct ServeCommandTests {
    let home = TemporaryDirectory()

    var environment: [String: String] { KeyconsoleProcess.environment(home: home.path) }

    /// Starts serve on a free port and returns the process and its base URL.
    func startServe(_ extra: [String] = []) async throws -> (KeyconsoleProcess, String) {
        let serve = KeyconsoleProcess(
            ["serve", "--port", "0", "--rate-limit", "0", "--sandbox", home.path + "/s.sqlite"]
                + extra,
            environment: environment)
        #expect(await serve.waitFor("Serving sandbox"))
        let line = serve.stdout
        let url = try #require(
            line.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("http://127.0.0.1:") })
        return (serve, url.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test(
        "--port 0 prints the real base URL; --admin-key-file writes a 0600 Owner key; SIGTERM stops it"
    )
    func serveWithAdminKey() async throws {
        let keyFile = home.path + "/admin.key"
        let (serve, url) = try await startServe(["--admin-key-file", keyFile])
        #expect(!url.hasSuffix(":0"))
        let attributes = try FileManager.default.attributesOfItem(atPath: keyFile)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        let key = try String(contentsOfFile: keyFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try KeyDecoder.decode(key).kind == .v2ApiKey)
        #expect(!serve.stdout.contains(key))
        #expect(!serve.stderr.contains(key))
        // How to use it: the base URL, an endpoint and the key's file, never the key.
        #expect(await serve.waitFor("export MOMENTO_API_KEY"))
        #expect(serve.stdout.contains("  export KEYCONSOLE_API_URL=\(url)\n"))
        #expect(serve.stdout.contains("  export MOMENTO_ENDPOINT=cell-"))
        #expect(serve.stdout.contains("  export MOMENTO_API_KEY=\"$(cat \(keyFile))\""))
        let answer = try await RawHTTP.send(
            "GET", url + "/api-keys?limit=100", headers: [("Authorization", key)])
        #expect(answer.status == 200)
        #expect(answer.body.contains("keyconsole serve admin key"))
        serve.signal(SIGTERM)
        #expect(await serve.exitStatus() == 0)
    }

    @Test("SIGTERM stops it while an injected delay holds a request (the suite's limit is 1 min)")
    func stopsDuringDelay() async throws {
        let keyFile = home.path + "/admin.key"
        let (serve, url) = try await startServe([
            "--admin-key-file", keyFile, "--faults", "delay:3600s", "--verbose",
        ])
        let key = try String(contentsOfFile: keyFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let held = Task {
            try? await RawHTTP.send("GET", url + "/api-keys", headers: [("Authorization", key)])
        }
        // The request is in: with --verbose, serve logs the delay as it starts.
        #expect(await serve.waitFor("delaying the answer"))
        serve.signal(SIGTERM)
        #expect(await serve.exitStatus() == 0)
        held.cancel()
    }

    @Test("--access-log appends a line per answer: time, method, path without query, status")
    func accessLog() async throws {
        let keyFile = home.path + "/admin.key"
        let logFile = home.path + "/access.log"
        let (serve, url) = try await startServe([
            "--admin-key-file", keyFile, "--access-log", logFile,
        ])
        let key = try String(contentsOfFile: keyFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let auth = [("Authorization", key)]
        #expect(
            try await RawHTTP.send("GET", url + "/api-keys?limit=5", headers: auth).status == 200)
        #expect(
            try await RawHTTP.send("DELETE", url + "/api-keys/nope%0A", headers: auth).status == 404
        )
        #expect(try await RawHTTP.send("GET", url + "/roles", headers: []).status == 401)
        #expect(try await RawHTTP.send("GET", url + "/nothing-here", headers: auth).status == 404)
        serve.signal(SIGTERM)
        #expect(await serve.exitStatus() == 0)
        let lines = try String(contentsOfFile: logFile, encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let shape = #/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z [A-Z]+ /\S* \d{3}$/#
        #expect(lines.count == 4)
        #expect(lines.allSatisfy { $0.wholeMatch(of: shape) != nil })
        #expect(
            lines.map { $0.split(separator: " ").dropFirst().joined(separator: " ") } == [
                "GET /api-keys 200", "DELETE /api-keys/nope%0A 404", "GET /roles 401",
                "GET /nothing-here 404",
            ])
        #expect(!lines.joined().contains(key))
        let attributes = try FileManager.default.attributesOfItem(atPath: logFile)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
    }

    @Test("SIGINT stops it cleanly too")
    func sigint() async throws {
        let (serve, _) = try await startServe()
        serve.signal(SIGINT)
        #expect(await serve.exitStatus() == 0)
    }

    @Test("an existing admin key file is refused, never overwritten")
    func existingKeyFile() async throws {
        let keyFile = home.write("admin.key", "keep me\n")
        let result = try await KeyconsoleProcess.run(
            [
                "serve", "--port", "0", "--sandbox", home.path + "/s.sqlite", "--admin-key-file",
                keyFile,
            ],
            environment: environment)
        #expect(result.status != 0)
        #expect(result.stderr.contains("already exists"))
        #expect(try String(contentsOfFile: keyFile, encoding: .utf8) == "keep me\n")
    }

    @Test("a non-loopback host needs --allow-remote; a name that only looks like 127. is resolved")
    func remoteHost() async throws {
        let result = try await KeyconsoleProcess.run(
            ["serve", "--host", "0.0.0.0"], environment: environment)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--allow-remote"))
        // Names are resolved before binding (this machine has no DNS, so they do not resolve).
        for host in ["127.evil", "127.0.0.1x", "127.0.0.1.nip.io"] {
            let named = try await KeyconsoleProcess.run(
                ["serve", "--host", host, "--port", "0", "--sandbox", home.path + "/s.sqlite"],
                environment: environment)
            #expect(named.status == 64, "\(host)")
            #expect(named.stderr.contains("Cannot resolve --host \(host)"), "\(host)")
            #expect(!named.stdout.contains("Serving"), "\(host)")
        }
    }

    @Test("bad --faults are refused with a hint")
    func badFaults() async throws {
        let result = try await KeyconsoleProcess.run(
            ["serve", "--faults", "500:7"], environment: environment)
        #expect(result.status == 64)
        #expect(result.stderr.contains("probability"))
    }

    @Test("Momento's curl examples work against serve with only the base URL changed")
    func curlExamples() async throws {
        let keyFile = home.path + "/admin.key"
        let (serve, base) = try await startServe(["--admin-key-file", keyFile])
        let key = try String(contentsOfFile: keyFile, encoding: .utf8).trimmingCharacters(
            in: .whitespacesAndNewlines)
        func curl(_ arguments: [String]) async throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            process.arguments = ["-s", "-S", "--fail-with-body"] + arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "curl \(arguments.joined(separator: " "))")
            return String(decoding: data, as: UTF8.self)
        }
        let expiry = Int(Date().timeIntervalSince1970) + 86400
        let created = try await curl([
            "-X", "POST", base + "/api-keys", "-H", "Authorization: \(key)", "-H",
            "Content-Type: application/json",
            "-d", #"{"role_id": "r-operator", "description": "ci", "expiry": \#(expiry)}"#,
        ])
        let createdKey = try JSONDecoder().decode(CreatedKey.self, from: Data(created.utf8))
        #expect(createdKey.keyInfo.expiresAtEpochSeconds == Int64(expiry))
        let first = try JSONDecoder().decode(
            KeyPage.self,
            from: Data(
                try await curl([base + "/api-keys?limit=5", "-H", "Authorization: \(key)"]).utf8))
        #expect(first.keyInfo.count == 5)
        let token = try #require(first.nextToken)
        let second = try JSONDecoder().decode(
            KeyPage.self,
            from: Data(
                try await curl([
                    base + "/api-keys?limit=5&next_token=\(token)", "-H", "Authorization: \(key)",
                ]).utf8))
        #expect(Set(second.keyInfo.map(\.keyId)).isDisjoint(with: first.keyInfo.map(\.keyId)))
        let revoked = try await curl([
            "-X", "DELETE", base + "/api-keys/" + createdKey.keyInfo.keyId, "-H",
            "Authorization: \(key)",
        ])
        #expect(revoked == "{}")
        serve.signal(SIGTERM)
        #expect(await serve.exitStatus() == 0)
    }

    @Test("sandbox path follows XDG_DATA_HOME; reset re-seeds it; list reads it")
    func sandboxCommands() async throws {
        let path = try await KeyconsoleProcess.run(["sandbox", "path"], environment: environment)
        #expect(path.status == 0)
        #expect(path.stdout == home.path + "/data/keyconsole/sandbox.sqlite\n")
        let reset = try await KeyconsoleProcess.run(["sandbox", "reset"], environment: environment)
        #expect(reset.status == 0)
        #expect(reset.stderr.contains("12 demo keys"))
        // A command reads the default sandbox only when asked for it.
        let unasked = try await KeyconsoleProcess.run(
            ["list", "--format", "json"], environment: environment)
        #expect(unasked.status == 1)
        #expect(unasked.stdout.isEmpty)
        var asking = environment
        asking["KEYCONSOLE_SANDBOX"] = "default"
        let list = try await KeyconsoleProcess.run(
            ["list", "--format", "json"], environment: asking)
        #expect(list.status == 0)
        let rows =
            try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.count == 12)
        #expect(rows?.contains { $0["seconds_remaining"] is NSNull } == true)
        #expect(rows?.allSatisfy { $0["role_name"] is String } == true)
    }

    @Test("the console and a command share one sandbox file")
    func sharedSandbox() async throws {
        let keyFile = home.path + "/admin.key"
        let (serve, _) = try await startServe(["--admin-key-file", keyFile])
        // While serve holds the database open, another process reads and sees serve's write.
        let list = try await KeyconsoleProcess.run(
            ["list", "--format", "json", "--sandbox", home.path + "/s.sqlite"],
            environment: environment)
        #expect(list.status == 0)
        #expect(list.stdout.contains("keyconsole serve admin key"))
        serve.signal(SIGTERM)
        #expect(await serve.exitStatus() == 0)
    }
}
