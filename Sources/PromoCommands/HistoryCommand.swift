import ArgumentParser
import Foundation
import PromoHistory

/// `promo history`: the history databases the dry-run replays.
public struct HistoryCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Work with history databases of receipts (docs/history-schema.md).",
        subcommands: [HistoryGenerateCommand.self]
    )

    public init() {}
}

/// `promo history generate`: writes a synthetic chain's history.
public struct HistoryGenerateCommand: OutputCommand {
    public static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic history database: a chain, its customers and their receipts.",
        discussion: """
            The chain's catalogue and stores contain the goods, stores, coupons, promo codes and \
            customer segments the bundled promos name. The same options and seed give the same \
            file. The file is written under a temporary name next to --out and renamed when \
            complete, so an interrupted run never leaves a half-written file; an existing file \
            at --out is replaced.
            """
    )

    @Option(name: [.short, .long], help: "The history database to write.")
    public var out: String

    @Option(help: "Loyalty customers.")
    public var customers: Int = 20_000

    @Option(help: "Receipts over the period (70% from customers, the rest anonymous).")
    public var receipts: Int = 200_000

    @Option(help: "The seed of the random choices.")
    public var seed: UInt64 = 1

    @Option(help: "Days in the period.")
    public var days: Int = 365

    @Option(help: "The first day of the period, YYYY-MM-DD (default: the period ends on \(HistoryGenerator.Options.defaultEnd)).")
    public var start: String?

    public init() {}

    public func run(output: CommandOutput) -> Int32 {
        let generator = HistoryGenerator(options: HistoryGenerator.Options(
            customers: customers, receipts: receipts, seed: seed, start: start, days: days))
        for problem in generator.problems() {
            output.write(InputProblem(problem).rendered(colored: false), to: .standardError)
        }
        guard generator.problems().isEmpty else { return ExitStatus.usage }
        let clock = ContinuousClock()
        let began = clock.now
        let summary: HistoryGenerator.Summary
        do {
            let partial = try HistoryGenerator.temporaryPath(for: out)
            PartialFile.removeOnSignal(partial)
            defer { PartialFile.keepOnSignal() }
            summary = try generator.generate(to: out)
        } catch {
            output.write(InputProblem(error.description).rendered(colored: false), to: .standardError)
            return ExitStatus.usage
        }
        let elapsed = clock.now - began
        let tenths = elapsed.components.seconds * 10 + elapsed.components.attoseconds / 100_000_000_000_000_000
        output.write("""
            wrote \(out): \(counted(summary.stores, "store")), \(counted(summary.products, "product")), \
            \(counted(summary.customers, "customer")), \(counted(summary.receipts, "receipt")), \
            \(counted(summary.lines, "line")) from \(summary.firstDay) to \(summary.lastDay) \
            in \(tenths / 10).\(tenths % 10) s

            """, to: .standardError)
        return ExitStatus.success
    }
}

/// Removes the generator's temporary file when the process is interrupted (Ctrl-C, `kill`), so
/// that an interrupted run leaves nothing behind.
enum PartialFile {
    /// The file to remove, as a C string the signal handler can use.
    nonisolated(unsafe) private static var path: UnsafeMutablePointer<CChar>?
    private static let signals = [SIGINT, SIGTERM, SIGHUP]

    static func removeOnSignal(_ file: String) {
        keepOnSignal()
        path = strdup(file)
        for number in signals {
            signal(number) { number in
                if let path = PartialFile.path { unlink(path) }
                _exit(128 + number)
            }
        }
    }

    static func keepOnSignal() {
        for number in signals { signal(number, SIG_DFL) }
        free(path)
        path = nil
    }
}
