import Foundation
import KeySandbox
import MomentoKeys
import TestSupport
import Testing

/// One suite, two implementations: what holds for the sandbox holds for serve over HTTP.
@Suite("KeyService contract")
struct KeyServiceContractTests {
    @Test(
        "paging 250 keys at limit 100: no duplicates, no gaps", arguments: Implementation.allCases)
    func paging(_ implementation: Implementation) async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        for index in 0..<237 {
            _ = try await sandbox.issue(RoleID.viewer, description: "bulk \(index)")
        }
        let expected = try await sandbox.store.listAllKeys().map(\.keyId)
        #expect(expected.count == 250)
        try await implementation.run(sandbox) { serviceFor in
            let service = serviceFor(owner.apiKey)
            var sizes: [Int] = []
            var ids: [String] = []
            for try await page in service.allKeys(pageSize: 100) {
                sizes.append(page.count)
                ids += page.map(\.keyId)
                // The page's keys share one copy of the account's id (not one a key).
                #expect(page.allSatisfy { $0.accountId.utf8.count > 15 }, "ids on the heap")
                #expect(Set(page.map { Self.storage($0.accountId) }).count == 1)
            }
            #expect(sizes == [100, 100, 50])
            #expect(ids == expected)
        }
    }

    /// Where a string's bytes are (a heap string's storage is shared by its copies).
    static func storage(_ text: String) -> UInt {
        text.utf8.withContiguousStorageIfAvailable { UInt(bitPattern: $0.baseAddress) } ?? 0
    }

    @Test(
        "keys created or revoked between pages make no page repeat or skip another key",
        arguments: Implementation.allCases)
    func pagingWhileChanging(_ implementation: Implementation) async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        for index in 0..<50 {
            _ = try await sandbox.issue(RoleID.viewer, description: "bulk \(index)")
        }
        let before = try await sandbox.store.listAllKeys().map(\.keyId)
        try await implementation.run(sandbox) { serviceFor in
            let service = serviceFor(owner.apiKey)
            let first = try await service.listKeys(limit: 20, nextToken: nil)
            // Between pages: revoke one key already seen and one not yet seen, add one.
            let seenVictim = first.keyInfo[3].keyId
            let unseenVictim = before[40]
            try await service.revokeKey(id: seenVictim)
            try await service.revokeKey(id: unseenVictim)
            let added = try await service.createKey(
                CreateKeyRequest(roleId: RoleID.viewer, description: "added", expiry: .never))
            var ids = first.keyInfo.map(\.keyId)
            var token = first.nextToken
            while let next = token {
                let page = try await service.listKeys(limit: 20, nextToken: next)
                ids += page.keyInfo.map(\.keyId)
                token = page.nextToken
            }
            #expect(Set(ids).count == ids.count, "no key twice")
            let untouched = before.filter { $0 != seenVictim && $0 != unseenVictim }
            #expect(untouched.allSatisfy(ids.contains), "no live key skipped")
            #expect(!ids.contains(unseenVictim))
            #expect(ids.last == added.keyInfo.keyId)
        }
    }

    @Test("create, list, revoke round trip", arguments: Implementation.allCases)
    func roundTrip(_ implementation: Implementation) async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.operator)
        try await implementation.run(sandbox) { serviceFor in
            let service = serviceFor(owner.apiKey)
            let expiry = Expiry.at(sandbox.wall.now.addingTimeInterval(3600))
            let created = try await service.createKey(
                CreateKeyRequest(roleId: "r-10042", description: "round trip ✓", expiry: expiry))
            #expect(created.keyInfo.roleId == "r-10042")
            #expect(created.keyInfo.description == "round trip ✓")
            #expect(created.keyInfo.expiresAtEpochSeconds == 1_800_003_600)
            #expect(created.keyInfo.issuedAtEpochSeconds == 1_800_000_000)
            #expect(created.keyInfo.accountId == sandbox.store.accountId)
            let decoded = try KeyDecoder.decode(created.apiKey.exposedValue)
            #expect(decoded.kind == .v2ApiKey && decoded.keyId == created.keyInfo.keyId)
            #expect(decoded.expiresAt == expiry.date)
            let listed = try await service.listAllKeys()
            #expect(listed.contains(created.keyInfo))
            // The new key works at once.
            #expect(
                try await serviceFor(created.apiKey).listKeys(limit: 1, nextToken: nil).keyInfo
                    .count == 1)
            try await service.revokeKey(id: created.keyInfo.keyId)
            #expect(try await !service.listAllKeys().contains { $0.keyId == created.keyInfo.keyId })
        }
    }

    @Test("unknown id: 404", arguments: Implementation.allCases)
    func unknownId(_ implementation: Implementation) async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        try await implementation.run(sandbox) { serviceFor in
            await #expect(throws: KeyServiceError.notFound(message: "API key not found")) {
                try await serviceFor(owner.apiKey).revokeKey(id: "no-such-key")
            }
        }
    }

    @Test("past expiry: 400", arguments: Implementation.allCases)
    func pastExpiry(_ implementation: Implementation) async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        try await implementation.run(sandbox) { serviceFor in
            for past in [sandbox.wall.now, sandbox.wall.now.addingTimeInterval(-60)] {
                await #expect(
                    throws: KeyServiceError.badRequest(message: "expiry must be in the future")
                ) {
                    try await serviceFor(owner.apiKey).createKey(
                        CreateKeyRequest(roleId: RoleID.owner, description: "", expiry: .at(past)))
                }
            }
        }
    }

    @Test(
        "descriptions are stored as sent: control characters kept, NUL and over 200 refused",
        arguments: Implementation.allCases)
    func descriptionsAsSent(_ implementation: Implementation) async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        try await implementation.run(sandbox) { serviceFor in
            let service = serviceFor(owner.apiKey)
            let before = try await sandbox.store.listAllKeys().count
            for (description, problem) in [
                ("X\u{0}Y", "description must not contain a NUL character"),
                ("\u{0}", "description must not contain a NUL character"),
                (String(repeating: "é", count: 201), "description must be at most 200 characters"),
                (
                    "a" + String(repeating: "\u{301}", count: 5000),
                    "description must be at most 200 characters"
                ),
            ] {
                await #expect(throws: KeyServiceError.badRequest(message: problem)) {
                    try await service.createKey(
                        CreateKeyRequest(
                            roleId: RoleID.viewer, description: description, expiry: .never))
                }
            }
            #expect(try await sandbox.store.listAllKeys().count == before, "nothing was created")
            for description in [
                "tab\there\u{1B}[31m bell\u{7} del\u{7F} c1\u{9B}2J",
                String(repeating: "é", count: 200),
            ] {
                let made = try await service.createKey(
                    CreateKeyRequest(
                        roleId: RoleID.viewer, description: description, expiry: .never))
                #expect(made.keyInfo.description == description)
                let listed = try await service.listAllKeys().first {
                    $0.keyId == made.keyInfo.keyId
                }
                #expect(listed?.description == description, "listed as sent")
            }
        }
    }

    @Test("unknown role: 404", arguments: Implementation.allCases)
    func unknownRole(_ implementation: Implementation) async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        try await implementation.run(sandbox) { serviceFor in
            await #expect(throws: KeyServiceError.notFound(message: "Role not found: r-99999")) {
                try await serviceFor(owner.apiKey).createKey(
                    CreateKeyRequest(roleId: "r-99999", description: "", expiry: .never))
            }
        }
    }

    @Test("limit outside 1...100: 400", arguments: Implementation.allCases)
    func badLimit(_ implementation: Implementation) async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        try await implementation.run(sandbox) { serviceFor in
            for limit in [0, 101, -5] {
                await #expect(
                    throws: KeyServiceError.badRequest(message: "limit must be between 1 and 100")
                ) {
                    try await serviceFor(owner.apiKey).listKeys(limit: limit, nextToken: nil)
                }
            }
            await #expect(throws: KeyServiceError.badRequest(message: "invalid next_token")) {
                try await serviceFor(owner.apiKey).listKeys(limit: 5, nextToken: "not-ours")
            }
        }
    }

    @Test(
        "a Viewer key may list but gets 403 on create and revoke",
        arguments: Implementation.allCases)
    func viewerForbidden(_ implementation: Implementation) async throws {
        let sandbox = try await SandboxFixture.make()
        let viewer = try await sandbox.issue(RoleID.viewer)
        let custom = try await sandbox.issue("r-10042")
        try await implementation.run(sandbox) { serviceFor in
            for key in [viewer, custom] {
                let service = serviceFor(key.apiKey)
                let listed = try await service.listAllKeys()
                #expect(listed.count == 14)
                await #expect(
                    throws: KeyServiceError.forbidden(message: SandboxSession.forbiddenMessage)
                ) {
                    try await service.createKey(
                        CreateKeyRequest(roleId: RoleID.viewer, description: "", expiry: .never))
                }
                await #expect(
                    throws: KeyServiceError.forbidden(message: SandboxSession.forbiddenMessage)
                ) {
                    try await service.revokeKey(id: key.keyInfo.keyId)
                }
            }
        }
    }

    @Test(
        "an Operator key gets 403 creating or revoking an Owner key; keys not above it it may",
        arguments: Implementation.allCases)
    func noEscalation(_ implementation: Implementation) async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        let operatorKey = try await sandbox.issue(RoleID.operator)
        let peer = try await sandbox.issue(RoleID.operator)
        try await implementation.run(sandbox) { serviceFor in
            let service = serviceFor(operatorKey.apiKey)
            let refused = KeyServiceError.forbidden(
                message: SandboxSession.aboveOwnRoleMessage(
                    caller: RoleID.operator, target: RoleID.owner))
            await #expect(throws: refused) {
                try await service.createKey(
                    CreateKeyRequest(roleId: RoleID.owner, description: "up", expiry: .never))
            }
            await #expect(throws: refused) {
                try await service.revokeKey(id: owner.keyInfo.keyId)
            }
            let keys = try await sandbox.store.listAllKeys()
            #expect(keys.contains { $0.keyId == owner.keyInfo.keyId }, "the Owner key stays")
            #expect(!keys.contains { $0.description == "up" }, "no Owner key was made")
            // Not above its own: Operator, a custom role that writes, Viewer.
            for role in [RoleID.operator, "r-10042", RoleID.viewer] {
                let made = try await service.createKey(
                    CreateKeyRequest(roleId: role, description: "ok", expiry: .never))
                try await service.revokeKey(id: made.keyInfo.keyId)
            }
            try await service.revokeKey(id: peer.keyInfo.keyId)
            // The Owner may do both.
            let ownerService = serviceFor(owner.apiKey)
            let made = try await ownerService.createKey(
                CreateKeyRequest(roleId: RoleID.owner, description: "owner", expiry: .never))
            try await ownerService.revokeKey(id: made.keyInfo.keyId)
            try await ownerService.revokeKey(id: operatorKey.keyInfo.keyId)
        }
    }

    @Test("a revoked key no longer authenticates", arguments: Implementation.allCases)
    func revokedKey(_ implementation: Implementation) async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        let other = try await sandbox.issue(RoleID.operator)
        try await implementation.run(sandbox) { serviceFor in
            #expect(
                try await serviceFor(other.apiKey).listKeys(limit: 1, nextToken: nil).keyInfo.count
                    == 1)
            try await serviceFor(owner.apiKey).revokeKey(id: other.keyInfo.keyId)
            await #expect(
                throws: KeyServiceError.unauthorized(message: SandboxStore.unauthorizedMessage)
            ) {
                try await serviceFor(other.apiKey).listKeys(limit: 1, nextToken: nil)
            }
        }
    }

    @Test("an expired key gets 401", arguments: Implementation.allCases)
    func expiredKey(_ implementation: Implementation) async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        let shortLived = try await sandbox.store.issueKey(
            roleId: RoleID.owner, description: "short",
            expiry: .at(sandbox.wall.now.addingTimeInterval(60)))
        try await implementation.run(sandbox) { serviceFor in
            let before = try await serviceFor(shortLived.apiKey).listKeys(limit: 1, nextToken: nil)
            #expect(before.keyInfo.count == 1)
            await sandbox.clock.advance(by: .seconds(61))
            await #expect(
                throws: KeyServiceError.unauthorized(message: SandboxStore.unauthorizedMessage)
            ) {
                try await serviceFor(shortLived.apiKey).listKeys(limit: 1, nextToken: nil)
            }
            // Expired keys are still listed, as Momento lists them until they are revoked.
            let listed = try await serviceFor(owner.apiKey).listAllKeys()
            #expect(listed.contains { $0.keyId == shortLived.keyInfo.keyId })
        }
    }

    @Test(
        "keys from elsewhere, refresh tokens and garbage get 401",
        arguments: Implementation.allCases)
    func foreignKeys(_ implementation: Implementation) async throws {
        let sandbox = try await SandboxFixture.make()
        let other = try await SandboxFixture.make()
        let foreign = try await other.issue(RoleID.owner)
        let created = try await sandbox.store.createKey(
            CreateKeyRequest(
                roleId: RoleID.owner, description: "",
                expiry: .at(sandbox.wall.now.addingTimeInterval(600))))
        let refresh = try #require(created.refreshToken)
        try await implementation.run(sandbox) { serviceFor in
            for key in [foreign.apiKey, refresh, Secret(TestTokens.v2Key()), Secret("garbage")] {
                await #expect(
                    throws: KeyServiceError.unauthorized(message: SandboxStore.unauthorizedMessage)
                ) {
                    try await serviceFor(key).listKeys(limit: 1, nextToken: nil)
                }
            }
        }
    }

    @Test(
        "roles: the three system roles, then the account's custom roles",
        arguments: Implementation.allCases)
    func roles(_ implementation: Implementation) async throws {
        let sandbox = try await SandboxFixture.make()
        let owner = try await sandbox.issue(RoleID.owner)
        try await implementation.run(sandbox) { serviceFor in
            let service = serviceFor(owner.apiKey)
            let all = try await service.allRoles()
            #expect(
                all.map(\.roleId) == ["r-owner", "r-operator", "r-viewer", "r-10042", "r-10077"])
            #expect(all.prefix(3).map(\.roleName) == ["Owner", "Operator", "Viewer"])
            #expect(try await service.allRoles(type: .system).count == 3)
            let page = try await service.listRoles(type: nil, limit: 2, nextToken: nil)
            #expect(page.roles.count == 2 && page.nextToken != nil)
        }
    }
}
