import Foundation
import MomentoKeys

/// Shell completions of key ids and role names, from the console's cache of the account the
/// command line names: a file read, never a request (a completion must answer at once, and
/// offline). Only words a shell takes as plain text are offered: bash's `compgen -W`, which
/// ArgumentParser's script uses, expands `$(...)` in them, so a role name from a server could
/// otherwise run a command.
package struct CachedCompletion {
    /// The connection options of the command line so far.
    package var settings: ConnectionSettings
    /// The environment the command would run in.
    package var environment: [String: String]

    /// The completion of the command line `words` (the shell's words, as ArgumentParser gives
    /// them) in `environment`.
    package init(
        words: [String], environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.environment = environment
        settings = ConnectionSettings(
            profile: Self.value(of: "--profile", in: words),
            apiURL: Self.value(of: "--api-url", in: words),
            region: Self.value(of: "--region", in: words),
            sandboxPath: Self.value(of: "--sandbox", in: words))
    }

    /// The value of `option` in `words` (`--option value` or `--option=value`; the last one).
    static func value(of option: String, in words: [String]) -> String? {
        var found: String?
        for (index, word) in words.enumerated() {
            if word == option, index + 1 < words.count {
                found = words[index + 1]
            } else if word.hasPrefix(option + "=") {
                found = String(word.dropFirst(option.count + 1))
            }
        }
        return found
    }

    /// The saved list of the account, when there is one.
    private var snapshot: KeyCache.Snapshot? {
        BackendResolver(options: settings, environment: environment)
            .cache(folder: XDGDirectories(environment: environment).cache)?.load()
    }

    /// The ids of the account's keys, as the cache last listed them.
    package func keyIds() -> [String] {
        Self.plain(snapshot?.keys.map(\.keyId) ?? [])
    }

    /// Momento's three roles, then the account's own roles from the cache: by name, or by id
    /// where the name is not plain text (`Cache Readers` is offered as `r-10042`).
    package func roleNames() -> [String] {
        let system = Role.system.map(\.roleName)
        let custom = (snapshot?.roleNames ?? [:]).filter { !system.contains($0.value) }
            .sorted { ($0.value, $0.key) < ($1.value, $1.key) }
            .map { id, name in Self.plain([name]).first ?? id }
        return system + Self.plain(custom)
    }

    /// The profiles of Momento CLI's credentials file.
    package func profileNames() -> [String] {
        Self.plain(
            CredentialResolver(
                environment: environment,
                homeDirectory: XDGDirectories.home(environment: environment)
            ).profileNames())
    }

    /// The words made only of characters no shell expands or splits: letters, digits and
    /// `-_.:@+/=` (and not starting with `-`, `=` or `@`). The others are left out.
    package static func plain(_ words: [String]) -> [String] {
        words.filter { word in
            guard let first = word.unicodeScalars.first, !"-=@".unicodeScalars.contains(first)
            else { return false }
            return word.unicodeScalars.allSatisfy {
                ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
                    || "-_.:@+/=".unicodeScalars.contains($0)
            }
        }
    }
}
