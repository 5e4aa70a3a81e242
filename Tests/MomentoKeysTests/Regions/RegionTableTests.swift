import Foundation
import TestSupport
import Testing

@testable import MomentoKeys

@Suite("Regions")
struct RegionTableTests {
    /// The reference table: name, region code, cell.
    static let reference: [(String, String, String)] = [
        ("US East (N. Virginia)", "us-east-1", "cell-us-east-1-1"),
        ("US East (Ohio)", "us-east-2", "cell-1-us-east-2-1"),
        ("US West (Oregon)", "us-west-2", "cell-4-us-west-2-1"),
        ("Europe (Ireland)", "eu-west-1", "cell-1-eu-west-1-1"),
        ("Europe (London)", "eu-west-2", "cell-1-eu-west-2-1"),
        ("Europe (Frankfurt)", "eu-central-1", "cell-1-eu-central-1-1"),
        ("Europe (Stockholm)", "eu-north-1", "cell-1-eu-north-1-1"),
        ("Asia Pacific (Mumbai)", "ap-south-1", "cell-1-ap-south-1-1"),
        ("Asia Pacific (Tokyo)", "ap-northeast-1", "cell-ap-northeast-1-1"),
        ("Asia Pacific (Singapore)", "ap-southeast-1", "cell-1-ap-southeast-1-1"),
        ("Asia Pacific (Sydney)", "ap-southeast-2", "cell-1-ap-southeast-2-1"),
    ]

    @Test("the bundled table has the 11 regions of the reference, in order")
    func bundledTable() {
        #expect(RegionTable.bundled.regions.map(\.code) == Self.reference.map(\.1))
    }

    @Test("every row: lookups, endpoints and round trips", arguments: reference)
    func row(name: String, code: String, cell: String) throws {
        let table = RegionTable.bundled
        let region = try #require(table.region(code: code))
        #expect(region.name == name)
        #expect(region.cell == cell)
        #expect(region.endpoint == "\(cell).prod.a.momentohq.com")
        #expect(region.httpEndpoint == "https://api.cache.\(cell).prod.a.momentohq.com")
        #expect(table.region(cell: cell) == region)
        #expect(table.region(code: code.uppercased()) == region)
        for spelling in [
            region.endpoint, "cache.\(region.endpoint)", "https://\(region.endpoint)/",
            region.httpEndpoint, region.endpoint.uppercased() + ".",
        ] {
            #expect(table.classify(endpoint: spelling) == .region(region), "\(spelling)")
        }
        #expect(Endpoint.keyManagementBaseURL(for: region.endpoint) == Endpoint.productionKeyAPI)
    }

    @Test("the bundled table matches Assets/regions.json")
    func matchesAsset() throws {
        let asset = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Assets/regions.json")
        let rows = try JSONDecoder().decode([Region].self, from: Data(contentsOf: asset))
        #expect(rows == RegionTable.bundled.regions)
    }

    @Test("preprod endpoints are recognised and use the preprod key API")
    func preprod() {
        let host = "cell-alpha-dev.preprod.a.momentohq.com"
        #expect(RegionTable.bundled.classify(endpoint: "cache." + host) == .preprod(host: host))
        #expect(
            Endpoint.keyManagementBaseURL(for: host).absoluteString
                == "https://mga.registry.preprod.a.momentohq.com")
    }

    @Test("an endpoint is described by its region and cell, or as preprod or custom, inert")
    func describe() {
        let table = RegionTable.bundled
        let tokyo = try! #require(table.region(code: "ap-northeast-1"))
        #expect(table.describe(endpoint: tokyo.endpoint) == "\(tokyo.name) (\(tokyo.endpoint))")
        #expect(
            table.describe(endpoint: "cell-alpha-dev.preprod.a.momentohq.com")
                == "cell-alpha-dev.preprod.a.momentohq.com (preprod)")
        #expect(
            table.describe(endpoint: "evil\u{1B}[2J.example") == "evil\u{FFFD}[2j.example (custom)")
    }

    @Test("other hosts are custom endpoints on the prod key API")
    func custom() {
        let host = "cell-9-us-east-1-1.prod.a.momentohq.com"
        #expect(RegionTable.bundled.classify(endpoint: host) == .custom(host: host))
        #expect(
            Endpoint.keyManagementBaseURL(for: host).absoluteString
                == "https://mga.registry.prod.a.momentohq.com")
        #expect(RegionTable.bundled.region(code: "mars-1") == nil)
    }

    @Test("host names are validated")
    func hostNames() {
        #expect(Endpoint.isValidHostName("cell-1-eu-west-1-1.prod.a.momentohq.com"))
        #expect(!Endpoint.isValidHostName("localhost"))
        #expect(!Endpoint.isValidHostName("bad host.example.com"))
        #expect(!Endpoint.isValidHostName("-x.example.com"))
        #expect(!Endpoint.isValidHostName("a..b"))
        #expect(!Endpoint.isValidHostName("é.example.com"))
    }

    @Test("the user's file overrides a row in place and adds private cells")
    func userFile() throws {
        let directory = TemporaryDirectory()
        let path = directory.write(
            "regions.json",
            """
            [
              {"region": "us-west-2", "name": "Oregon (ours)", "cell": "cell-4-us-west-2-1"},
              {"region": "eu-south-1", "name": "Milan (private)", "cell": "cell-private-eu-south-1",
               "endpoint": "cell-private-eu-south-1.prod.a.momentohq.com"}
            ]
            """)
        let table = try RegionTable.load(userFile: path)
        #expect(table.regions.count == 12)
        #expect(table.regions[2].name == "Oregon (ours)")
        #expect(
            table.regions[2].httpEndpoint
                == "https://api.cache.cell-4-us-west-2-1.prod.a.momentohq.com")
        let milan = try #require(table.region(code: "eu-south-1"))
        #expect(
            table.classify(endpoint: "cell-private-eu-south-1.prod.a.momentohq.com")
                == .region(milan))
    }

    @Test("a missing user file means the bundled table; a broken one is an error")
    func brokenUserFile() throws {
        let directory = TemporaryDirectory()
        #expect(try RegionTable.load(userFile: directory.path + "/none.json") == .bundled)
        let path = directory.write("regions.json", #"[{"region": "x"}]"#)
        #expect(
            throws: RegionTableError.invalidUserFile(path: path, reason: "a row lacks \"cell\"")
        ) {
            try RegionTable.load(userFile: path)
        }
    }
}
