import Foundation
import MomentoKeys

/// The opaque `next_token` of the sandbox: a position, base64url-encoded.
enum PageToken {
    static func encode(_ position: Int64) -> String {
        Data("kc1:\(position)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The position a token names; 0 for no token; 400 for one this sandbox did not make.
    static func decode(_ token: String?) throws(KeyServiceError) -> Int64 {
        guard let token, !token.isEmpty else { return 0 }
        var base64 = token.replacingOccurrences(of: "-", with: "+")
            .replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64),
            let text = String(data: data, encoding: .utf8), text.hasPrefix("kc1:"),
            let position = Int64(text.dropFirst(4)), position >= 0
        else {
            throw .badRequest(message: "invalid next_token")
        }
        return position
    }
}
