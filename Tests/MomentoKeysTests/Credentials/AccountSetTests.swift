import Foundation
import TestSupport
import Testing

@testable import MomentoKeys

/// Several accounts at once: the profiles a run uses.
@Suite("Choosing the accounts")
struct AccountSetTests {
    let home = TemporaryDirectory()

    func resolver() -> CredentialResolver {
        CredentialResolver(environment: [:], homeDirectory: home.path)
    }

    func writeProfiles() {
        home.write(
            ".momento/credentials",
            """
            [staging]
            api_key_v2=\(TestTokens.v2Key(id: "staging-key"))
            endpoint=cell-1-eu-west-1-1.prod.a.momentohq.com

            [prod]
            api_key_v2=\(TestTokens.v2Key(id: "prod-key"))

            [old]
            token=\(TestTokens.v1Key())

            [empty]
            endpoint=cell-4-us-west-2-1.prod.a.momentohq.com

            [garbled]
            api_key_v2=not-a-key
            """)
    }

    @Test(
        "--all-profiles takes every profile with a v2 key, by name; the others are named with the reason, never an error"
    )
    func allProfiles() throws {
        writeProfiles()
        let set = try resolver().allAccounts()
        #expect(set.accounts.map(\.profile) == ["prod", "staging"])
        #expect(set.accounts.map(\.credentials.keyId) == ["prod-key", "staging-key"])
        #expect(set.isSeveral)
        #expect(set.skipped.map(\.profile) == ["empty", "garbled", "old"])
        #expect(set.skipped[0].reason == "it holds no key")
        #expect(set.skipped[1].reason.hasPrefix("its key does not decode"))
        #expect(set.skipped[2].reason == "it holds a v1 API key, not a v2 API key")
    }

    @Test("without a credentials file, --all-profiles says so")
    func noFile() {
        #expect(throws: CredentialsError.self) { try resolver().allAccounts() }
    }

    @Test(
        "--profile given more than once: those profiles, each once, in order; one that cannot be used is an error"
    )
    func named() throws {
        writeProfiles()
        let set = try resolver().accounts(named: ["staging", "prod", "staging"])
        #expect(set.accounts.map(\.profile) == ["staging", "prod"])
        #expect(
            try resolver().accounts(named: ["prod"]).isSeveral == false, "one account is as today")
        #expect(throws: CredentialsError.self) { try resolver().accounts(named: ["prod", "old"]) }
        #expect(throws: CredentialsError.self) {
            try resolver().accounts(named: ["prod", "missing"])
        }
    }
}
