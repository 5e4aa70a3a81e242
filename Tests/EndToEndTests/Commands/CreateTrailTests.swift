import Foundation
import MomentoKeys
import TestSupport
import Testing

/// A `create --output` killed midway leaves a trail: the file holds a one-line marker (no
/// secret), the log the intent and, once answered, the key id; a retry to the same path says
/// what the log knows and replaces only the marker.
@Suite("create --output: the trail a killed create leaves", .timeLimit(.minutes(1)))
struct CreateTrailTests {
    let home = TemporaryDirectory()

    var log: String { home.path + "/state/keyconsole/keyconsole.log" }

    /// Starts serve on the sandbox with an Owner key file and `faults`; returns it, its URL
    /// and the key.
    func serve(_ extra: [String] = []) async throws -> (KeyconsoleProcess, String, String) {
        let served = try await ServedSandbox.start(
            sandbox: home.path + "/s.sqlite", home: home.path, extra: ["--verbose"] + extra)
        return (served.process, served.url, served.adminKey)
    }

    func environment(url: String, key: String) -> [String: String] {
        KeyconsoleProcess.environment(
            home: home.path,
            extra: [
                "MOMENTO_API_KEY": key, "KEYCONSOLE_API_URL": url,
                "MOMENTO_ENDPOINT": "cell-4-us-west-2-1.prod.a.momentohq.com",
            ])
    }

    static let create = ["create", "--role-id", "r-viewer", "--description", "trail"]

    @Test("create --print with stdout closed (>&-) creates nothing: the key would go nowhere")
    func closedStdout() async throws {
        let sandbox = home.path + "/closed.sqlite"
        let environment = KeyconsoleProcess.environment(home: home.path)
        let before = try await KeyconsoleProcess.run(
            ["list", "--sandbox", sandbox, "--format", "json"], environment: environment)
        let closed = try await KeyconsoleProcess.run(
            [
                "-c", "exec \"$0\" \"$@\" >&-", KeyconsoleProcess.binary.path, "create",
                "--sandbox", sandbox, "--role", "Viewer", "--description", "nowhere", "--print",
            ], environment: environment, executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(closed.status == 1, "\(closed.stderr)")
        #expect(closed.stderr.contains("Standard output is closed"), "\(closed.stderr)")
        let after = try await KeyconsoleProcess.run(
            ["list", "--sandbox", sandbox, "--format", "json"], environment: environment)
        #expect(!after.stdout.contains("nowhere"), "no key was created: \(before.stdout)")
    }

    @Test(
        "killed while the request is out: a marker file, the intent logged; the retry says so and replaces the marker"
    )
    func killedMidRequest() async throws {
        let output = home.path + "/ci.key"
        let (held, url, key) = try await serve(["--faults", "delay:3600s"])
        let create = KeyconsoleProcess(
            Self.create + ["--output", output], environment: environment(url: url, key: key))
        // serve logs the delay as it starts: the request is out, no key is made yet.
        #expect(await held.waitFor("delaying the answer"))
        create.signal(SIGKILL)
        #expect(await create.exitStatus() == 128 + SIGKILL)
        held.signal(SIGTERM)
        _ = await held.exitStatus()
        let marker = try String(contentsOfFile: output, encoding: .utf8)
        #expect(CreateMarkerText.isMarker(marker), "\(marker.debugDescription)")
        let attributes = try FileManager.default.attributesOfItem(atPath: output)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        let attempt = try #require(
            marker.split(separator: " ").first { $0.hasPrefix("attempt=") })
        let logged = try String(contentsOfFile: log, encoding: .utf8)
        #expect(logged.contains("create: sending the request") && logged.contains(attempt))
        #expect(!logged.contains(key), "no secret in the log")
        // The retry, on a server that answers.
        let (serve, liveURL, _) = try await serve()
        let retry = try await KeyconsoleProcess.run(
            Self.create + ["--output", output], environment: environment(url: liveURL, key: key))
        serve.signal(SIGTERM)
        _ = await serve.exitStatus()
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(retry.stderr.contains("\(output) holds only the marker of an earlier"))
        #expect(retry.stderr.contains("sent the request but not whether a key was created"))
        let written = try String(contentsOfFile: output, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try KeyDecoder.decode(written).kind == .v2ApiKey, "the marker was replaced")
        // The log holds the new attempt's id, then the key's id as soon as it was answered.
        let after = try String(contentsOfFile: log, encoding: .utf8)
        let createdId = try #require(KeyDecoder.decode(written).keyId)
        #expect(after.contains("create: created") && after.contains("key_id=\(createdId)"))
        #expect(!after.contains(written), "no secret in the log")
    }

