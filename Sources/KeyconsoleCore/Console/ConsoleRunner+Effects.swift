import ConsoleUI
import Foundation
import Logging
import MomentoKeys
import ScreenModel
import TerminalIO
import TextKit

/// The effects that reach beyond the terminal: the key service, files, the journal and the
/// secret stores. Each posts its answers as messages; the loop (``ConsoleRunner``) starts them.
extension ConsoleRunner {
    /// Loads the roles, posting them (a failure is logged: the names stay ids).
    func loadRoles(_ generation: Int, account: Int?, post: @Sendable (Msg) -> Void) async {
        do throws(KeyServiceError) {
            let roles = try await services(account).service.allRoles()
            post(.rolesLoaded(generation: generation, roles: roles, account: account))
        } catch {
            logger.warning("listing roles failed", metadata: ["error": "\(error)"])
        }
    }

    /// Revokes the keys one after another, paced by the one request budget of the service
    /// (the account's limit, or --rate-limit): no pace of the console's own.
    func revokeMany(_ keys: [(String, ListedKey?, Int?)], post: @Sendable (Msg) -> Void) async {
        for (keyId, listed, account) in keys {
            guard !Task.isCancelled else { return }
            await revoke(keyId, listed: listed, account: account, post: post)
        }
        post(.bulkRevokeFinished)
    }

    /// Sends a new key to a secret store, posting the outcome and the journal.
    func store(_ request: SecretStoreRequest, account: Int?, post: @Sendable (Msg) -> Void) async {
        guard let audit = audit(account) else { return }
        post(await audit.store(request))
        post(.journalLoaded(audit.lines()))
    }

    /// Records how a rotation ended; an overlap that could not be saved is said.
    func rotationFinished(
        oldKeyId: String, newKeyId: String, description: String, overlapSeconds: Int64?,
        account: Int? = nil, now: Date, post: @Sendable (Msg) -> Void
    ) {
        let audit = audit(account)
        if let failure = audit?.rotationFinished(
            oldKeyId: oldKeyId, newKeyId: newKeyId, description: description,
            overlapSeconds: overlapSeconds, now: now)
        {
            logger.warning("the overlap was not saved", metadata: ["error": "\(failure)"])
            post(.rotationNotSaved(oldKeyId: oldKeyId, reason: failure))
        }
        if let audit { post(.journalLoaded(audit.lines())) }
    }

    /// audited create, posting the outcome.
    func create(
        _ request: CreateKeyRequest, _ create: AuditedCreate, account: Int? = nil,
        post: @Sendable (Msg) -> Void
    ) async {
        guard account != nil || accounts.count <= 1 else {
            return post(.createFailed(.unknownAccount))
        }
        guard !isReadOnly(account) else { return post(.createFailed(.readOnly)) }
        let service = services(account).service
        let audit = audit(account)
        do throws(KeyServiceError) {
            let created = try await create.run(
                request, service: service, audit: audit?.audit, logger: logger)
            post(.created(created))
            if let audit { post(.journalLoaded(audit.lines())) }
        } catch {
            post(.createFailed(error))
        }
    }

    /// Loads every key through the one paging path (``KeyPages``, with its guards), posting
    /// the pages as they arrive: at most ten times a second, so a fast backend's pages are
    /// posted together and the list is indexed once, not per page. Room for `expected` keys
    /// (the list shown) is made at once, not by doubling as pages come.
    func loadKeys<C: Clock<Duration>>(
        _ generation: Int, account: Int? = nil, expected: Int = 0, clock: C,
        post: @Sendable (Msg) -> Void
    ) async {
        let service = services(account).service
        var pages = service.allKeys(pageSize: service.largestPage).makeAsyncIterator()
        var pending: [ApiKeyInfo] = []
        pending.reserveCapacity(min(expected, KeyPages.maxKeys))
        var posted = 0
        var count = 0
        // Counted from the start: a backend that answers within 100 ms is posted once.
        var lastPost = clock.now
        do throws(KeyServiceError) {
            while !Task.isCancelled, let page = try await pages.next() {
                pending += page
                count += 1
                let now = clock.now
                // Each post indexes the list so far: a long list is posted less often.
                let interval: Duration =
                    pending.count + posted < 5000 ? .milliseconds(100) : .seconds(1)
                if pages.isFinished || lastPost.duration(to: now) >= interval {
                    if pages.isFinished, let warning = pages.duplicatesWarning {
                        logger.warning("\(warning)")
                        post(
                            .loadWarning(generation: generation, message: warning, account: account)
                        )
                    }
                    post(
                        .pageLoaded(
                            generation: generation, keys: pending, more: !pages.isFinished,
                            pages: count, account: account))
                    posted += pending.count
                    pending = []
                    count = 0
                    lastPost = now
                }
            }
        } catch {
            logger.warning("listing keys failed", metadata: ["error": "\(error)"])
            post(.loadFailed(generation: generation, message: error.description, account: account))
        }
    }

