import Foundation
import TestSupport
import Testing

/// Where CI installed keyconsole with `make install`, if it did.
enum InstalledPrefix {
    static let path = ProcessInfo.processInfo.environment["KEYCONSOLE_INSTALLED_PREFIX"]
}

/// The binary `make install` puts on a server without Swift. CI installs it and names the
/// prefix in `KEYCONSOLE_INSTALLED_PREFIX`; elsewhere this suite is skipped, saying why.
@Suite(
    "The installed binary, on a machine without Swift",
    .enabled(
        if: InstalledPrefix.path != nil,
        "KEYCONSOLE_INSTALLED_PREFIX is not set: run `make install PREFIX=DIR` and set it to DIR"
    ))
struct InstalledBinaryTests {
    static let prefix = InstalledPrefix.path

    let home = TemporaryDirectory()

    var installed: String { (Self.prefix ?? "") + "/bin/keyconsole" }

    @Test("ldd shows no Swift runtime and no Foundation library")
    func staticallyLinked() async throws {
        let ldd = try await KeyconsoleProcess.run(
            [installed], environment: ["PATH": "/usr/bin:/bin"],
            executable: URL(fileURLWithPath: "/usr/bin/ldd"))
        #expect(ldd.status == 0, "\(ldd.stderr)")
        #expect(ldd.stdout.contains("libc.so"))
        #expect(!ldd.stdout.contains("libswift"), "\(ldd.stdout)")
        #expect(!ldd.stdout.contains("libFoundation"), "\(ldd.stdout)")
        #expect(!ldd.stdout.contains("not found"), "\(ldd.stdout)")
    }

    @Test(
        "a copy alone in an empty folder, with an empty HOME, runs --version, --generate-manual (the installed page), regions and list"
    )
    func runsAlone() async throws {
        let folder = home.path + "/alone"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let copy = folder + "/keyconsole"
        try FileManager.default.copyItem(atPath: installed, toPath: copy)
        let emptyHome = home.path + "/home"
        try FileManager.default.createDirectory(
            atPath: emptyHome, withIntermediateDirectories: true)
        // Nothing of the toolchain: no LD_LIBRARY_PATH, a PATH of the system's folders only.
        let environment = ["HOME": emptyHome, "PATH": "/usr/bin:/bin", "LANG": "C"]
        func run(_ arguments: [String]) async throws -> (
            status: Int32, stdout: String, stderr: String
        ) {
            try await KeyconsoleProcess.run(
                arguments, environment: environment, executable: URL(fileURLWithPath: copy))
        }
        let version = try await run(["--version"])
        #expect(version.status == 0, "\(version.stderr)")
        #expect(!version.stdout.isEmpty)
        // The man page travels in the binary: the very page `make install` installed.
        let page = try await run(["--generate-manual"])
        #expect(page.status == 0, "\(page.stderr)")
        let installedPage = try String(
            contentsOfFile: (Self.prefix ?? "") + "/share/man/man1/keyconsole.1", encoding: .utf8)
        #expect(
            page.stdout == installedPage,
            "the embedded page differs from make manual's: run make manual-source and commit")
        let regions = try await run(["regions"])
        #expect(regions.status == 0, "\(regions.stderr)")
        #expect(regions.stdout.contains("cell-4-us-west-2-1.prod.a.momentohq.com"))
        let list = try await run(["list", "--format", "json", "--sandbox", emptyHome + "/s.sqlite"])
        #expect(list.status == 0, "\(list.stderr)")
        let keys = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [Any]
        #expect(keys?.count == 12)
    }

    @Test(
        "the man page (no blank line, which is no mdoc) and the bash (no #!), zsh and fish completions are installed"
    )
    func manualAndCompletions() throws {
        let prefix = Self.prefix ?? ""
        let manual = try String(
            contentsOfFile: prefix + "/share/man/man1/keyconsole.1", encoding: .utf8)
        #expect(manual.contains(".Nm keyconsole") || manual.contains("keyconsole"))
        #expect(!manual.contains("\n\n"), "a blank line in mdoc: groff (and lintian) warn")
        for (path, marker) in [
            ("/share/bash-completion/completions/keyconsole", "complete"),
            ("/share/zsh/site-functions/_keyconsole", "#compdef keyconsole"),
            ("/share/fish/vendor_completions.d/keyconsole.fish", "complete -c 'keyconsole'"),
        ] {
            let text = try String(contentsOfFile: prefix + path, encoding: .utf8)
            #expect(text.contains(marker), "\(path)")
        }
        let bash = try String(
            contentsOfFile: prefix + "/share/bash-completion/completions/keyconsole",
            encoding: .utf8)
        #expect(!bash.hasPrefix("#!"), "bash-completion sources the script: no #! line")
    }
}
