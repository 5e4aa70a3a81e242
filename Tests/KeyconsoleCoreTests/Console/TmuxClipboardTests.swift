import Foundation
import KeyconsoleCore
import TestSupport
import Testing

/// The tmux clipboard against a stand-in `tmux` that records what it is given.
@Suite("Copying through tmux")
struct TmuxClipboardTests {
    let folder = TemporaryDirectory()

    /// A `tmux` that appends its arguments, environment and standard input to `log`.
    private func fakeTmux(exit status: Int = 0) throws -> (bin: String, log: String) {
        let bin = folder.path + "/bin"
        let log = folder.path + "/tmux.log"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let script = """
            #!/bin/sh
            { printf 'ARGS:'; for a in "$@"; do printf ' %s' "$a"; done; printf '\\n'
              env | sort | sed 's/^/ENV:/'
              printf 'STDIN:'; cat; printf '\\n'; } >> '\(log)'
            exit \(status)
            """
        _ = FileManager.default.createFile(
            atPath: bin + "/tmux", contents: Data(script.utf8),
            attributes: [.posixPermissions: 0o700])
        return (bin, log)
    }

    private func environment(_ bin: String) -> [String: String] {
        [
            "TMUX": "/tmp/tmux-1/default,1,0", "TMUX_PANE": "%3", "PATH": bin + ":/usr/bin:/bin",
            "MOMENTO_API_KEY": "admin-key-never-passed", "HOME": folder.path,
        ]
    }

    @Test(
        "a secret goes on tmux's standard input to a buffer of its own, deleted right after; tmux never sees the admin key"
    )
    func secretCopy() async throws {
        let (bin, log) = try fakeTmux()
        let clipboard = TmuxClipboard(environment: environment(bin))
        let secret = "eyJ.secret-of-the-new-key.sig"
        #expect(await clipboard.copy(secret, secret: true))
        let text = try String(contentsOfFile: log, encoding: .utf8)
        let calls = text.split(separator: "ARGS:", omittingEmptySubsequences: true)
        #expect(calls.count == 2, "\(text)")
        let load = try #require(calls.first)
        let name = try #require(
            load.split(separator: "\n").first?.split(separator: " ").dropFirst(2).first)
        #expect(load.hasPrefix(" load-buffer -b \(name) -w -\n"), "\(load)")
        #expect(name.hasPrefix("keyconsole-"))
        #expect(load.contains("STDIN:\(secret)"))
        #expect(calls.last?.hasPrefix(" delete-buffer -b \(name)\n") == true)
        // Arguments never hold it; the environment is tmux's own, without the admin key.
        #expect(
            !text.split(separator: "\n").filter { !$0.hasPrefix("STDIN:") }.contains {
                $0.contains(secret)
            })
        #expect(!text.contains("MOMENTO_API_KEY") && !text.contains("admin-key-never-passed"))
        #expect(text.contains("ENV:TMUX_PANE=%3") && text.contains("ENV:TMUX=/tmp/tmux-1"))
    }

    @Test("a key id goes to tmux's unnamed buffer; a failing tmux reports false (OSC 52 then)")
    func idCopyAndFailure() async throws {
        let (bin, log) = try fakeTmux()
        #expect(await TmuxClipboard(environment: environment(bin)).copy("key-1", secret: false))
        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(text.hasPrefix("ARGS: load-buffer -w -\n") && text.contains("STDIN:key-1"))
        let failing = try fakeTmux(exit: 1)
        #expect(
            !(await TmuxClipboard(environment: environment(failing.bin)).copy("k", secret: false)))
        // Outside tmux it does nothing.
        #expect(!(await TmuxClipboard(environment: [:]).copy("k", secret: false)))
    }
}