    @Test("a create still running holds its file: a second create to it is refused until it ends")
    func concurrentCreates() async throws {
        let output = home.path + "/shared.key"
        let (held, url, key) = try await serve(["--faults", "delay:3600s"])
        let first = KeyconsoleProcess(
            Self.create + ["--output", output], environment: environment(url: url, key: key))
        #expect(await held.waitFor("delaying the answer"))
        let second = try await KeyconsoleProcess.run(
            Self.create + ["--output", output], environment: environment(url: url, key: key))
        #expect(second.status == 1)
        #expect(second.stderr.contains("is being written by another keyconsole create"))
        #expect(CreateMarkerText.isMarker(try String(contentsOfFile: output, encoding: .utf8)))
        first.signal(SIGKILL)
        _ = await first.exitStatus()
        held.signal(SIGTERM)
        _ = await held.exitStatus()
    }

    @Test("a marker in a file others can read, or with a second link, is not taken")
    func markerFileNotPrivate() async throws {
        let (serve, url, key) = try await serve()
        let marker =
            "# keyconsole create in progress: attempt=\(UUID().uuidString.lowercased()) started=2026-12-01T10:00:00Z pid=42; no key has been written here yet\n"
        let open = home.write("open.key", marker)
        chmod(open, 0o666)
        let linked = home.write("linked.key", marker)
        chmod(linked, 0o600)
        link(linked, home.path + "/other-name.key")
        for path in [open, linked] {
            let result = try await KeyconsoleProcess.run(
                Self.create + ["--output", path], environment: environment(url: url, key: key))
            #expect(result.status == 1, "\(path)")
            #expect(result.stderr.contains("already exists"), "\(result.stderr)")
            #expect(try String(contentsOfFile: path, encoding: .utf8) == marker)
        }
        serve.signal(SIGTERM)
        _ = await serve.exitStatus()
    }

    @Test("a file with anything but our marker is never written over")
    func notOnlyAMarker() async throws {
        let (serve, url, key) = try await serve()
        let marker =
            "# keyconsole create in progress: attempt=\(UUID().uuidString.lowercased()) started=2026-12-01T10:00:00Z pid=42; no key has been written here yet\n"
        for (name, text) in [
            ("user.key", "my own key\n"), ("marker-plus.key", marker + "x"),
            ("two-markers.key", marker + marker), ("empty.key", ""),
        ] {
            let path = home.write(name, text)
            let result = try await KeyconsoleProcess.run(
                Self.create + ["--output", path], environment: environment(url: url, key: key))
            #expect(result.status == 1, "\(name)")
            #expect(result.stderr.contains("already exists"), "\(name): \(result.stderr)")
            #expect(try String(contentsOfFile: path, encoding: .utf8) == text, "\(name) untouched")
        }
        // A marker alone, from an attempt the log never heard of, is replaced with a warning.
        let path = home.write("marker.key", marker)
        chmod(path, 0o600)
        let result = try await KeyconsoleProcess.run(
            Self.create + ["--output", path], environment: environment(url: url, key: key))
        serve.signal(SIGTERM)
        _ = await serve.exitStatus()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("does not say whether it sent the request"))
        #expect(result.stderr.contains("pid 42"))
    }
}
