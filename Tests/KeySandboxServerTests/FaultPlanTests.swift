import KeySandbox
import KeySandboxServer
import PropertyBased
import Testing

@testable import KeySandboxServer

@Suite("Fault plans")
struct FaultPlanTests {
    @Test("the documented example parses")
    func example() throws {
        let plan = try FaultPlan(parsing: "429:0.2,500:0.1,delay:300ms,drop:0.05,lose:0.01")
        #expect(
            plan.entries.map(\.fault) == [
                .status(429), .status(500), .delay(.milliseconds(300)), .drop, .lose,
            ])
        #expect(plan.entries.map(\.probability) == [0.2, 0.1, 1, 0.05, 0.01])
        #expect(try FaultPlan(parsing: "delay:2s:0.5").entries.first?.probability == 0.5)
        #expect(
            try FaultPlan(parsing: "seq:429/ok/drop/delay=10ms").sequence
                == [.status(429), nil, .drop, .delay(.milliseconds(10))])
        #expect(try FaultPlan(parsing: "").isEmpty)
    }

    @Test(
        "nonsense is refused with a hint",
        arguments: ["200:0.5", "500", "500:2", "delay:soon", "drop", "seq:maybe", "x:1"])
    func invalid(text: String) {
        #expect(throws: FaultPlanError.self) { try FaultPlan(parsing: text) }
    }

    @Test("draws follow the sequence, then the probabilities, reproducibly by seed")
    func draws() async throws {
        let always = FaultPlan(
            entries: [(.delay(.milliseconds(5)), 1), (.status(500), 1), (.drop, 1)],
            sequence: [nil, .status(429)])
        let injector = FaultInjector(plan: always, seed: 7)
        #expect(await injector.draw() == [])
        #expect(await injector.draw() == [.status(429)])
        #expect(await injector.draw() == [.delay(.milliseconds(5)), .status(500)])
        let half = FaultPlan(entries: [(.status(500), 0.5)])
        let first = FaultInjector(plan: half, seed: 42)
        let second = FaultInjector(plan: half, seed: 42)
        var a: [[FaultPlan.Fault]] = []
        var b: [[FaultPlan.Fault]] = []
        for _ in 0..<200 {
            a.append(await first.draw())
            b.append(await second.draw())
        }
        #expect(a == b)
        let failures = a.filter { !$0.isEmpty }.count
        #expect((60...140).contains(failures))
    }
}

@Suite("--faults, on random text")
struct FaultPlanPropertyTests {
    @Test("any text parses or is refused with a reason, never crashes")
    func anyText() async {
        let text = Gen<Character?>.element(
            of: Array("0123456789.,:/-=eqsdlayomrpk429501ok\u{0}\u{1B}é ") as [Character]
        ).map { $0! }.string(of: 0...40)
        await propertyCheck(input: text) { text in
            do throws(FaultPlanError) {
                let plan = try FaultPlan(parsing: text)
                #expect(plan.entries.allSatisfy { (0...1).contains($0.probability) })
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
    }
}
