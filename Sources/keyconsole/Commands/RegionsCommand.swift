import ArgumentParser
import Foundation
import MomentoKeys

/// `keyconsole regions`: the regions table, bundled plus the user's file.
struct RegionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regions",
        abstract: "Print the regions (cells) keyconsole knows.",
        discussion: """
            The 11 public regions are built in; $XDG_CONFIG_HOME/keyconsole/regions.json adds \
            or overrides rows.

            Examples:
              keyconsole regions
              keyconsole regions --format json
            """)

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @Option(help: "table or json.")
    var format: Format = .table

    func run() throws {
        let table: RegionTable
        do {
            table = try RegionTable.load(userFile: RegionTable.userFilePath())
        } catch {
            throw CLIError(error.description)
        }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Output.out(String(decoding: try encoder.encode(table.regions), as: UTF8.self))
        case .table:
            let codeWidth = table.regions.map(\.code.count).max() ?? 6
            let nameWidth = table.regions.map(\.name.count).max() ?? 4
            func pad(_ text: String, _ width: Int) -> String {
                text + String(repeating: " ", count: max(0, width - text.count))
            }
            Output.out(pad("REGION", codeWidth) + "  " + pad("NAME", nameWidth) + "  ENDPOINT")
            for region in table.regions {
                Output.out(
                    pad(region.code, codeWidth) + "  " + pad(region.name, nameWidth) + "  "
                        + region.endpoint)
            }
        }
    }
}
