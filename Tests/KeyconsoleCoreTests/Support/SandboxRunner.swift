import ConsoleUI
import Foundation
import KeyconsoleCore
import Logging
import MomentoKeys
import TerminalIO
import TestSupport

/// A console runner over sandboxes for tests: one account, or several (each sandbox an
/// account, named and read-only as given), with no journal, no cache and files in the first
/// sandbox's folder.
enum SandboxRunner {
    static func make(
        _ sandboxes: [(profile: String, fixture: SandboxFixture, readOnly: Bool)],
        readOnly: Bool = false
    ) -> ConsoleRunner {
        let accounts = sandboxes.map { profile, fixture, readOnly in
            ConsoleAccount(
                profile: profile,
                services: ServiceSwitch(service: fixture.store, baseURL: nil, factory: nil),
                audit: nil, readOnly: readOnly, ownKeyId: nil, endpoint: nil)
        }
        let folder = sandboxes[0].fixture.directory.path
        return ConsoleRunner(
            services: accounts[0].services, info: BackendInfo(kind: .sandbox(path: "x")),
            readOnly: readOnly, refreshInterval: 0,
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
            regions: RegionTable.bundled.regions, endpoint: nil, configPath: folder + "/config",
            credentialsPath: folder + "/credentials", clipboard: TmuxClipboard(environment: [:]),
            accounts: accounts.count > 1 ? accounts : [])
    }
}
