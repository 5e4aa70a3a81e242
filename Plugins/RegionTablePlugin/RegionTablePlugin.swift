import Foundation
import PackagePlugin

/// Turns `Assets/regions.json` into Swift source so the table is compiled into the binary.
@main
struct RegionTablePlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let input = context.package.directoryURL.appending(path: "Assets/regions.json")
        let output = context.pluginWorkDirectoryURL.appending(path: "BundledRegions.swift")
        return [
            .buildCommand(
                displayName: "Embedding Assets/regions.json",
                executable: try context.tool(named: "RegionTableGenerator").url,
                arguments: [input.path(percentEncoded: false), output.path(percentEncoded: false)],
                inputFiles: [input],
                outputFiles: [output]
            )
        ]
    }
}
