import Foundation
import Testing

@testable import MomentoKeys

@Suite("Wire JSON")
struct WireFormatTests {
    func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test("key info with an expiry")
    func keyInfoWithExpiry() throws {
        let text = #"""
            {"key_id":"k1","account_id":"a1","description":"ci","role_id":"r-owner",
             "issued_at_epoch_seconds":1700000000,"expires_at_epoch_seconds":1800000000,
             "something_new":{"x":1}}
            """#
        let info = try JSONDecoder().decode(ApiKeyInfo.self, from: Data(text.utf8))
        #expect(
            info
                == ApiKeyInfo(
                    keyId: "k1", accountId: "a1", description: "ci", roleId: "r-owner",
                    issuedAtEpochSeconds: 1_700_000_000, expiresAtEpochSeconds: 1_800_000_000))
        #expect(info.expiresAt == Date(timeIntervalSince1970: 1_800_000_000))
    }

    @Test("key info without an expiry never expires, and encodes with the field absent")
    func keyInfoWithoutExpiry() throws {
        let text =
            #"{"key_id":"k1","account_id":"a1","description":"","role_id":"r-viewer","issued_at_epoch_seconds":1}"#
        let info = try JSONDecoder().decode(ApiKeyInfo.self, from: Data(text.utf8))
        #expect(info.expiresAtEpochSeconds == nil)
        #expect(!info.isExpired(at: .distantFuture))
        #expect(
            try json(info)
                == #"{"account_id":"a1","description":"","issued_at_epoch_seconds":1,"key_id":"k1","role_id":"r-viewer"}"#
        )
    }

    @Test("expiry is \"never\" or an integer, both ways")
    func expiry() throws {
        #expect(try json(Expiry.never) == #""never""#)
        #expect(try json(Expiry.at(epochSeconds: 1_900_000_000)) == "1900000000")
        #expect(try JSONDecoder().decode(Expiry.self, from: Data(#""never""#.utf8)) == .never)
        #expect(
            try JSONDecoder().decode(Expiry.self, from: Data("42".utf8)) == .at(epochSeconds: 42))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Expiry.self, from: Data(#""tomorrow""#.utf8))
        }
        #expect(Expiry.at(Date(timeIntervalSince1970: 10.9)) == .at(epochSeconds: 10))
    }

    @Test("the create request has exactly the documented fields")
    func createRequest() throws {
        let request = CreateKeyRequest(
            roleId: "r-operator", description: "", expiry: .at(epochSeconds: 5))
        #expect(
            try json(request)
                == #"{"description":"","exclude_refresh_token":false,"expiry":5,"role_id":"r-operator"}"#
        )
    }

    @Test("the create response decodes, with and without a refresh token")
    func createResponse() throws {
        let info =
            #"{"key_id":"k","account_id":"a","description":"d","role_id":"r-owner","issued_at_epoch_seconds":1}"#
        let withToken = try JSONDecoder().decode(
            CreatedKey.self,
            from: Data(#"{"api_key":"PLAIN","refresh_token":"RT","key_info":\#(info)}"#.utf8))
        #expect(withToken.apiKey.exposedValue == "PLAIN")
        #expect(withToken.refreshToken?.exposedValue == "RT")
        #expect(!"\(withToken)".contains("PLAIN"))
        let without = try JSONDecoder().decode(
            CreatedKey.self, from: Data(#"{"api_key":"PLAIN","key_info":\#(info)}"#.utf8))
        #expect(without.refreshToken == nil)
        #expect(try json(without).contains(#""api_key":"PLAIN""#))
    }

    @Test("pages, roles and errors decode")
    func pagesRolesErrors() throws {
        let page = try JSONDecoder().decode(KeyPage.self, from: Data(#"{"key_info":[]}"#.utf8))
        #expect(page.nextToken == nil)
        let roles = try JSONDecoder().decode(
            RolePage.self,
            from: Data(
                #"{"roles":[{"role_id":"r-1","role_name":"CI","role_type":"custom","permissions":{"cache":["read"]}}],"next_token":"n"}"#
                    .utf8))
        #expect(roles.roles.first?.roleName == "CI")
        #expect(roles.roles.first?.permissions == .object(["cache": .array([.string("read")])]))
        #expect(roles.nextToken == "n")
        let error = try JSONDecoder().decode(
            ErrorBody.self, from: Data(#"{"code":"not_found","message":"no","err":{}}"#.utf8))
        #expect(error == ErrorBody(code: "not_found", message: "no"))
    }

    @Test("secrets print as redacted and mask their middle")
    func secret() {
        let secret = Secret("abcdefghijklmnopqrstuvwxyz")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "Secret(<redacted>)")
        #expect(secret.masked() == "abcdef…uvwxyz")
        #expect(Secret("short").masked() == "••••••••")
    }
}
