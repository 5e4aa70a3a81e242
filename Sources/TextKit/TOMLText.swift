import Foundation

/// Text as TOML writes it: a basic string, and a key (bare when it can be).
public enum TOMLText {
    /// `text` as a TOML basic string: quotes and backslashes escaped, control characters as
    /// `\uXXXX`.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += String(format: "\\u%04X", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `name` as a key of a table header: bare (`Owner`, `deploy-bots`) when it can be,
    /// otherwise quoted (`"Deploy Bots"`).
    public static func key(_ name: String) -> String {
        let bare =
            !name.isEmpty
            && name.unicodeScalars.allSatisfy {
                ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
                    || $0 == "-" || $0 == "_"
            }
        return bare ? name : quoted(name)
    }
}
