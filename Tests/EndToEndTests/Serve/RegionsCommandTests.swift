import Foundation
import TestSupport
import Testing

@Suite("keyconsole regions, and the binary on its own")
struct RegionsCommandTests {
    let home = TemporaryDirectory()

    @Test("a copy of the binary alone in another folder still knows the 11 regions")
    func copiedBinary() async throws {
        let copy = home.path + "/bin/keyconsole"
        try FileManager.default.createDirectory(
            atPath: home.path + "/bin", withIntermediateDirectories: true)
        // A hard link: the same bytes under another folder, without an open write descriptor
        // that a process forked meanwhile by another test could inherit (ETXTBSY on exec).
        if link(KeyconsoleProcess.binary.path, copy) != 0 {
            try FileManager.default.copyItem(atPath: KeyconsoleProcess.binary.path, toPath: copy)
        }
        let process = KeyconsoleProcess(
            ["regions", "--format", "json"],
            environment: KeyconsoleProcess.environment(home: home.path),
            executable: URL(fileURLWithPath: copy))
        #expect(await process.exitStatus() == 0)
        let rows =
            try JSONSerialization.jsonObject(with: Data(process.stdout.utf8)) as? [[String: String]]
        #expect(rows?.count == 11)
        #expect(rows?.first?["endpoint"] == "cell-us-east-1-1.prod.a.momentohq.com")
    }

    @Test("the user's regions file adds a private cell to the table")
    func userFile() async throws {
        home.write(
            "config/keyconsole/regions.json",
            #"[{"region": "eu-south-1", "name": "Milan (private)", "cell": "cell-p-eu-south-1"}]"#)
        let result = try await KeyconsoleProcess.run(
            ["regions"], environment: KeyconsoleProcess.environment(home: home.path))
        #expect(result.status == 0)
        #expect(result.stdout.contains("us-west-2"))
        let milan = result.stdout.split(separator: "\n").first { $0.hasPrefix("eu-south-1") }
        #expect(milan?.contains("Milan (private)") == true)
        #expect(milan?.hasSuffix("cell-p-eu-south-1.prod.a.momentohq.com") == true)
    }
}
