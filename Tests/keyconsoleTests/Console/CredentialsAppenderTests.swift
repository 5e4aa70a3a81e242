import Foundation
import MomentoKeys
import TestSupport
import Testing

@testable import keyconsole

@Suite("A profile added to Momento CLI's credentials file")
struct CredentialsAppenderTests {
    let home = TemporaryDirectory()

    private func mode(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1
    }

    @Test("appended after the existing bytes, which stay as they were; the mode stays 0600")
    func appends() throws {
        let path = home.path + "/credentials"
        let before = "[default]\napi_key_v2=old\nendpoint=cell-a.example"  // no final newline
        _ = FileManager.default.createFile(
            atPath: path, contents: Data(before.utf8), attributes: [.posixPermissions: 0o600])
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
        let path = home.path + "/credentials"
        let before = "[default]\napi_key_v2=old\n"
        _ = FileManager.default.createFile(
            atPath: path, contents: Data(before.utf8), attributes: [.posixPermissions: 0o600])
        #expect(throws: ExclusiveFile.Failure.self) {
            try CredentialsAppender.append("[default]\napi_key_v2=new\n", name: "default", to: path)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == before)
    }

    @Test("a file others can read is refused: a key is not added to it")
    func refusesOpenFile() throws {
        let path = home.path + "/credentials"
        _ = FileManager.default.createFile(
            atPath: path, contents: Data("[default]\n".utf8), attributes: [.posixPermissions: 0o644]
        )
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
}
