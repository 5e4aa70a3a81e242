import Foundation
import KeyconsoleCore
import MomentoKeys
import TestSupport
import Testing

@Suite("A profile added to Momento CLI's credentials file")
struct CredentialsAppenderTests {
    let home = TemporaryDirectory()

    /// Writes `text` to `name` under the temporary home with `mode`; returns its path.
    @discardableResult
    private func file(_ name: String, _ text: String, mode: Int = 0o600) -> String {
        let path = home.path + "/" + name
        _ = FileManager.default.createFile(
            atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: mode])
        return path
    }

    private func mode(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1
    }

    @Test("appended after the existing bytes, which stay as they were; the mode stays 0600")
    func appends() throws {
        let before = "[default]\napi_key_v2=old\nendpoint=cell-a.example"  // no final newline
        let path = file("credentials", before)
        let section = SecretFileFormat.momentoProfile.render(
            key: Secret("eyJ.new.key"), endpoint: "cell-b.example", profileName: "ci")
        try CredentialsAppender.append(section, name: "ci", to: path)
        let after = try String(contentsOfFile: path, encoding: .utf8)
        #expect(after.hasPrefix(before))
        #expect(after == before + "\n\n" + section)
        #expect(try mode(path) == 0o600)
        let parsed = try INIFile(parsing: after)
        #expect(parsed.section("ci")?["api_key_v2"] == "eyJ.new.key")
        #expect(parsed.section("default")?["api_key_v2"] == "old")
    }

    @Test("a profile name already there is refused, and nothing changes")
    func refusesExistingName() throws {
        let before = "[default]\napi_key_v2=old\n"
        let path = file("credentials", before)
        #expect(throws: ExclusiveFile.Failure.self) {
            try CredentialsAppender.append("[default]\napi_key_v2=new\n", name: "default", to: path)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == before)
    }

    @Test("a file others can read is refused: a key is not added to it")
    func refusesOpenFile() throws {
        let path = file("credentials", "[default]\n", mode: 0o644)
        do {
            try CredentialsAppender.append("[ci]\napi_key_v2=new\n", name: "ci", to: path)
            Issue.record("appended to a 0644 file")
        } catch {
            #expect(error.description.contains("chmod 600"))
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "[default]\n")
    }

    @Test("a missing folder is created 0700 and the new file 0600")
    func createsFolder() throws {
        let path = home.path + "/momento-config/credentials"
        try CredentialsAppender.append("[ci]\napi_key_v2=new\n", name: "ci", to: path)
        #expect(try mode(home.path + "/momento-config") == 0o700)
        #expect(try mode(path) == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "[ci]\napi_key_v2=new\n")
    }

    @Test("a CRLF file whose last line has its line break gets no extra blank line")
    func crlf() throws {
        let before = "[default]\r\napi_key_v2=old\r\n"
        let path = file("credentials", before)
        try CredentialsAppender.append("[ci]\napi_key_v2=new\n", name: "ci", to: path)
        #expect(
            try String(contentsOfFile: path, encoding: .utf8) == before + "\n[ci]\napi_key_v2=new\n"
        )
    }

    @Test("a symbolic link, a group-readable file and a file another writer holds are refused")
    func refusals() throws {
        let target = file("real", "[default]\n")
        let link = home.path + "/link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(throws: ExclusiveFile.Failure.self) {
            try CredentialsAppender.append("[ci]\n", name: "ci", to: link)
        }
        let group = file("group", "[default]\n", mode: 0o640)
        #expect(throws: ExclusiveFile.Failure.self) {
            try CredentialsAppender.append("[ci]\n", name: "ci", to: group)
        }
        // Locked by another writer: waited for a bounded time, then refused untouched.
        let held = open(target, O_RDONLY)
        #expect(flock(held, LOCK_EX) == 0)
        do {
            try CredentialsAppender.append("[ci]\n", name: "ci", to: target, waiting: 0.2)
            Issue.record("appended under another writer's lock")
        } catch {
            #expect(error.description.contains("stayed locked by another program for 1 s"))
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "[default]\n")
        // A lock let go while it waits: the profile is appended.
        let release = Thread {
            usleep(150_000)
            close(held)
        }
        release.start()
        try CredentialsAppender.append("[ci]\n", name: "ci", to: target)
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("[ci]"))
    }

    @Test("profile names: letters, digits, dot, underscore and dash only")
    func profileNames() {
        for good in ["default", "ci", "prod-us.west_2"] {
            #expect(SecretFileFormat.isValidProfileName(good), "\(good)")
        }
        for bad in [
            "", "dev#1", "a;b", "a b", "x]", "[x", "a=b", "é", String(repeating: "a", count: 65),
            "a\nb",
        ] {
            #expect(!SecretFileFormat.isValidProfileName(bad), "\(bad)")
        }
    }
}