    /// Writes a new key to a new file (0600, never overwriting).
    func write(_ request: SecretFileRequest) -> Msg {
        let path = Self.expandingHome(request.path)
        let text = request.format.render(
            key: request.key, endpoint: request.endpoint, profileName: request.profileName)
        do {
            if request.format == .momentoProfile,
                URL(fileURLWithPath: path).standardized.path
                    == URL(fileURLWithPath: credentialsPath).standardized.path
            {
                // Momento CLI's own file: the profile is appended, nothing else changes.
                try CredentialsAppender.append(text, name: request.profileName, to: path)
                logger.info(
                    "added a profile to the credentials file", metadata: ["path": "\(path)"])
                return .profileAppended(path: path, name: request.profileName)
            }
            try ExclusiveFile.store(text, at: path)
            logger.info("wrote a new key to a file", metadata: ["path": "\(path)"])
            return .secretWritten(path: path)
        } catch .exists {
            return .secretWriteFailed("That file already exists; nothing was overwritten.")
        } catch {
            return .secretWriteFailed(error.description)
        }
    }

    /// Switches the key API when the endpoint calls for it, and saves the endpoint; the
    /// failure to post, if saving failed.
    func save(_ endpoint: String) -> Msg? {
        if services.use(endpoint: endpoint) {
            logger.info(
                "switched the key API",
                metadata: ["url": "\(Endpoint.keyManagementBaseURL(for: endpoint))"])
        }
        do {
            try ConsoleConfig.save(endpoint: endpoint, to: configPath)
            logger.info("saved the endpoint", metadata: ["endpoint": "\(endpoint)"])
            audit?.audit.record(.region, .done) { $0.endpoint = endpoint }
            return nil
        } catch {
            return .saveFailed("\(configPath) is not writable")
        }
    }

    /// `~` and `~/...` in a path typed by the user, from the home directory.
    package static func expandingHome(_ path: String) -> String {
        let home = XDGDirectories.home()
        if path == "~" { return home }
        return path.hasPrefix("~/") ? home + path.dropFirst() : path
    }

    /// Revokes one key (as the list showed it: `listed`) and posts the outcome.
    func revoke(
        _ keyId: String, listed: ListedKey?, account: Int? = nil, post: @Sendable (Msg) -> Void
    ) async {
        // With several accounts a key goes to its own account's server, or nowhere.
        guard account != nil || accounts.count <= 1 else {
            return post(.revokeFailed(keyId: keyId, error: .unknownAccount))
        }
        // Read-only holds where the action runs, whatever the view offered.
        guard !isReadOnly(account) else {
            return post(.revokeFailed(keyId: keyId, error: .readOnly))
        }
        let service = services(account).service
        let audit = audit(account)
        do throws(KeyServiceError) {
            if let audit {
                try await audit.revoke(keyId, listed: listed, service: service)
            } else {
                try await service.revokeKey(id: keyId)
            }
            logger.info("revoked a key", metadata: ["key_id": "\(keyId)"])
            post(.revoked(keyId: keyId))
            if let audit { post(.journalLoaded(audit.lines())) }
        } catch {
            logger.warning("revoke failed", metadata: ["key_id": "\(keyId)", "error": "\(error)"])
            post(.revokeFailed(keyId: keyId, error: error))
        }
    }
}
