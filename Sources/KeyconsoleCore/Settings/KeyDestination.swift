import MomentoKeys

/// Where a command sends a new key: a new 0600 file, a secret store of the config, or stdout.
package struct KeyDestination: Sendable {
    /// The new file to write the key to (`--output`).
    package var output: String?
    /// The file's format (`--output-format`).
    package var outputFormat: SecretFileFormat
    /// The profile name for the momento-profile format (`--profile-name`).
    package var profileName: String
    /// The secret store of the config to send the key to (`--store`).
    package var store: String?
    /// Revoke the new key when the store fails (`--revoke-if-unstored`).
    package var revokeIfUnstored: Bool
    /// `--format json`: one object on stdout says what was made (with the key only when the
    /// key goes to stdout), instead of prose on stderr.
    package var json = false

    /// A destination as given; by default stdout, raw.
    package init(
        output: String? = nil, outputFormat: SecretFileFormat = .raw,
        profileName: String = "default", store: String? = nil, revokeIfUnstored: Bool = false
    ) {
        self.output = output
        self.outputFormat = outputFormat
        self.profileName = profileName
        self.store = store
        self.revokeIfUnstored = revokeIfUnstored
    }
}
