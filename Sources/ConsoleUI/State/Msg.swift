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
    /// Keys of load `generation` arrived, in `pages` pages; `more` when pages remain.
    case pageLoaded(generation: Int, keys: [ApiKeyInfo], more: Bool, pages: Int = 1)
    /// Load `generation` has something to say that is no failure (the API listed a key
    /// twice).
    case loadWarning(generation: Int, message: String)
    /// Load `generation` failed.
    case loadFailed(generation: Int, message: String)
    /// The account's roles arrived, for the roles request `generation`.
    case rolesLoaded(generation: Int, roles: [Role])
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

/// Work `update` asks the runner to do.
public enum Effect: Sendable, Hashable {
    /// Load every key, page by page, sending `pageLoaded` or `loadFailed` with `generation`;
    /// `background` for an automatic refresh, which gets the smaller share of the rate limit.
    case loadKeys(generation: Int, background: Bool = false)
    /// Save a complete list, complete at `at`, for the next start (metadata only).
    case cacheList(keys: [ApiKeyInfo], roleNames: [String: String], at: Date)
    /// Load the roles, sending `rolesLoaded` with `generation`.
    case loadRoles(generation: Int)
    /// Put text on the clipboard (OSC 52).
    case copyToClipboard(String)
    /// Revoke the key, sending `revoked` or `revokeFailed`.
    case revoke(keyId: String)
    /// Revoke these keys one after another, at most 5 a second, sending `revoked` or
    /// `revokeFailed` for each, then `bulkRevokeFinished`.
    case revokeMany(keyIds: [String])
    /// Use this endpoint from now on (switching between the prod and preprod key API when it
    /// calls for it) and save it in the config file (`saveFailed` when it cannot).
    case saveEndpoint(String)
    /// Create a key, sending `created` or `createFailed`. Never retried.
    case createKey(CreateKeyRequest)
    /// Create the v2 replacement of a v1 key used with `endpoint`, as `createKey` does.
    case migrateKey(CreateKeyRequest, endpoint: String)
    /// Put a new key's plaintext on the clipboard (OSC 52).
    case copySecret(Secret)
    /// Write a new key to a new file (mode 0600, never overwriting), sending `secretWritten`
    /// or `secretWriteFailed`.
    case writeSecret(SecretFileRequest)
    /// Read the audit journal.
    case loadJournal
    /// Send the new key to a secret store (its command, the key on stdin).
    case storeSecret(SecretStoreRequest)
    /// A rotation ended: the old key revoked (`overlapSeconds` nil) or kept that long.
    case rotationFinished(
        oldKeyId: String, newKeyId: String, description: String, overlapSeconds: Int64?)
    /// Repaint the whole terminal from nothing, so no trace of a secret stays on it.
    case clearScreen
    /// Give the terminal back and stop the process until it is continued (`fg`), then take
    /// the terminal again and repaint it whole.
    case suspend
    /// Restore the terminal and exit.
    case quit
}
