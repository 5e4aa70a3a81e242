import Foundation

/// Bodies a broken or hostile peer might send instead of a valid one, drawn from a seed so
/// that a failure names the seed that repeats it: truncated, with bytes changed, of the wrong
/// shape, not JSON at all, nested a hundred thousand deep, or with a huge string.
public enum WireMutator {
    /// What was done to the valid body.
    public enum Kind: Int, CaseIterable, Sendable {
        case asIs, truncated, bytesChanged, otherShape, notJSON, deepNesting, typeSwapped
        case extraFields, hugeString
    }

    /// A body made from `valid` by the seed's mutation, and which mutation it was.
    public static func mutate(_ valid: String, seed: UInt64) -> (kind: Kind, bytes: [UInt8]) {
        var random = SplitMix(seed: seed)
        let kind = Kind.allCases[Int(random.next() % UInt64(Kind.allCases.count))]
        var bytes = Array(valid.utf8)
        switch kind {
        case .asIs:
            break
        case .truncated:
            bytes = Array(bytes.prefix(Int(random.next() % UInt64(max(bytes.count, 1)))))
        case .bytesChanged:
            for _ in 0...(random.next() % 5) where !bytes.isEmpty {
                bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(
                    truncatingIfNeeded: random.next())
            }
        case .otherShape:
            let shapes = [
                "[]", "{}", "null", "\"text\"", "42", "true", #"{"key_info": {}}"#,
                #"{"key_info": [1, 2]}"#, #"{"key_info": null}"#, #"{"roles": "none"}"#,
                #"{"api_key": 7, "key_info": []}"#, #"{"code": [], "message": {}}"#, "[{}]",
            ]
            bytes = Array(shapes[Int(random.next() % UInt64(shapes.count))].utf8)
        case .notJSON:
            bytes = (0..<(random.next() % 200)).map { _ in UInt8(truncatingIfNeeded: random.next())
            }
        case .deepNesting:
            let depth = 1000 + Int(random.next() % 100_000)
            let open = random.next() % 2 == 0 ? "[" : #"{"a":"#
            bytes = Array(String(repeating: open, count: depth).utf8)
        case .typeSwapped:
            let text = valid.replacingOccurrences(
                of: #"":\s*(\d+)"#, with: #"": "\#(random.next() % 1000)""#,
                options: .regularExpression)
            bytes = Array(text.replacingOccurrences(of: #"": ""#, with: #"": 1, "x": ""#).utf8)
        case .extraFields:
            guard bytes.first == UInt8(ascii: "{") else { break }
            bytes =
                Array(#"{"unknown": [1, {"deep": null}], "key_info2": 3, "#.utf8)
                + bytes.dropFirst()
        case .hugeString:
            let huge = String(
                repeating: "\\u00e9\\ud83d\\ude00", count: 5000 + Int(random.next() % 20000))
            bytes =
                Array(#"{"key_info": [], "next_token": ""#.utf8) + Array(huge.utf8)
                + Array("\"}".utf8)
        }
        return (kind, bytes)
    }

    /// SplitMix64: a small seeded generator.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }
}
