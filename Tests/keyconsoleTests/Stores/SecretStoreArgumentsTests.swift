import Foundation
import MomentoKeys
import Testing

@testable import keyconsole

@Suite("A secret store's arguments")
struct SecretStoreArgumentsTests {
    @Test("placeholders are filled in one pass: a description holding {key_id} stays as typed")
    func onePass() {
        let store = SecretStore(
            name: "vault", command: ["put", "{description}", "id={key_id}", "{nope} {", "{role}}"],
            format: .raw, timeout: .seconds(5))
        let info = ApiKeyInfo(
            keyId: "k-1", accountId: "a", description: "see {key_id} and {role}",
            roleId: "r-viewer", issuedAtEpochSeconds: 0, expiresAtEpochSeconds: nil)
        let metadata = SecretStore.Metadata(info, roleName: "Viewer", endpoint: nil)
        #expect(
            store.arguments(for: metadata) == [
                "put", "see {key_id} and {role}", "id=k-1", "{nope} {", "Viewer}",
            ])
    }
}
