import KeyconsoleCore
import MomentoKeys
import Testing

@Suite("revoke: which key an id or prefix names")
struct RevokeMatchTests {
    static func key(_ id: String, _ description: String) -> ApiKeyInfo {
        ApiKeyInfo(
            keyId: id, accountId: "a", description: description, roleId: "r-operator",
            issuedAtEpochSeconds: 0, expiresAtEpochSeconds: nil)
    }

    static let keys = [
        key("267a490c11111111aaaaaaaaaaaaaaaa", "CI"),
        key("267a490c22222222bbbbbbbbbbbbbbbb", "ETL\u{1B}[2J"),
        key("9b094da7cccccccccccccccccccccccc", "dashboards"),
    ]
    static let names = ["r-operator": "Operator"]

    /// The error text of a refused match.
    func refusal(_ argument: String) -> String {
        do {
            let key = try KeyMatcher.match(argument, in: Self.keys, roleNames: Self.names)
            Issue.record("expected \(argument) to be refused, got \(key.keyId)")
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test("an exact id or a unique prefix of 8 or more characters names one key")
    func unique() throws {
        #expect(
            try KeyMatcher.match("9b094da7", in: Self.keys, roleNames: Self.names).description
                == "dashboards")
        #expect(
            try KeyMatcher.match("267a490c2", in: Self.keys, roleNames: Self.names).description
                == "ETL\u{1B}[2J")
        #expect(
            try KeyMatcher.match(Self.keys[0].keyId, in: Self.keys, roleNames: Self.names)
                == Self.keys[0])
    }

    @Test("an ambiguous prefix is refused, listing every match, inert")
    func ambiguous() {
        let message = refusal("267a490c")
        #expect(message.contains("matches 2 keys"))
        #expect(message.contains("267a490c11111111aaaaaaaaaaaaaaaa  Operator  CI"))
        #expect(message.contains("267a490c22222222bbbbbbbbbbbbbbbb  Operator  ETL\u{FFFD}[2J"))
        #expect(!message.unicodeScalars.contains("\u{1B}"))
    }

    @Test("a prefix under 8 characters or matching nothing is refused")
    func refused() {
        #expect(refusal("267a490").contains("at least 8 characters"))
        #expect(refusal("deadbeef").contains("No key's id is or starts with deadbeef"))
    }
}
