/// Where the keys go: the list, a pane, or one step of a dialog. Each has its own keymap.
public enum KeyContext: String, Sendable, Hashable, CaseIterable {
    case list, filter, details, help
    case createForm, createText, createCustomExpiry, createReview, rotateReview, creating
    case migratePaste, migrateReview
    case secret, secretRevealed, secretWriteText, secretWriteFormat, secretClose, secretStore
    case secretRegion, secretCopy
    case revoke, bulkRevoke, bulkRevoking, bulkRevokeDone
    case picker, pickerCustom, rotateFinish, journal, sortMenu, accountMenu

    /// Whether a text field has focus: keys the table does not bind go to its line editor,
    /// so letters (and `?`) are typed.
    public var hasTextField: Bool {
        switch self {
        case .filter, .createText, .createCustomExpiry, .secretWriteText, .revoke, .bulkRevoke,
            .picker, .pickerCustom, .migratePaste:
            true
        default:
            false
        }
    }

    /// Whether it confirms something that cannot be taken back (a create, a revoke, the end of
    /// a rotation, a migration, closing or storing a new key): keys that arrived before it was
    /// drawn, and keys behind a paste, never reach it.
    public var isConfirmation: Bool {
        switch self {
        case .createReview, .rotateReview, .migrateReview, .revoke, .bulkRevoke, .rotateFinish,
            .secretClose, .secretStore, .secretRegion, .secretCopy:
            true
        default:
            false
        }
    }

    /// What the help calls it.
    public var title: String {
        switch self {
        case .list: "the key list"
        case .filter: "the filter"
        case .details: "the key's details"
        case .help: "the help"
        case .createForm, .createText, .createCustomExpiry: "the new key's form"
        case .createReview: "the new key's review"
        case .rotateReview: "the rotation's review"
        case .creating: "a key being created"
        case .migratePaste: "pasting the v1 key to migrate"
        case .migrateReview: "the migration's review"
        case .secret, .secretRevealed: "the new key"
        case .secretWriteText, .secretWriteFormat: "writing the new key to a file"
        case .secretClose: "closing the new key"
        case .secretStore: "sending the new key to a secret store"
        case .secretRegion: "keeping a file's endpoint as the console's region"
        case .secretCopy: "sending the new key by OSC 52"
        case .revoke: "revoking a key"
        case .bulkRevoke: "revoking the marked keys"
        case .bulkRevoking: "a bulk revoke under way"
        case .bulkRevokeDone: "a finished bulk revoke"
        case .picker: "the region picker"
        case .pickerCustom: "a custom endpoint"
        case .rotateFinish: "the end of a rotation"
        case .journal: "the audit journal"
        case .sortMenu: "the sort menu"
        case .accountMenu: "the new key's account"
        }
    }
}
