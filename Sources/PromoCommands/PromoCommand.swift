import ArgumentParser
import Foundation

/// The `promo` tool: compiles, checks and runs promo files.
public struct PromoCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "promo",
        abstract: "Check, build and run retail promotions written in the promo language.",
        subcommands: [CheckCommand.self, BuildCommand.self, TestCommand.self, EvalCommand.self, DisasmCommand.self,
                      KeygenCommand.self, DryRunCommand.self, SegmentCommand.self, ReportCommand.self,
                      HistoryCommand.self, FormatCommand.self, LSPCommand.self, ExplainCommand.self]
    )
    public init() {}
}

/// A command that writes through a ``CommandOutput`` and returns its exit code, so that tests
/// can run it without starting a process.
public protocol OutputCommand: ParsableCommand {
    func run(output: CommandOutput) -> Int32
}

extension OutputCommand {
    public func run() throws {
        let status = run(output: StandardStreams())
        if status != ExitStatus.success { throw ExitCode(status) }
    }
}

extension PromoCommand {
    /// Parses `arguments` (without the program's name), runs the command they name and returns
    /// the exit status. A bad command line prints its message and usage and gives status 2.
    public static func execute(_ arguments: [String], output: CommandOutput) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if let command = command as? OutputCommand {
                return command.run(output: output)
            }
            try command.run()
            return ExitStatus.success
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { output.write(message + "\n", to: .standardOutput) }
                return ExitStatus.success
            }
            if !message.isEmpty { output.write(message + "\n", to: .standardError) }
            return code == .validationFailure ? ExitStatus.usage : code.rawValue
        }
    }

    /// Runs the tool with the process's arguments and streams, and exits with its status.
    public static func runAndExit() -> Never {
        let status = execute(Array(CommandLine.arguments.dropFirst()), output: StandardStreams())
        Foundation.exit(status)
    }
}
