import Clocks
import Foundation
import KeySandbox
import KeySandboxServer
import Synchronization
import TestSupport
import Testing

@testable import MomentoKeys

/// The token bucket every request of the process waits on: the account's rate for the user,
/// a smaller share for background work, and a pause after a `Retry-After`.
@Suite("The request budget")
struct RequestBudgetTests {
    @Test("the user's requests: 5 at once, then one every 200 ms")
    func userPace() {
        let clock = TestClock()
        let budget = RequestBudget(rate: 5, backgroundRate: 2, clock: clock)
        let waits = (0..<8).map { _ in budget.reserve(.user) }
        #expect(waits.prefix(5).allSatisfy { $0 == .zero })
        #expect(waits.suffix(3) == [.milliseconds(200), .milliseconds(400), .milliseconds(600)])
    }

    @Test("background requests: one every 500 ms, never more than 2 in any second")
    func backgroundPace() async {
        let clock = TestClock()
        let budget = RequestBudget(rate: 5, backgroundRate: 2, clock: clock)
        let waits = (0..<5).map { _ in budget.reserve(.background) }
        #expect(
            waits == [.zero, .milliseconds(500), .seconds(1), .milliseconds(1500), .seconds(2)])
        // A minute later, at a steady pace: 2 a second.
        await clock.advance(by: .seconds(60))
        var sent = 0
        var last = Duration.zero
        while last <= .seconds(10) {
            last = budget.reserve(.background)
            sent += 1
        }
        #expect(sent == 1 + 20 + 1)
    }

    @Test("the user's requests go ahead of the background share: the background is capped")
    func userNotStarved() {
        let clock = TestClock()
        let budget = RequestBudget(rate: 5, backgroundRate: 2, clock: clock)
        _ = budget.reserve(.background)
        #expect(budget.reserve(.background) == .milliseconds(500))
        // Three tokens of the main bucket remain for the user.
        #expect(budget.reserve(.user) == .zero)
        #expect(budget.reserve(.user) == .zero)
        #expect(budget.reserve(.user) == .zero)
    }

    @Test("a Retry-After holds every request back for its time, then the usual pace resumes")
    func pause() {
        let clock = TestClock()
        let budget = RequestBudget(rate: 5, backgroundRate: 2, clock: clock)
        budget.pause(for: .seconds(2))
        #expect(budget.reserve(.user) == .milliseconds(2200))
        #expect(budget.reserve(.user) == .milliseconds(2400))
        #expect(budget.reserve(.background) >= .milliseconds(2500))
    }

    @Test("a huge Retry-After pauses 60 s at most; any rate, however small or large, is safe")
    func extremes() {
        let clock = TestClock()
        let budget = RequestBudget(rate: 5, backgroundRate: 2, clock: clock)
        budget.pause(for: .seconds(Int64.max / 2))
        #expect(budget.reserve(.user) == .milliseconds(60_200))
        for rate in [0, 1e-300, 1e-13, .infinity, .nan, 1e300] {
            let odd = RequestBudget(rate: rate, backgroundRate: rate, clock: clock)
            for _ in 0..<3 { #expect(odd.reserve(.background) <= .seconds(86400)) }
        }
    }

    @Test("every request of a client waits on the budget: 10 pages in the background take 4.5 s")
    func clientPaced() async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        for index in 0..<37 { _ = try await sandbox.issue(RoleID.viewer, description: "k\(index)") }
        let clock = ImmediateClock()
        let budget = RequestBudget(rate: 5, backgroundRate: 2, clock: clock)
        let start = clock.now
        let requests = RequestLog()
        try await sandbox.withClient(apiKey: owner.apiKey, requests: requests, budget: budget) {
            service in
            try await RequestBudget.$priority.withValue(.background) {
                var token: String?
                repeat {
                    token = try await service.listKeys(limit: 5, nextToken: token).nextToken
                } while token != nil
            }
        }
        #expect(requests.statuses("GET /api-keys").count == 10)
        #expect(start.duration(to: clock.now) == .milliseconds(4500))
    }

    @Test("a 429's Retry-After pauses the budget: the retry and the next request wait for it")
    func retryAfterPausesEveryone() async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        let clock = ImmediateClock()
        let budget = RequestBudget(rate: 5, backgroundRate: 2, clock: clock)
        let start = clock.now
        try await sandbox.withClient(
            apiKey: owner.apiKey, faults: try FaultPlan(parsing: "seq:429"), retryClock: clock,
            budget: budget
        ) { service in
            _ = try await service.listKeys(limit: 100, nextToken: nil)
            // Retry-After: 1 s waited by the retry, then a token at the usual pace.
            #expect(start.duration(to: clock.now) == .milliseconds(1200))
            _ = try await service.listRoles(type: nil, limit: nil, nextToken: nil)
            #expect(start.duration(to: clock.now) == .milliseconds(1400))
        }
    }

    @Test("a server's limit refuses past its burst, and a clock stepped back takes no tokens")
    func takeWithClockSteps() {
        let now = Mutex<Duration>(.seconds(100))
        let budget = RequestBudget(rate: 2) { now.withLock { $0 } }
        #expect(budget.take() == nil)
        #expect(budget.take() == nil)
        #expect(budget.take() == .milliseconds(500), "the third waits for its token")
        // The wall clock steps back an hour: no debt of 7,200 tokens, the next second refills.
        now.withLock { $0 = .seconds(100) - .seconds(3600) }
        #expect(budget.take() != nil)
        now.withLock { $0 += .seconds(1) }
        #expect(budget.take() == nil)
    }
}
