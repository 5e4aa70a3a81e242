import Foundation

/// One row of `Assets/regions.json`, as the generator reads it.
struct RegionRow: Decodable {
    let region: String
    let name: String
    let cell: String
    let endpoint: String
    let httpEndpoint: String

    enum CodingKeys: String, CodingKey {
        case region, name, cell, endpoint
        case httpEndpoint = "http_endpoint"
    }
}

/// Reads the regions JSON, validates it and writes Swift source declaring the bundled table.
@main
enum RegionTableGenerator {
    static func main() {
        let arguments = CommandLine.arguments
        guard arguments.count == 3 else {
            fail("usage: RegionTableGenerator <regions.json> <output.swift>")
        }
        do {
            let rows = try JSONDecoder().decode(
                [RegionRow].self, from: Data(contentsOf: URL(fileURLWithPath: arguments[1])))
            try validate(rows)
            try render(rows).write(
                to: URL(fileURLWithPath: arguments[2]), atomically: true, encoding: .utf8)
        } catch {
            fail("\(arguments[1]): \(error)")
        }
    }

    static func validate(_ rows: [RegionRow]) throws {
        struct Invalid: Error, CustomStringConvertible { let description: String }
        guard !rows.isEmpty else { throw Invalid(description: "the table is empty") }
        var seen = Set<String>()
        for row in rows {
            for (field, value) in [
                ("region", row.region), ("name", row.name), ("cell", row.cell),
                ("endpoint", row.endpoint), ("http_endpoint", row.httpEndpoint),
            ] where value.trimmingCharacters(in: .whitespaces).isEmpty {
                throw Invalid(description: "a row has an empty \(field)")
            }
            guard seen.insert(row.region).inserted else {
                throw Invalid(description: "region \(row.region) appears twice")
            }
        }
    }

    static func render(_ rows: [RegionRow]) -> String {
        var out = """
            // Generated from Assets/regions.json by RegionTableGenerator. Do not edit.

            extension RegionTable {
                /// The regions table compiled in from Assets/regions.json.
                public static let bundledRegions: [Region] = [

            """
        for row in rows {
            out += "        Region(code: \(literal(row.region)), name: \(literal(row.name)), "
            out += "cell: \(literal(row.cell)), endpoint: \(literal(row.endpoint)), "
            out += "httpEndpoint: \(literal(row.httpEndpoint))),\n"
        }
        out += "    ]\n}\n"
        return out
    }

    /// A Swift string literal for `value`, escaping everything that is not plain printable ASCII.
    static func literal(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case " "..."~": out.unicodeScalars.append(scalar)
            default: out += "\\u{\(String(scalar.value, radix: 16))}"
            }
        }
        return out + "\""
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        exit(1)
    }
}
