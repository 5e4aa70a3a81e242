import ConsoleUI
import Foundation
import MomentoKeys
import Testing

@Suite("update: migrating a v1 key")
struct MigrateUpdateTests {
    static let cell = "cell-1-eu-west-1-1.prod.a.momentohq.com"

    /// A v1 key of `endpoint`: base64 of the envelope around a JWT with `sub`.
    static func v1Key(endpoint: String = cell) -> String {
        func part(_ json: String) -> String {
            Data(json.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        }
        let jwt =
            part(#"{"alg":"HS512"}"#) + "." + part(#"{"sub":"app@example.com","ver":1}"#) + ".c2ln"
        return Data(#"{"endpoint":"\#(endpoint)","api_key":"\#(jwt)"}"#.utf8).base64EncodedString()
    }

    static func dialog(_ state: ConsoleState) -> CreateDialog? {
        if case .create(let dialog)? = state.overlay { return dialog }
        return nil
    }

    @Test(
        "M, a bracketed paste, Enter: the key is read and forgotten, the form has its description")
    func pasteAndRead() throws {
        var (state, _) = Fixtures.press(Fixtures.loaded(), .character("M"))
        #expect(state.keyContext == .migratePaste)
        // A wrapped paste: the line break the terminal put in goes.
        let key = Self.v1Key()
        let middle = key.index(key.startIndex, offsetBy: 40)
        (state, _) = Fixtures.press(
            state, .paste(String(key[..<middle]) + "\n" + String(key[middle...])))
        #expect(Self.dialog(state)?.pasted.text == key)
        (state, _) = Fixtures.press(state, .enter)
        let dialog = try #require(Self.dialog(state))
        #expect(dialog.step == .form)
        #expect(dialog.migrating?.endpoint == Self.cell)
        #expect(dialog.description.text == "migrated from v1 app@example.com")
        #expect(dialog.pasted.text.isEmpty, "the v1 key leaves the state once read")
        for text in [dialog.description.text, dialog.customExpiry.text, state.filter] {
            #expect(!text.contains(key.prefix(40)))
        }
    }

    @Test("from the help: M, listed there, closes it and starts the migration")
    func fromHelp() {
        let (state, _) = Fixtures.press(Fixtures.loaded(), .character("?"), .character("M"))
        #expect(state.help == nil)
        #expect(state.keyContext == .migratePaste)
        // The help's own keys still scroll and close it.
        let scrolled = Fixtures.press(Fixtures.loaded(), .character("?"), .character("j")).0
        #expect(scrolled.help != nil)
    }

    @Test("review and Enter send one migrateKey with the v1 endpoint; the panel gets that endpoint")
    func createsForTheEndpoint() throws {
        var state = Fixtures.loaded()
        state.endpoint = "cell-4-us-west-2-1.prod.a.momentohq.com"  // the console's own region
        var effects: [Effect]
        (state, _) = Fixtures.press(state, .character("M"), .paste(Self.v1Key()), .enter)
        (state, effects) = Fixtures.press(state, .enter, .enter)
        #expect(state.keyContext == .creating)
        guard case .migrateKey(let request, let endpoint, let replaces, nil, nil)? = effects.first,
            effects.count == 1
        else {
            Issue.record("expected one migrateKey, got \(effects)")
            return
        }
        #expect(endpoint == Self.cell)
        #expect(replaces == nil, "this v1 key has no id")
        #expect(request.roleId == RoleID.operator)
        #expect(request.description == "migrated from v1 app@example.com")
        let info = Fixtures.key(
            "new1", RoleID.operator, "migrated", issuedDaysAgo: 0, expiresIn: 30 * 86400)
        let created = CreatedKey(apiKey: Secret("eyJ.new.key"), refreshToken: nil, keyInfo: info)
        (state, _) = ConsoleUpdate.update(state, .created(created))
        guard case .secret(let panel)? = state.overlay else {
            Issue.record("no panel")
            return
        }
        #expect(panel.endpoint == Self.cell, "pre-filled with the v1 key's endpoint")
        #expect(panel.migratedFrom?.subject == "app@example.com")
    }

    @Test(
        "a v2 key, a text that is no key, a paste over 16 KiB, a cell of the other account: the reason, nothing sent"
    )
    func refusals() throws {
        var (state, effects) = Fixtures.press(
            Fixtures.loaded(), .character("M"), .paste("eyJ.not.a-key"), .enter)
        #expect(Self.dialog(state)?.step == .paste)
        #expect(Self.dialog(state)?.error?.contains("not a valid Momento key") == true)
        #expect(Self.dialog(state)?.pasted.text.isEmpty == true)
        #expect(effects.isEmpty)
        // A v2 key: nothing to migrate.
        func part(_ json: String) -> String {
            Data(json.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
        }
        let v2 = part(#"{"alg":"HS512"}"#) + "." + part(#"{"t":"g","jti":"k-7"}"#) + ".c2ln"
        (state, effects) = Fixtures.press(state, .paste(v2), .enter)
        #expect(Self.dialog(state)?.error?.hasPrefix("This is a v2 API key already") == true)
        #expect(effects.isEmpty)
        // Too long a paste is refused whole, said so.
        (state, _) = Fixtures.press(state, .paste(String(repeating: "A", count: 20000)))
        #expect(Self.dialog(state)?.error?.contains("larger than 16 KiB") == true)
        #expect(Self.dialog(state)?.pasted.text.isEmpty == true)
        // A production account takes no preprod v1 key.
        var production = Fixtures.loaded()
        production.backend = BackendInfo(
            kind: .production(endpoint: "cell-4-us-west-2-1.prod.a.momentohq.com", region: nil))
        (state, effects) = Fixtures.press(
            production, .character("M"),
            .paste(Self.v1Key(endpoint: "cell-1.preprod.a.momentohq.com")), .enter)
        #expect(Self.dialog(state)?.error?.contains("pre-production cell") == true)
        #expect(effects.isEmpty)
        // Esc: nothing created.
        (state, effects) = Fixtures.press(state, .escape)
        #expect(state.overlay == nil && effects.isEmpty)
        // Read-only: M is refused like every change.
        let readOnly = Fixtures.press(Fixtures.loaded(readOnly: true), .character("M")).0
        #expect(readOnly.overlay == nil)
    }
}
