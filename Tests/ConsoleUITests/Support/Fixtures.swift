import ConsoleUI
import Foundation
import MomentoKeys
import ScreenModel

/// A fixed account and clock for console tests.
enum Fixtures {
    /// 2026-11-22 12:00:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_795_348_800)

    static func key(
        _ id: String, _ role: String, _ description: String, issuedDaysAgo: Int64, expiresIn: Int64?
    ) -> ApiKeyInfo {
        let base = Int64(now.timeIntervalSince1970)
        return ApiKeyInfo(
            keyId: id, accountId: "acct-42", description: description, roleId: role,
            issuedAtEpochSeconds: base - issuedDaysAgo * 86400,
            expiresAtEpochSeconds: expiresIn.map { base + $0 })
    }

    static let keys: [ApiKeyInfo] = [
        key(
            "a1b2c3d4e5f60718293a4b5c6d7e8f90", RoleID.owner, "Temporary debugging session",
            issuedDaysAgo: 0, expiresIn: 12 * 60 + 5),
        key(
            "b2c3d4e5f60718293a4b5c6d7e8f90a1", RoleID.operator, "Nightly ETL job",
            issuedDaysAgo: 30, expiresIn: 42 * 60),
        key(
            "c3d4e5f60718293a4b5c6d7e8f90a1b2", "r-10077", "Staging deploy bot", issuedDaysAgo: 6,
            expiresIn: 5 * 3600),
        key(
            "d4e5f60718293a4b5c6d7e8f90a1b2c3", RoleID.viewer, "Grafana dashboards",
            issuedDaysAgo: 29, expiresIn: 20 * 3600),
        key(
            "e5f60718293a4b5c6d7e8f90a1b2c3d4", RoleID.operator, "CI pipeline (GitHub Actions)",
            issuedDaysAgo: 27, expiresIn: 3 * 86400),
        key(
            "f60718293a4b5c6d7e8f90a1b2c3d4e5", "r-10042", "Mobile app beta", issuedDaysAgo: 84,
            expiresIn: 6 * 86400),
        key(
            "0718293a4b5c6d7e8f90a1b2c3d4e5f6", RoleID.operator, "Payments service",
            issuedDaysAgo: 10, expiresIn: 80 * 86400),
        key(
            "18293a4b5c6d7e8f90a1b2c3d4e5f607", RoleID.viewer,
            "Analytics export \u{1B}[31mred\u{1B}[0m", issuedDaysAgo: 45, expiresIn: 45 * 86400),
        key(
            "293a4b5c6d7e8f90a1b2c3d4e5f60718", "r-10042", "Partner integration (Acme) 日本語",
            issuedDaysAgo: 20, expiresIn: 160 * 86400),
        key(
            "3a4b5c6d7e8f90a1b2c3d4e5f6071829", RoleID.owner, "Break-glass admin",
            issuedDaysAgo: 200, expiresIn: nil),
        key(
            "4b5c6d7e8f90a1b2c3d4e5f60718293a", RoleID.operator, "Legacy monolith",
            issuedDaysAgo: 400, expiresIn: nil),
        key(
            "5c6d7e8f90a1b2c3d4e5f60718293a4b", RoleID.viewer, "Old load test", issuedDaysAgo: 40,
            expiresIn: -2 * 86400),
    ]

    static let roles: [Role] =
        Role.system + [
            Role(roleId: "r-10042", roleName: "Cache Readers", roleType: .custom, description: ""),
            Role(roleId: "r-10077", roleName: "Deploy Bots", roleType: .custom, description: ""),
        ]

    /// A console with the fixture keys loaded.
    static func loaded(
        width: Int = 80, height: Int = 24, readOnly: Bool = false, ownKeyId: String? = nil,
        keys: [ApiKeyInfo] = keys
    ) -> ConsoleState {
        let backend = BackendInfo(
            kind: .sandbox(path: "~/.local/share/keyconsole/sandbox.sqlite"), ownKeyId: ownKeyId)
        var (state, _) = ConsoleUpdate.start(
            ConsoleState(backend: backend, readOnly: readOnly, now: now))
        for message: Msg in [
            .resized(width: width, height: height),
            .rolesLoaded(generation: state.rolesGeneration, roles: roles),
            .pageLoaded(generation: state.generation, keys: keys, more: false),
        ] {
            state = ConsoleUpdate.update(state, message).0
        }
        return state
    }

    /// Sends keys in order and returns the state and every effect.
    static func press(_ state: ConsoleState, _ keys: Key...) -> (ConsoleState, [Effect]) {
        var state = state
        var effects: [Effect] = []
        for key in keys {
            let (next, more) = ConsoleUpdate.update(state, .key(key))
            state = next
            effects += more
        }
        return (state, effects)
    }

    static func context(unicode: Bool = true, colors: Capabilities.Colors = .extended)
        -> ViewContext
    {
        ViewContext(
            capabilities: Capabilities(unicode: unicode, colors: colors),
            timeZone: TimeZone(identifier: "UTC")!)
    }
}
