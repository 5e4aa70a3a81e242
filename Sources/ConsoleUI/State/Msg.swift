import Foundation
import MomentoKeys
import ScreenModel

/// Everything that can happen to the console.
public enum Msg: Sendable, Hashable {
    /// A key was pressed.
    case key(Key)
    /// Time passed; the runner sends the current time.
    case tick(Date)
    /// The terminal has a new size.
    case resized(width: Int, height: Int)
    /// Keys of load `generation` arrived, in `pages` pages; `more` when pages remain. With
    /// several accounts, `account` says whose.
    case pageLoaded(
        generation: Int, keys: [ApiKeyInfo], more: Bool, pages: Int = 1, account: Int? = nil)
    /// Load `generation` has something to say that is no failure (the API listed a key
    /// twice).
    case loadWarning(generation: Int, message: String, account: Int? = nil)
    /// Load `generation` failed.
    case loadFailed(generation: Int, message: String, account: Int? = nil)
    /// The account's roles arrived, for the roles request `generation`.
    case rolesLoaded(generation: Int, roles: [Role], account: Int? = nil)
    /// A key was revoked.
    case revoked(keyId: String)
    /// Revoking a key failed (a 404 means it was already gone).
    case revokeFailed(keyId: String, error: KeyServiceError)
    /// A bulk revoke has ended.
    case bulkRevokeFinished
    /// Saving the chosen endpoint failed.
    case saveFailed(String)
    /// A key was created; its plaintext is in `created`.
    case created(CreatedKey)
    /// Creating a key failed; nothing was created.
    case createFailed(KeyServiceError)
    /// The new key was written to this file.
    case secretWritten(path: String)
    /// The new key was added as profile `name` to the credentials file at `path`.
    case profileAppended(path: String, name: String)
    /// Writing the new key to a file failed, for this reason.
    case secretWriteFailed(String)
    /// The audit journal, read anew.
    case journalLoaded([JournalLine])
    /// The overlap of a rotation that kept both keys could not be saved, for this reason.
    case rotationNotSaved(oldKeyId: String, reason: String)
    /// A store ran: what it said ("stored in aws-prod (exit 0)", or why not).
    case secretStored(store: String, summary: String, succeeded: Bool)
}
