import Foundation
import TextKit

/// The regions keyconsole knows: the bundled table plus the user's additions.
public struct RegionTable: Sendable, Hashable {
    /// Every region: bundled rows in table order (overridden in place), then user additions.
    public let regions: [Region]

    /// Creates a table from explicit rows.
    public init(regions: [Region]) {
        self.regions = regions
    }

    /// The table compiled into the binary.
    public static let bundled = RegionTable(regions: bundledRegions)

    /// The bundled table merged with the user's file, if it exists.
    ///
    /// A user row whose `region` code matches a bundled one replaces it; others are appended.
    public static func load(userFile path: String) throws(RegionTableError) -> RegionTable {
        guard FileManager.default.fileExists(atPath: path) else { return .bundled }
        let rows: [UserRegionRow]
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            rows = try JSONDecoder().decode([UserRegionRow].self, from: data)
        } catch {
            throw .invalidUserFile(path: path, reason: Self.reason(error))
        }
        var merged = bundledRegions
        for region in rows.map(\.region) {
            if let index = merged.firstIndex(where: { $0.code == region.code }) {
                merged[index] = region
            } else {
                merged.append(region)
            }
        }
        return RegionTable(regions: merged)
    }

    /// The region with this code, e.g. `us-west-2`.
    public func region(code: String) -> Region? {
        regions.first { $0.code.caseInsensitiveCompare(code) == .orderedSame }
    }

    /// The region served by this cell, e.g. `cell-4-us-west-2-1`.
    public func region(cell: String) -> Region? {
        regions.first { $0.cell.caseInsensitiveCompare(cell) == .orderedSame }
    }

    /// The region with this code or, failing that, this cell.
    public func region(named name: String) -> Region? {
        region(code: name) ?? region(cell: name)
    }

    /// What an endpoint points at: a known region, a preprod cell, or a custom host.
    public func classify(endpoint: String) -> EndpointKind {
        let host = Endpoint.normalizedHost(endpoint)
        if let region = regions.first(where: { Endpoint.normalizedHost($0.endpoint) == host }) {
            return .region(region)
        }
        return Endpoint.isPreprod(host) ? .preprod(host: host) : .custom(host: host)
    }

    /// `endpoint` for a person: `Asia Pacific (Tokyo) (cell-…)`, `host (preprod)` or
    /// `host (custom)`, the host made inert.
    public func describe(endpoint: String) -> String {
        switch classify(endpoint: endpoint) {
        case .region(let region): "\(region.name) (\(region.endpoint))"
        case .preprod(let host): "\(TextSanitizer.inert(host)) (preprod)"
        case .custom(let host): "\(TextSanitizer.inert(host)) (custom)"
        }
    }

    private static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "a row lacks \"\(key.stringValue)\""
        case DecodingError.typeMismatch, DecodingError.valueNotFound:
            "a field has the wrong type"
        case DecodingError.dataCorrupted: "it is not valid JSON"
        default: "it cannot be read"
        }
    }
}

/// What an endpoint points at.
public enum EndpointKind: Sendable, Hashable {
    /// A region of the table.
    case region(Region)
    /// A pre-production cell (`*.preprod.a.momentohq.com`).
    case preprod(host: String)
    /// Any other host, such as a private cell.
    case custom(host: String)
}

/// Why the user's regions file was not used.
public enum RegionTableError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file exists but is not a JSON array of region rows.
    case invalidUserFile(path: String, reason: String)

    /// A sentence for a person.
    public var description: String {
        switch self {
        case .invalidUserFile(let path, let reason):
            "Ignoring \(path): \(reason). Each row needs \"region\", \"name\" and \"cell\"."
        }
    }
}

/// A row of the user's regions file: `endpoint` and `http_endpoint` may be left out.
struct UserRegionRow: Decodable {
    let region: Region

    enum CodingKeys: String, CodingKey {
        case region, name, cell, endpoint
        case httpEndpoint = "http_endpoint"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let cell = try container.decode(String.self, forKey: .cell)
        let endpoint =
            try container.decodeIfPresent(String.self, forKey: .endpoint)
            ?? "\(cell).prod.a.momentohq.com"
        region = Region(
            code: try container.decode(String.self, forKey: .region),
            name: try container.decode(String.self, forKey: .name),
            cell: cell,
            endpoint: endpoint,
            httpEndpoint: try container.decodeIfPresent(String.self, forKey: .httpEndpoint)
                ?? "https://api.cache.\(Endpoint.normalizedHost(endpoint))")
    }
}
