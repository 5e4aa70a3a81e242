import Clocks
import ConsoleUI
import Foundation
import KeySandbox
import KeyconsoleCore
import Logging
import MomentoKeys
import ScreenModel
import TerminalIO
import TestSupport
import Testing

/// The runner over two accounts (two sandboxes): each account's effects reach its own
/// service, and a read-only account's keys are never changed.
@Suite("The console runner over several accounts", .timeLimit(.minutes(1)))
struct ConsoleRunnerAccountsTests {
    @Test(
        "a revoke reaches only its key's account; a read-only account's key is refused and unchanged"
    )
    func effectsReachTheirAccount() async throws {
        let prod = try await SandboxFixture.make()
        let staging = try await SandboxFixture.make()
        let stagingKeys = try await staging.store.listAllKeys()
        let prodKeys = try await prod.store.listAllKeys()
        let terminal = MemoryTerminal(width: 120, height: 40)
        let runner = SandboxRunner.make([
            ("prod", prod, readOnly: true), ("staging", staging, readOnly: false),
        ])
        let clock = TestClock<Duration>()
        async let stopped = runner.run(
            on: terminal, clock: clock,
            wall: .following(clock, from: Date(timeIntervalSince1970: 1_800_000_000)),
            timeZone: TimeZone(identifier: "UTC")!)
        let total = prodKeys.count + stagingKeys.count
        #expect(await terminal.screen(showing: "\(total) keys") != nil)
        // A, A: staging only; its first key revoked, typed as confirmed.
        terminal.type("AA")
        #expect(await terminal.screen(showing: "of \(total) shown") != nil)
        terminal.press(.character("d"))
        let dialog = await terminal.screen(showing: "to confirm")
        let id = try #require(
            dialog?.first { $0.contains("Key id") }?.split(separator: " ")
                .first { $0.count == 32 }.map(String.init))
        #expect(stagingKeys.contains { $0.keyId == id })
        terminal.type(String(id.suffix(4)))
        terminal.press(.enter)
        #expect(await terminal.screen(showing: "Revoked \(id)") != nil)
        #expect(try await staging.store.listAllKeys().count == stagingKeys.count - 1)
        #expect(try await prod.store.listAllKeys().count == prodKeys.count)
        // A: every account; then prod only, which is read-only: d changes nothing.
        terminal.type("AA")
        #expect(await terminal.screen(showing: "READ-ONLY prod") != nil)
        terminal.press(.character("d"))
        #expect(await terminal.screen(showing: "prod is read-only") != nil)
        #expect(try await prod.store.listAllKeys().count == prodKeys.count)
        terminal.press(.character("q"))
        #expect(await stopped == nil)
    }

    @Test(
        "a bulk revoke over two accounts: counts typed ahead never answer the next account's count before it is drawn"
    )
    func eachCountAfterItsPrompt() async throws {
        let prod = try await SandboxFixture.make()
        let staging = try await SandboxFixture.make()
        let before = (
            prod: try await prod.store.listAllKeys().count,
            staging: try await staging.store.listAllKeys().count
        )
        let terminal = MemoryTerminal(width: 120, height: 40)
        let runner = SandboxRunner.make([
            ("prod", prod, readOnly: false), ("staging", staging, readOnly: false),
        ])
        let clock = TestClock<Duration>()
        async let stopped = runner.run(
            on: terminal, clock: clock,
            wall: .following(clock, from: Date(timeIntervalSince1970: 1_800_000_000)),
            timeZone: TimeZone(identifier: "UTC")!)
        #expect(await terminal.screen(showing: "\(before.prod + before.staging) keys") != nil)
        // One key of each account marked (A narrows to one, then the next, then all).
        terminal.type("A")
        #expect(await terminal.screen(showing: "Account: prod only") != nil)
        terminal.type(" A")
        #expect(await terminal.screen(showing: "Account: staging only") != nil)
        terminal.type(" A")
        #expect(await terminal.screen(showing: "(2 marked)") != nil)
        terminal.press(.character("d"))
        #expect(await terminal.screen(showing: "Type 1 for prod (1 of 2):") != nil)
        // Both counts in one read: the second arrived before staging's prompt was drawn.
        terminal.press(.character("1"), .enter, .character("1"), .enter)
        #expect(await terminal.screen(showing: "Type 1 for staging (2 of 2):") != nil)
        #expect(try await prod.store.listAllKeys().count == before.prod)
        #expect(try await staging.store.listAllKeys().count == before.staging)
        terminal.press(.character("1"), .enter)
        #expect(await terminal.screen(showing: "Revoked 2 of 2") != nil)
        #expect(try await prod.store.listAllKeys().count == before.prod - 1)
        #expect(try await staging.store.listAllKeys().count == before.staging - 1)
        terminal.press(.escape, .character("q"))
        #expect(await stopped == nil)
    }
}
