import Foundation
import KeySandbox
import MomentoKeys

/// Faults `keyconsole serve` injects so clients can be tested against a misbehaving API:
/// error statuses, delays, dropped connections and lost answers, each with a probability.
///
/// Written as `429:0.2,500:0.1,delay:300ms,drop:0.05,lose:0.01` (`delay:300ms:0.5` delays half
/// the requests). `seq:429/503/ok` gives the first requests these faults in order (`ok` for
/// none) before the random ones apply. One request can also ask for a fault with the header
/// `X-Keyconsole-Fault`: a status (`500`), `delay=300ms`, `drop` or `lose`.
///
/// For clients' own hostile-server tests, answers can also misbehave as Momento never does:
/// `same-token:1` (a list's `next_token` is always the same, so a client that follows it pages
/// forever), `dup-ids:0.5` (a list page repeats the ids of the page before), `redirect:0.1`
/// (307 to another port) and `slow-body:0.2` (the answer arrives a byte every 100 ms).
public struct FaultPlan: Sendable, Hashable {
    /// One kind of fault.
    public enum Fault: Sendable, Hashable {
        /// Answer with this status and an error body (429 adds `Retry-After: 1`).
        case status(Int)
        /// Wait this long before handling the request.
        case delay(Duration)
        /// Close the connection without answering or doing anything.
        case drop
        /// Carry the request out, then close the connection without answering.
        case lose
        /// A list page gives `next_token` `same`, whatever it was asked for.
        case sameToken
        /// A list page gives its first key twice.
        case duplicateIds
        /// Answer 307 to another port of this machine.
        case redirect
        /// Send the answer's body a byte every 100 ms.
        case slowBody
    }

    /// The `next_token` of the same-token fault (asked for, it lists from the start).
    public static let sameToken = "same-token"

    /// The answer misbehaviours, by name in `--faults` and the header.
    static let misbehaviours: [String: Fault] = [
        "same-token": .sameToken, "dup-ids": .duplicateIds, "redirect": .redirect,
        "slow-body": .slowBody,
    ]

    /// Faults with their probabilities, tried in order.
    public var entries: [(fault: Fault, probability: Double)]
    /// Faults for the first requests, in order; `nil` for a request left alone.
    public var sequence: [Fault?]

    /// No faults.
    public static let none = FaultPlan(entries: [])

    /// Whether the plan injects nothing.
    public var isEmpty: Bool { entries.isEmpty && sequence.isEmpty }

    /// Creates a plan.
    public init(entries: [(fault: Fault, probability: Double)], sequence: [Fault?] = []) {
        self.entries = entries
        self.sequence = sequence
    }

    /// The header that asks for a fault on one request.
    public static let headerName = "X-Keyconsole-Fault"

    /// Parses `--faults`.
    public init(parsing text: String) throws(FaultPlanError) {
        var entries: [(fault: Fault, probability: Double)] = []
        var sequence: [Fault?] = []
        for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) })
        where !item.isEmpty {
            let parts = item.split(separator: ":").map(String.init)
            switch parts.first {
            case "delay":
                guard parts.count >= 2, let delay = Self.parseDuration(parts[1]) else {
                    throw .invalid(item, "write delay:300ms or delay:2s, optionally :probability")
                }
                let probability = parts.count >= 3 ? try Self.probability(parts[2], item) : 1
                entries.append((.delay(delay), probability))
            case "drop", "lose":
                guard parts.count == 2 else { throw .invalid(item, "write \(parts[0]):0.05") }
                entries.append(
                    (parts[0] == "drop" ? .drop : .lose, try Self.probability(parts[1], item)))
            case let name? where Self.misbehaviours[name] != nil:
                guard parts.count == 2, let fault = Self.misbehaviours[name] else {
                    throw .invalid(item, "write \(name):0.5")
                }
                entries.append((fault, try Self.probability(parts[1], item)))
            case "seq":
                guard parts.count == 2 else { throw .invalid(item, "write seq:429/503/ok") }
                for step in parts[1].split(separator: "/").map(String.init) {
                    if step == "ok" {
                        sequence.append(nil)
                    } else if let fault = Self.fault(fromHeader: step) {
                        sequence.append(fault)
                    } else {
                        throw .invalid(item, "each step is a status, delay=300ms, drop, lose or ok")
                    }
                }
            default:
                guard parts.count == 2, let status = Int(parts[0]), (400...599).contains(status)
                else {
                    throw .invalid(item, "write STATUS:PROBABILITY, e.g. 429:0.2")
                }
                entries.append((.status(status), try Self.probability(parts[1], item)))
            }
        }
        self.entries = entries
        self.sequence = sequence
    }

    /// The fault one request's header asks for, if it names one.
    public static func fault(fromHeader value: String) -> Fault? {
        let value = value.trimmingCharacters(in: .whitespaces).lowercased()
        if value == "drop" { return .drop }
        if value == "lose" { return .lose }
        if let fault = misbehaviours[value] { return fault }
        if value.hasPrefix("delay=") {
            return parseDuration(String(value.dropFirst(6))).map { .delay($0) }
        }
        if let status = Int(value), (400...599).contains(status) { return .status(status) }
        return nil
    }

    /// `300ms`, `2s`, `1.5s`.
    static func parseDuration(_ text: String) -> Duration? {
        if text.hasSuffix("ms"), let value = Double(text.dropLast(2)), value >= 0 {
            return .milliseconds(value)
        }
        if text.hasSuffix("s"), let value = Double(text.dropLast(1)), value >= 0 {
            return .milliseconds(value * 1000)
        }
        return nil
    }

    private static func probability(_ text: String, _ item: String) throws(FaultPlanError) -> Double
    {
        guard let value = Double(text), (0...1).contains(value) else {
            throw .invalid(item, "a probability is a number from 0 to 1")
        }
        return value
    }

    public static func == (lhs: FaultPlan, rhs: FaultPlan) -> Bool {
        lhs.entries.map(\.fault) == rhs.entries.map(\.fault)
            && lhs.entries.map(\.probability) == rhs.entries.map(\.probability)
            && lhs.sequence == rhs.sequence
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries.map(\.fault))
        hasher.combine(entries.map(\.probability))
        hasher.combine(sequence)
    }
}

/// Why `--faults` could not be read.
public enum FaultPlanError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One item is not understood.
    case invalid(String, String)

    /// A sentence for a person.
    public var description: String {
        switch self {
        case .invalid(let item, let hint): "Cannot read the fault \"\(item)\": \(hint)."
        }
    }
}
