/// Draws the faults of a ``FaultPlan`` for each request, reproducibly from a seed.
actor FaultInjector {
    private let plan: FaultPlan
    private var random: SplitMix64
    private var sequence: ArraySlice<FaultPlan.Fault?>

    init(plan: FaultPlan, seed: UInt64) {
        self.plan = plan
        self.random = SplitMix64(seed: seed)
        self.sequence = plan.sequence[...]
    }

    /// The faults for the next request: the next step of the sequence while it lasts, else at
    /// most one delay, then at most one status, drop, lost answer or redirect, and any of the
    /// answer's misbehaviours.
    func draw() -> [FaultPlan.Fault] {
        if let step = sequence.popFirst() {
            return step.map { [$0] } ?? []
        }
        var faults: [FaultPlan.Fault] = []
        var delayed = false
        var failed = false
        for (fault, probability) in plan.entries {
            let roll = random.nextUnit()
            guard roll < probability else { continue }
            switch fault {
            case .delay where !delayed:
                delayed = true
                faults.insert(fault, at: 0)
            case .status, .drop, .lose, .redirect:
                if !failed {
                    failed = true
                    faults.append(fault)
                }
            case .sameToken, .duplicateIds, .slowBody:
                faults.append(fault)
            default:
                break
            }
        }
        return faults
    }
}

/// A small seeded generator (SplitMix64), so fault runs can be repeated.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<1.
    mutating func nextUnit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }
}
