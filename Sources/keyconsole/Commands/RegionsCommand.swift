import ArgumentParser
import Foundation
import KeyconsoleCore
import MomentoKeys
import TextKit

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
            table = try RegionTable.load(userFile: XDGDirectories().regionsFile)
        } catch {
            throw CLIError(error.description)
        }
        switch format {
        case .json:
            try Output.out(try JSONOutput.render(table.regions))
        case .table:
            let rows =
                [["REGION", "NAME", "ENDPOINT"]]
                + table.regions.map { region in
                    [region.code, region.name, region.endpoint].map(TextSanitizer.inert)
                }
            let widths = (0..<2).map { column in
                rows.map { DisplayWidth.of($0[column]) }.max() ?? 0
            }
            for row in rows {
                try Output.out(
                    DisplayWidth.pad(row[0], to: widths[0]) + "  "
                        + DisplayWidth.pad(row[1], to: widths[1]) + "  " + row[2])
            }
        }
    }
}
