import MomentoKeys

/// The one showing of a new key's plaintext: masked until `v`, copied with `c`, written with
/// `w`, and closed only once the user confirms it is stored.
public struct SecretPanel: Sendable, Hashable {
    /// What the panel is doing.
    public enum Mode: Sendable, Hashable {
        /// Showing the key.
        case showing
        /// Asking for a file to write the key to.
        case writing(SecretFileForm)
        /// Asking whether the key is stored, before closing.
        case confirmingClose
        /// Choosing the endpoint a file needs (env or profile), then back to the form.
        case pickingEndpoint(RegionPicker, SecretFileForm)
        /// Choosing one of the config's secret stores (the index of the one highlighted).
        case choosingStore(Int)
        /// Asking whether the endpoint just chosen for a file is the console's region too.
        case askingRegion(String, SecretFileForm)
        /// Saying, before the key goes by OSC 52, that the way may drop or keep it.
        case confirmingCopy
    }

    /// The new key, with its plaintext and refresh token.
    public var created: CreatedKey
    /// The endpoint to use with it (from the selected region), when one is known.
    public var endpoint: String?
    /// The key this one replaces, when it came from a rotation.
    public var rotatedFrom: ApiKeyInfo?
    /// The v1 key this one replaces, when it came from a migration.
    public var migratedFrom: V1Credential?
    /// Whether the plaintext is shown in full.
    public var revealed = false
    public var mode = Mode.showing
    /// What has been done with the key so far (copied, written to a file).
    public var stored: [String] = []
    /// Why the last action failed.
    public var error: String?
    /// The secret stores of the config file, by name.
    public var storeNames: [String]
    /// The store a request is out to, while it runs.
    public var storing: String?
    /// Whether a store took the key: then closing asks nothing.
    public var storedInStore = false
    /// Why the config's stores could not be read, if they could not.
    public var storeProblem: String?
    /// Whether the key is the sandbox's: never written as a profile aimed at Momento.
    public var fromSandbox = false
    /// Whether `c` sends the key by OSC 52 (then it asks first).
    public var copiesByOSC52 = false

    /// A panel for a key just created.
    public init(
        created: CreatedKey, endpoint: String?, rotatedFrom: ApiKeyInfo? = nil,
        storeNames: [String] = []
    ) {
        self.created = created
        self.endpoint = endpoint
        self.rotatedFrom = rotatedFrom
        self.storeNames = storeNames
    }
}

/// Where and how to write the key: a path, a format, a profile name for the CLI format.
public struct SecretFileForm: Sendable, Hashable {
    /// The fields, in Tab order.
    public enum Field: Sendable, Hashable {
        case path, format, profile
    }

    public var path = LineEditor(limit: 4096)
    public var format = SecretFileFormat.raw
    public var profile = LineEditor("default", limit: 64)
    public var field = Field.path

    /// A form with nothing typed.
    public init() {}

    /// The fields shown for the format chosen.
    public var fields: [Field] {
        format == .momentoProfile ? [.path, .format, .profile] : [.path, .format]
    }
}

/// A request to send a new key to a secret store, for the runner.
public struct SecretStoreRequest: Sendable, Hashable {
    /// The store's name in the config file.
    public var store: String
    public var key: Secret
    public var keyInfo: ApiKeyInfo
    public var roleName: String
    public var endpoint: String?

    /// Creates a value.
    public init(
        store: String, key: Secret, keyInfo: ApiKeyInfo, roleName: String, endpoint: String?
    ) {
        self.store = store
        self.key = key
        self.keyInfo = keyInfo
        self.roleName = roleName
        self.endpoint = endpoint
    }
}

/// A request to write a new key to a file, for the runner.
public struct SecretFileRequest: Sendable, Hashable {
    /// Where, as typed (`~` is the home directory).
    public var path: String
    public var format: SecretFileFormat
    public var key: Secret
    public var endpoint: String?
    public var profileName: String

    /// Creates a value.
    public init(
        path: String, format: SecretFileFormat, key: Secret, endpoint: String?, profileName: String
    ) {
        self.path = path
        self.format = format
        self.key = key
        self.endpoint = endpoint
        self.profileName = profileName
    }
}
