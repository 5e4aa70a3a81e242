import Foundation

/// Builds Momento-shaped keys and tokens for tests (signatures are not checked offline).
public enum TestTokens {
    public static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// A JWT with these claims (given as JSON text) and a dummy signature.
    public static func jwt(claimsJSON: String) -> String {
        let header = base64URL(Data(#"{"alg":"HS512","typ":"JWT"}"#.utf8))
        return header + "." + base64URL(Data(claimsJSON.utf8)) + "." + base64URL(Data("sig".utf8))
    }

    public static func v2Key(id: String = "key-1234abcd", exp: Int? = 1_900_000_000) -> String {
        let expiry = exp.map { #","exp":\#($0)"# } ?? ""
        return jwt(
            claimsJSON: #"{"t":"g","jti":"\#(id)","sub":"acct-1","iat":1700000000\#(expiry)}"#)
    }

    public static func refreshToken(keyId: String = "key-1234abcd") -> String {
        jwt(claimsJSON: #"{"t":"gr","akid":"\#(keyId)","exp":1900000000}"#)
    }

    public static func legacyToken() -> String {
        jwt(
            claimsJSON:
                #"{"sub":"me@example.com","c":"cache.cell-4-us-west-2-1.prod.a.momentohq.com","cp":"control.cell-4-us-west-2-1.prod.a.momentohq.com"}"#
        )
    }

    public static func envelope(endpoint: String, inner: String) -> String {
        Data(#"{"endpoint":"\#(endpoint)","api_key":"\#(inner)"}"#.utf8).base64EncodedString()
    }

    public static func v1Key() -> String {
        envelope(
            endpoint: "cell-4-us-west-2-1.prod.a.momentohq.com",
            inner: jwt(claimsJSON: #"{"sub":"me@example.com","ver":1,"exp":1900000000}"#))
    }

    public static func disposableToken() -> String {
        envelope(
            endpoint: "cell-4-us-west-2-1.prod.a.momentohq.com",
            inner: jwt(
                claimsJSON: #"{"sub":"me@example.com","ver":1,"t":"disposable","exp":1900000000}"#))
    }
}
