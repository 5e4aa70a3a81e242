/// A pane drawn over the list.
public enum Overlay: Sendable, Hashable {
    /// Every field of the selected key.
    case details
    /// Revoke the key, after typing the last four characters of its id.
    case revoke(RevokeDialog)
    /// Revoke every marked key, after typing how many there are.
    case bulkRevoke(BulkRevokeDialog)
    /// Choose the region (cell endpoint) for new keys.
    case regionPicker(RegionPicker)
    /// Create a key, or rotate one: role, description, expiry, review.
    case create(CreateDialog)
    /// The new key's plaintext, shown once.
    case secret(SecretPanel)
    /// After a rotation: revoke the old key now, or keep both.
    case rotateFinish(RotateFinish)
    /// The audit journal.
    case journal
    /// Pick the column the list is sorted by.
    case sortMenu(SortMenu)
    /// Pick the account a new key is created in (several accounts).
    case accountMenu(AccountMenu)
}
