import Foundation

/// A custom role's permissions as `GET /roles` gives them (Momento's roles HTTP API):
/// `{"rules": [...], "conditions": [...]}`, each rule a `type`, a `permissions` array and
/// selectors. Read for what it grants; anything else is kept as JSON, never dropped.
public struct PermissionSet: Sendable, Hashable {
    /// The JSON as it came.
    public let json: JSONValue

    /// The permission set of `json`.
    public init(_ json: JSONValue) { self.json = json }

    /// Whether it is in Momento's shape: an object with a `rules` array.
    public var readable: Bool {
        guard case .object(let fields) = json, case .array? = fields["rules"] else { return false }
        return true
    }

    /// The rules, each an object (others are shown as JSON).
    public var rules: [JSONValue] {
        guard case .object(let fields) = json, case .array(let rules)? = fields["rules"] else {
            return []
        }
        return rules
    }

    /// The permission words of a rule (`read`, `write`, `invoke`), lowercased.
    static func words(_ rule: JSONValue) -> [String] {
        guard case .object(let fields) = rule, case .array(let items)? = fields["permissions"]
        else { return [] }
        return items.compactMap { $0.text?.lowercased() }
    }

    /// Whether `value` is a list of words (the shape `permissions` has).
    static func isWordList(_ value: JSONValue) -> Bool {
        guard case .array(let items) = value else { return false }
        return items.allSatisfy { $0.text != nil }
    }

    /// A rule's type (`cache`, `auth_management`), if it has one.
    static func type(_ rule: JSONValue) -> String? {
        guard case .object(let fields) = rule, case .string(let type)? = fields["type"] else {
            return nil
        }
        return type
    }

    /// The permission words that only read.
    static let readWords: Set<String> = ["read", "list"]

    /// Whether any rule may write or invoke: only the `permissions` words count, never a
    /// selector's name (a cache named `prod-writer` grants nothing). A rule it cannot read
    /// (not an object, `permissions` not a list of words, a word other than `read` and
    /// `list`) counts as writing: a role is never ranked below what it may grant.
    public var writes: Bool {
        rules.contains { rule in
            guard case .object(let fields) = rule, case .array(let items)? = fields["permissions"]
            else { return true }
            return items.contains { item in
                guard let word = item.text?.lowercased() else { return true }
                return !Self.readWords.contains(word)
            }
        }
    }

    /// Whether it lets a key create and revoke keys: `auth_management` with `write`.
    public var managesKeys: Bool {
        rules.contains { Self.type($0) == "auth_management" && Self.words($0).contains("write") }
    }

    /// What it grants, one line per rule and condition, in words: `cache: read, write`, then
    /// its selectors (`caches: name prod-cache`, `items: key prefix user-`), `any` for `*`.
    /// Rules and fields it does not know are shown as their JSON.
    public var lines: [String] {
        guard case .object(let fields) = json else { return ["permissions: " + Self.compact(json)] }
        var out: [String] = []
        for rule in rules {
            guard case .object(let ruleFields) = rule, let type = Self.type(rule) else {
                out.append("rule: " + Self.compact(rule))
                continue
            }
            let words = Self.words(rule)
            var granted = words.isEmpty ? "(no permissions)" : words.joined(separator: ", ")
            // Permissions it cannot read as words are shown as they came.
            if let given = ruleFields["permissions"], !Self.isWordList(given) {
                granted = Self.compact(given)
            }
            out.append("\(type): " + granted)
            for name in ruleFields.keys.sorted() where name != "type" && name != "permissions" {
                out.append("  \(name): " + Self.selector(ruleFields[name]!))
            }
        }
        if case .array(let conditions)? = fields["conditions"] {
            for condition in conditions {
                if case .object(let condition) = condition,
                    case .object(let filter)? = condition["ip_filter"], condition.count == 1,
                    case .array(let ranges)? = filter["allowed_cidr_ranges"], filter.count == 1
                {
                    out.append(
                        "only from: "
                            + ranges.map { $0.text ?? Self.compact($0) }.joined(separator: ", "))
                } else {
                    out.append("condition: " + Self.compact(condition))
                }
            }
        }
        for name in fields.keys.sorted() where name != "rules" && name != "conditions" {
            out.append("\(name): " + Self.compact(fields[name]!))
        }
        if let rules = fields["rules"], !(rules.isArray) {
            // `rules` of another shape: shown as it came, never read as none.
            out.append("rules: " + Self.compact(rules))
        }
        if out.isEmpty { return ["(no rules)"] }
        // Bounded, whatever a server sends: 50 lines of at most 200 characters.
        var shown = out.prefix(Self.maxLines).map {
            $0.count > Self.maxLineLength ? String($0.prefix(Self.maxLineLength)) + "…" : $0
        }
        if out.count > Self.maxLines { shown.append("and \(out.count - Self.maxLines) more lines") }
        return shown
    }

    /// The most lines ``lines`` gives, and the longest.
    static let maxLines = 50
    static let maxLineLength = 200

    /// A selector in words: `any` for `"*"`, `name X`, `prefix X`, `key X`, `key prefix X`;
    /// anything else as JSON.
    static func selector(_ value: JSONValue) -> String {
        switch value {
        case .string("*"): return "any"
        case .object(let fields) where fields.count == 1:
            let (name, inner) = fields.first!
            guard case .string(let text) = inner else { return compact(value) }
            switch name {
            case "name": return "name \(text)"
            case "prefix": return "prefix \(text)"
            case "key": return "key \(text)"
            case "key_prefix": return "key prefix \(text)"
            default: return compact(value)
            }
        case .array(let items):
            return items.map(selector).joined(separator: "; ")
        default:
            return compact(value)
        }
    }

    /// JSON on one line, keys sorted (for values it does not read).
    static func compact(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "?" }
        return String(decoding: data, as: UTF8.self)
    }
}

extension JSONValue {
    /// The string, when it is one.
    var text: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// Whether it is an array.
    var isArray: Bool {
        if case .array = self { return true }
        return false
    }
}
