import Foundation
import ScreenModel
import Subprocess

/// The clipboard inside tmux: tmux's default options (`set-clipboard external`,
/// `allow-passthrough off`) drop an application's OSC 52, but `tmux load-buffer -w -` sets a
/// buffer and sends it on to the outer terminal's clipboard.
///
/// The text goes to tmux's standard input, never its arguments; tmux gets an environment of
/// its own (where its server is, and `PATH`), never the console's, which may hold the admin
/// key. A secret goes through a buffer of its own, deleted right after.
package struct TmuxClipboard: Sendable {
    /// The console's environment, for `TMUX` (tmux's socket) and `PATH`.
    package var environment: [String: String]

    /// The clipboard of the tmux that `environment` names.
    package init(environment: [String: String]) {
        self.environment = environment
    }

    /// The variables tmux is given: only what it needs to find its server (and, with
    /// `TMUX_PANE`, the client showing this pane, where `-w` sends the copy).
    package static let passedVariables = [
        "TMUX", "TMUX_PANE", "TMUX_TMPDIR", "PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE",
    ]

    /// Whether the console runs inside tmux.
    package var isInsideTmux: Bool { !(environment["TMUX"] ?? "").isEmpty }

    /// Sends `text` to tmux (and on to the terminal's clipboard); false when tmux failed,
    /// so the caller falls back to OSC 52. With `secret`, no tmux buffer keeps it.
    package func copy(_ text: String, secret: Bool) async -> Bool {
        guard isInsideTmux else { return false }
        let name = secret ? "keyconsole-\(UUID().uuidString.prefix(12))" : nil
        let loaded = await tmux(
            ["load-buffer"] + (name.map { ["-b", $0] } ?? []) + ["-w", "-"], input: text)
        if let name {
            // Whatever load-buffer did, the buffer must not outlive this call, even when the
            // console quits (cancelling this task) meanwhile: the delete runs detached.
            _ = await Task.detached { await tmux(["delete-buffer", "-b", name], input: nil) }.value
        }
        return loaded
    }

    private func tmux(_ arguments: [String], input: String?) async -> Bool {
        var variables: [Environment.Key: String] = [:]
        for name in Self.passedVariables {
            if let value = environment[name] {
                variables[Environment.Key(stringLiteral: name)] = value
            }
        }
        do {
            let result =
                if let input {
                    try await Subprocess.run(
                        .name("tmux"), arguments: Arguments(arguments),
                        environment: .custom(variables), input: .string(input),
                        output: .discarded, error: .discarded)
                } else {
                    try await Subprocess.run(
                        .name("tmux"), arguments: Arguments(arguments),
                        environment: .custom(variables), output: .discarded, error: .discarded)
                }
            return result.terminationStatus.isSuccess
        } catch {
            return false
        }
    }
}
