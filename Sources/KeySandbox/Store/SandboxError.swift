/// Why a sandbox could not be opened.
public enum SandboxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The database file could not be created, opened or migrated.
    case cannotOpen(path: String, reason: String)

    /// A sentence for a person.
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "Cannot open the sandbox at \(path): \(reason). Use --sandbox PATH to choose another"
                + " file, or `keyconsole sandbox reset` to start over."
        }
    }
}
