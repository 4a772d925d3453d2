import ArgumentParser
import Foundation
import PromoLanguageServer

/// The `lsp` subcommand: the language server, for editors.
public struct LSPCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run the promo language server over standard input and output.",
        discussion: """
            An editor starts `promo lsp` and talks JSON-RPC with it over standard input and output \
            (the Language Server Protocol, Content-Length framing). The server checks each open \
            document with the other .promo files of its folder and the standard library, as \
            `promo check FOLDER` would, and publishes the diagnostics on open, change and save. It \
            answers hover (the type and declaration of a name), go to definition and completion.

            Exit status: 0 after the client's `shutdown` and `exit`, 1 when the input ends first \
            or cannot be read.
            """
    )

    public init() {}

    public func run() throws {
        let status = StdioTransport.run(input: .standardInput, output: .standardOutput) { message in
            FileHandle.standardError.write(Data((message + "\n").utf8))
        }
        if status != ExitStatus.success { throw ExitCode(status) }
    }
}
