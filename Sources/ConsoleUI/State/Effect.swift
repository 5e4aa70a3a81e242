import Foundation
import MomentoKeys

/// Work `update` asks the runner to do.
public enum Effect: Sendable, Hashable {
    /// Load every key, page by page, sending `pageLoaded` or `loadFailed` with `generation`;
    /// `background` for an automatic refresh, which gets the smaller share of the rate limit.
    /// With several accounts, `account` says whose.
    case loadKeys(generation: Int, background: Bool = false, account: Int? = nil)
    /// Save a complete list, complete at `at`, for the next start (metadata only).
    case cacheList(keys: [ApiKeyInfo], roleNames: [String: String], at: Date, account: Int? = nil)
    /// Load the roles, sending `rolesLoaded` with `generation`.
    case loadRoles(generation: Int, account: Int? = nil)
    /// Put text on the clipboard (OSC 52).
    case copyToClipboard(String)
    /// Revoke the key, sending `revoked` or `revokeFailed`.
    case revoke(keyId: String)
    /// Revoke these keys one after another, as fast as the request budget allows, sending `revoked` or
    /// `revokeFailed` for each, then `bulkRevokeFinished`.
    case revokeMany(keyIds: [String])
    /// Use this endpoint from now on (switching between the prod and preprod key API when it
    /// calls for it) and save it in the config file (`saveFailed` when it cannot).
    case saveEndpoint(String)
    /// Create a key, sending `created` or `createFailed`. Never retried. With several
    /// accounts, `account` says in which; `policyOverride` is an Owner's reason for a key
    /// the key policy does not allow, for the journal.
    case createKey(CreateKeyRequest, account: Int? = nil, policyOverride: String? = nil)
    /// Create the v2 replacement of a v1 key used with `endpoint`, as `createKey` does; the
    /// journal names the v1 key it `replaces` (its id, when it has one). With several
    /// accounts, `account` says in which.
    case migrateKey(
        CreateKeyRequest, endpoint: String, replaces: String?, account: Int? = nil,
        policyOverride: String? = nil)
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
        oldKeyId: String, newKeyId: String, description: String, overlapSeconds: Int64?,
        account: Int? = nil)
    /// Repaint the whole terminal from nothing, so no trace of a secret stays on it.
    case clearScreen
    /// Give the terminal back and stop the process until it is continued (`fg`), then take
    /// the terminal again and repaint it whole.
    case suspend
}
