import Foundation
import Testing

@testable import MomentoKeys

/// A custom role's permissions in Momento's shape: what counts as writing and managing keys,
/// and the lines the details and `roles` show.
@Suite("Permission sets")
struct PermissionSetTests {
    static func rule(_ type: String, _ words: [String], _ extra: [String: JSONValue] = [:])
        -> JSONValue
    {
        var fields = extra
        fields["type"] = .string(type)
        fields["permissions"] = .array(words.map(JSONValue.string))
        return .object(fields)
    }

    static func set(_ rules: [JSONValue], conditions: [JSONValue]? = nil) -> JSONValue {
        var fields: [String: JSONValue] = ["rules": .array(rules)]
        if let conditions { fields["conditions"] = .array(conditions) }
        return .object(fields)
    }

    @Test("a selector's name never counts: a cache named prod-writer read-only is a reader")
    func selectorNames() {
        let readOnly = Self.set([
            Self.rule(
                "cache", ["read", "list"],
                ["caches": .object(["name": .string("prod-writer")]), "items": .string("*")])
        ])
        #expect(RoleRank(roleId: "r-1", permissions: readOnly) == .reader)
        #expect(!PermissionSet(readOnly).writes)
        let invokes = Self.set([Self.rule("function", ["invoke"])])
        #expect(RoleRank(roleId: "r-1", permissions: invokes) == .writer)
        // A word or a rule it cannot read ranks as writing, never lower.
        #expect(
            RoleRank(roleId: "r-1", permissions: Self.set([Self.rule("topic", ["publish"])]))
                == .writer)
        #expect(
            RoleRank(
                roleId: "r-1",
                permissions: Self.set([
                    .object(["type": .string("cache"), "permissions": .string("write")])
                ])
            ) == .writer)
        #expect(RoleRank(roleId: "r-1", permissions: Self.set([.string("odd")])) == .writer)
        // Not in Momento's shape: ranked as high as a custom role goes, never lower.
        #expect(
            RoleRank(roleId: "r-1", permissions: .object(["cache": .string("read")])) == .writer)
    }

    @Test("only auth_management write manages keys")
    func managesKeys() {
        #expect(
            PermissionSet(Self.set([Self.rule("auth_management", ["read", "write"])])).managesKeys)
        #expect(
            !PermissionSet(Self.set([Self.rule("auth_management", ["read", "list"])])).managesKeys)
        #expect(!PermissionSet(Self.set([Self.rule("cache", ["write"])])).managesKeys)
    }

    @Test("permissions it cannot read as words are shown as their JSON, not as none")
    func unreadablePermissions() {
        let set = Self.set([
            .object(["type": .string("cache"), "permissions": .string("write")]),
            .object(["type": .string("topic"), "permissions": .array([.number(1)])]),
        ])
        #expect(PermissionSet(set).lines == ["cache: \"write\"", "topic: [1]"])
    }

    @Test("lines are bounded: 50 of at most 200 characters, whatever the server sends")
    func bounded() {
        let many = Self.set(
            (0..<500).map { _ in Self.rule("cache", [String(repeating: "x", count: 1000)]) })
        let lines = PermissionSet(many).lines
        #expect(lines.count == 51)
        #expect(lines.last == "and 450 more lines")
        #expect(lines.allSatisfy { $0.count <= 201 })
    }

    @Test("lines: each rule's words and selectors, the IP ranges, unknown rules as their JSON")
    func lines() {
        let set = Self.set(
            [
                Self.rule(
                    "cache", ["read", "write"],
                    [
                        "caches": .object(["name": .string("deploy-state")]),
                        "items": .object(["key_prefix": .string("release-")]),
                    ]),
                Self.rule("topic", ["write"], ["topics": .object(["prefix": .string("deploys.")])]),
                .object([
                    "type": .string("vector_index"), "permissions": .array([.string("read")]),
                    "indexes": .string("*"),
                ]),
                .string("odd"),
            ],
            conditions: [
                .object([
                    "ip_filter": .object(["allowed_cidr_ranges": .array([.string("10.0.0.0/8")])])
                ]),
                .object(["time_window": .string("business-hours")]),
            ])
        #expect(
            PermissionSet(set).lines == [
                "cache: read, write", "  caches: name deploy-state", "  items: key prefix release-",
                "topic: write", "  topics: prefix deploys.", "vector_index: read", "  indexes: any",
                "rule: \"odd\"", "only from: 10.0.0.0/8",
                "condition: {\"time_window\":\"business-hours\"}",
            ])
    }
}
