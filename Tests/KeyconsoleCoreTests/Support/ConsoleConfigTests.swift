import Foundation
import KeyconsoleCore
import TestSupport
import Testing

/// The config file: TOML with stores and audit settings; files of the old kind still read;
/// saving the region keeps every other line.
@Suite("The config file")
struct ConsoleConfigTests {
    static let toml = """
        # my settings
        endpoint = "cell-1-eu-west-1-1.prod.a.momentohq.com"

        [stores.aws-prod]
        command = ["aws", "secretsmanager", "put-secret-value", "--secret-id", "{description}", "--secret-string", "file:///dev/stdin"]

        [stores.vault]
        command = ["vault", "kv", "put", "secret/momento", "key=-"]
        format = "json"
        timeout = 5

        [audit]
        shared_journal = "/srv/audit.jsonl"
        syslog = "/dev/log"
        """

    @Test(
        "a default set of profiles, and a profile's own key API and read-only flag under [profile.NAME]"
    )
    func profiles() {
        let config = ConsoleConfig.parse(
            """
            profiles = ["prod", "staging"]

            [profile.staging]
            api_url = "http://127.0.0.1:8081"

            [profile.prod]
            read_only = true
            """)
        #expect(config.problem == nil)
        #expect(config.profiles == ["prod", "staging"])
        #expect(config.profileSettings["staging"]?.apiURL == "http://127.0.0.1:8081")
        #expect(config.profileSettings["staging"]?.readOnly == false)
        #expect(config.profileSettings["prod"]?.readOnly == true)
        #expect(ConsoleConfig.parse("endpoint = \"x\"").profiles == nil)
    }

    @Test("stores, formats, timeouts and the audit settings read from TOML")
    func parse() {
        let config = ConsoleConfig.parse(Self.toml)
        #expect(config.problem == nil)
        #expect(config.endpoint == "cell-1-eu-west-1-1.prod.a.momentohq.com")
        #expect(config.stores["aws-prod"]?.command.first == "aws")
        #expect(config.stores["aws-prod"]?.format == .raw)
        #expect(config.stores["aws-prod"]?.timeout == .seconds(30))
        #expect(config.stores["vault"]?.format == .json)
        #expect(config.stores["vault"]?.timeout == .seconds(5))
        #expect(config.sharedAuditJournal == "/srv/audit.jsonl")
        #expect(config.auditSyslog == "/dev/log")
    }

    @Test("a file of the old kind (endpoint = value) still reads; a broken one says why")
    func legacy() {
        let old = ConsoleConfig.parse(
            "# keyconsole settings, written by the region picker (p)\nendpoint = cell-4-us-west-2-1.prod.a.momentohq.com\n"
        )
        #expect(old.endpoint == "cell-4-us-west-2-1.prod.a.momentohq.com")
        #expect(old.problem == nil)
        let broken = ConsoleConfig.parse("[stores.x\ncommand = [")
        #expect(broken.problem?.contains("is not valid TOML") == true)
        let badFormat = ConsoleConfig.parse("[stores.x]\ncommand = [\"a\"]\nformat = \"yaml\"\n")
        #expect(badFormat.stores.isEmpty)
        #expect(badFormat.problem == "store x: format must be raw, env or json")
    }

    @Test("saving the region changes the endpoint line only: every other line stays")
    func saveKeeps() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("config", Self.toml + "\n")
        try ConsoleConfig.save(endpoint: "cell-4-us-west-2-1.prod.a.momentohq.com", to: path)
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(
            saved
                == Self.toml.replacingOccurrences(
                    of: "cell-1-eu-west-1-1", with: "cell-4-us-west-2-1") + "\n")
        #expect(ConsoleConfig.load(from: path).stores.count == 2)
        // No endpoint line yet: it goes before the first table.
        let bare = directory.write("bare", "[stores.x]\ncommand = [\"a\"]\n")
        try ConsoleConfig.save(endpoint: "cell-\"odd\"", to: bare)
        let loaded = ConsoleConfig.load(from: bare)
        #expect(loaded.endpoint == "cell-\"odd\"")
        #expect(loaded.stores["x"] != nil)
        // A legacy file becomes TOML, its endpoint replaced.
        let old = directory.write("old", "endpoint = cell-1-eu-west-1-1.prod.a.momentohq.com\n")
        try ConsoleConfig.save(endpoint: "cell-x", to: old)
        #expect(try String(contentsOfFile: old, encoding: .utf8) == "endpoint = \"cell-x\"\n")
        // A new file.
        let fresh = directory.path + "/new/config"
        try ConsoleConfig.save(endpoint: "cell-y", to: fresh)
        #expect(ConsoleConfig.load(from: fresh).endpoint == "cell-y")
    }

    @Test("a config that is a link stays one: its target gets the endpoint and keeps its mode")
    func saveThroughLink() throws {
        let directory = TemporaryDirectory()
        let target = directory.write("dotfiles/keyconsole.toml", Self.toml + "\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: target)
        let link = directory.path + "/config"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        try ConsoleConfig.save(endpoint: "cell-4-us-west-2-1.prod.a.momentohq.com", to: link)
        #expect(
            try FileManager.default.destinationOfSymbolicLink(atPath: link) == target,
            "still a link")
        #expect(ConsoleConfig.load(from: target).endpoint?.hasPrefix("cell-4-us-west-2-1") == true)
        let mode = try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions]
        #expect((mode as? NSNumber)?.intValue == 0o640)
    }
}
