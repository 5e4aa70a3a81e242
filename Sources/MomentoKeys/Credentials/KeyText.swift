/// The key in text someone hands over, in every form keyconsole writes or reads: the key
/// alone (quoted or not, or after `NAME=`), an env file (`MOMENTO_API_KEY=`, else
/// `MOMENTO_AUTH_TOKEN=`), or a Momento CLI profile (`[name]` with `api_key_v2=`, `api_key=`
/// or `token=`).
public enum KeyText {
    /// The names an env file gives a key, in the order they are read.
    public static let envNames = ["MOMENTO_API_KEY", "MOMENTO_AUTH_TOKEN"]

    /// The key an env file sets (`MOMENTO_API_KEY=`, else `MOMENTO_AUTH_TOKEN=`), if any.
    public static func envKey(in text: String) -> String? {
        let values = EnvFile(parsing: text).values
        return envNames.lazy.compactMap({ values[$0] }).first(where: { !$0.isEmpty })
    }

    /// The key `text` holds; `preference` picks between a profile's v1 and v2 entries.
    public static func key(in text: String, _ preference: CredentialEntry.Preference) -> String {
        if let key = envKey(in: text) { return key }
        if text.contains("["), let file = try? INIFile(parsing: text) {
            // The default profile first, then the others by name.
            let names = file.sections.keys.sorted {
                ($0 == "default" ? "" : $0) < ($1 == "default" ? "" : $1)
            }
            if let key = names.lazy.compactMap({
                CredentialEntry.key(in: file.sections[$0] ?? [:], preference)
            }).first {
                return key
            }
        }
        return V1Credential.unwrapped(text)
    }
}
