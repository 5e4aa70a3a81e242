import Foundation

/// The user's home directory: `$HOME` when it is an absolute path (as shells expand `~`), else
/// the account's home from the password database.
public enum HomeDirectory {
    /// The home directory that `environment` gives.
    public static func path(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let home = environment["HOME"], home.hasPrefix("/") { return home }
        return NSHomeDirectory()
    }
}
