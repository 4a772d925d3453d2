import Foundation
import PackagePlugin

/// Embeds every `stdlib/*.promo` file of the package into the target as Swift string literals,
/// so the `promo` tool carries its standard library wherever it is installed.
@main
struct EmbedStdlibPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let stdlib = context.package.directoryURL.appending(path: "stdlib")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: stdlib.path)) ?? []
        let inputs = names.filter { $0.hasSuffix(".promo") }.sorted().map { stdlib.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedStdlib.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) stdlib files",
                executable: try context.tool(named: "EmbedStdlib").url,
                arguments: [output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            ),
        ]
    }
}
