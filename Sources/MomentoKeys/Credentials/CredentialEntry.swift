/// The entries of a Momento CLI profile that hold a key: the one list of their names.
public enum CredentialEntry {
    /// Which kind of key a caller looks for first.
    public enum Preference: Sendable {
        /// A v2 key (`api_key_v2`), else a v1 one: what a profile is used with.
        case v2First
        /// A v1 key (`api_key`, `token`), else a v2 one: what a migration reads.
        case v1First
    }

    /// The v2 key's entry.
    public static let v2 = ["api_key_v2"]
    /// The v1 key's entries, as older CLIs wrote them.
    public static let v1 = ["api_key", "token"]

    /// The first non-empty key of `section`, in the order `preference` says.
    public static func key(in section: [String: String], _ preference: Preference) -> String? {
        let names = preference == .v2First ? v2 + v1 : v1 + v2
        return names.lazy.compactMap { section[$0] }.first { !$0.isEmpty }
    }
}
