/// Why a sandbox could not be opened.
public enum SandboxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The database file could not be created, opened or migrated.
    case cannotOpen(path: String, reason: String)
    /// The file is not a keyconsole sandbox (another program's database, or no database): it
    /// is left as it is.
    case notASandbox(path: String, reason: String)
    /// The sandbox was made by a newer keyconsole.
    case newerSchema(path: String, schemaVersion: Int)

    /// A sentence for a person.
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "Cannot open the sandbox at \(path): \(reason). Use --sandbox PATH to choose another"
                + " file, or `keyconsole sandbox reset` to start over."
        case .notASandbox(let path, let reason):
            "\(path) is not a keyconsole sandbox: \(reason). keyconsole leaves it as it is; use"
                + " --sandbox PATH with a new file or an existing sandbox."
        case .newerSchema(let path, let version):
            "The sandbox at \(path) was made by a newer keyconsole (schema \(version); this one"
                + " knows up to \(SandboxMigrations.schemaVersion)). Upgrade keyconsole, or use"
                + " --sandbox PATH with another file."
        }
    }
}
