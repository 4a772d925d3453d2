import ArgumentParser
import Foundation
import PromoBytecode
import PromoCompiler
import PromoHistory
import PromoSemantics
import PromoVM

/// `promo dryrun`: replays a history database's receipts through the compiled promos.
public struct DryRunCommand: OutputCommand {
    public static let configuration = CommandConfiguration(
        commandName: "dryrun",
        abstract: "Replay historical receipts through promos: what they would have cost, and who would have got them.",
        discussion: """
            Compiles PROMOS, then replays the receipts of the history database (docs/history-schema.md) \
            in time order, customer by customer: each receipt's customer figures (purchases, spend, days \
            since the last purchase, ...) are computed from the receipts before it, and counters, uses, \
            bonus and chips are carried from one receipt to the next. Prints the report per promo \
            (docs/dryrun-report.md) as a table, or --json, --csv, --html FILE.

            --shard I/N replays one shard of the customers (I from 1 to N) and writes its partial \
            report as JSON (--out FILE); `promo report merge` adds the partials into the report of the \
            whole run. The results are the same for any number of threads and shards.

            Exit status: 0 when the run finished, 1 when the promos do not compile or the history is \
            refused (the message names the table and row), 2 for a bad command line or unreadable file.
            """
    )

    @Argument(help: "Promo files, or folders to search for *.promo files.")
    public var paths: [String]

    @Option(help: ArgumentHelp("The history database (SQLite).", valueName: "file"))
    public var db: String

    @Option(help: ArgumentHelp("The first day to replay (YYYY-MM-DD, after --shift-weeks).", valueName: "date"))
    public var from: String?

    @Option(help: ArgumentHelp("The last day to replay (YYYY-MM-DD, after --shift-weeks).", valueName: "date"))
    public var to: String?

    @Option(help: ArgumentHelp("The promo set to compare with (files or folders); repeat for several.", valueName: "path"))
    public var baseline: [String] = []

    @Option(help: ArgumentHelp("Move every receipt this many weeks later (negative: earlier), so that history falls in the promos' dates; weekdays and hours stay.", valueName: "n"))
    public var shiftWeeks: Int = 0

    @Option(help: "Threads to replay on (default: one per core).")
    public var threads: Int?

    @Option(help: ArgumentHelp("Replay shard I of N of the customers and write its partial report (JSON).", valueName: "I/N"))
    public var shard: String?

    @Flag(help: "Print the report as JSON.")
    public var json = false

    @Flag(help: "Print the report as CSV.")
    public var csv = false

    @Option(help: ArgumentHelp("Write the report as a self-contained HTML page with charts.", valueName: "file"))
    public var html: String?

    @Option(name: [.short, .long], help: ArgumentHelp("Write the report (table, --json or --csv) to this file instead of printing it.", valueName: "file"))
    public var out: String?

    @Option(help: "When to colour diagnostics: auto, always or never.")
    public var color: ColorChoice = .auto

    public init() {}

    public func run(output out: CommandOutput) -> Int32 {
        var options = ReplayOptions()
        if let from {
            guard let d = HistoryDatabase.date(from) else { return usage("--from \(from) is not a date (YYYY-MM-DD)", out) }
            options.from = d
        }
        if let to {
            guard let d = HistoryDatabase.date(to) else { return usage("--to \(to) is not a date (YYYY-MM-DD)", out) }
            options.to = d
        }
        if let a = options.from, let b = options.to, b < a { return usage("--to \(b) is before --from \(a)", out) }
        if let shard {
            guard let s = DryRunCommand.parseShard(shard) else {
                return usage("--shard \(shard): expected I/N with 1 ≤ I ≤ N, like 2/8", out)
            }
            options.shard = (s.index - 1, s.count)
            guard json || self.out != nil || (!csv && html == nil) else {
                return usage("--shard writes a partial report as JSON; --csv and --html are for whole reports (`promo report merge`)", out)
            }
        }
        if let threads, threads < 1 || threads > 256 { return usage("--threads \(threads): from 1 to 256", out) }
        options.threads = threads ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
        options.shiftDays = shiftWeeks * 7

        let compiled: (ReplaySet, Program)
        switch DryRunCommand.compile(paths, color: color, output: out) {
        case .success(let c): compiled = c
        case .failure(let code): return code.status
        }
        var baselineSet: (ReplaySet, Program)?
        if !baseline.isEmpty {
            switch DryRunCommand.compile(baseline, color: color, output: out) {
            case .success(let c): baselineSet = c
            case .failure(let code): return code.status
            }
        }
        let database: HistoryDatabase
        let plan: FigurePlan
        do {
            database = try HistoryDatabase(path: db)
            plan = try FigurePlan(facts: DryRunCommand.union(compiled.1.facts, baselineSet?.1.facts ?? []))
        } catch {
            out.write("error: \(error)\n", to: .standardError)
            return ExitStatus.failure
        }
        if database.currency != compiled.0.bundle.currencyCode && !compiled.0.bundle.currencyCode.isEmpty {
            out.write("error: \(database.name) is in \(database.currency) but the promos' prices are in \(compiled.0.bundle.currencyCode)\n",
                      to: .standardError)
            return ExitStatus.failure
        }
        for key in plan.unknown {
            out.write("warning: the history does not give the figure `\(key)`: comparisons with it are false in the dry-run\n",
                      to: .standardError)
        }
        // A progress bar only for a person watching a terminal.
        if out is StandardStreams && isatty(2) == 1 { options.progress = ProgressBar.printer() }
        let replay = Replay(database: database, main: compiled.0, baseline: baselineSet?.0, plan: plan)
        let report: DryRunReport
        do {
            report = try replay.run(options)
        } catch {
            if options.progress != nil { out.write("\n", to: .standardError) }
            out.write("error: \(error)\n", to: .standardError)
            return ExitStatus.failure
        }
        if options.progress != nil { out.write("\n", to: .standardError) }
        return DryRunCommand.write(report, json: json || options.shard != nil, csv: csv, html: html, to: self.out, output: out)
    }

    func usage(_ message: String, _ out: CommandOutput) -> Int32 {
        out.write("error: \(message)\n", to: .standardError)
        return ExitStatus.usage
    }

    static func parseShard(_ text: String) -> (index: Int, count: Int)? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= 100_000, i >= 1, i <= n else { return nil }
        return (i, n)
    }

    /// Every figure of both sets, each once, in key order.
    static func union(_ a: [Fact], _ b: [Fact]) -> [Fact] {
        var seen = Set<String>()
        return (a + b).filter { seen.insert($0.description).inserted }.sorted { $0.description < $1.description }
    }

    /// Checks and compiles promo files into the bundle the VM runs (encoded and verified, as a
    /// till would load it).
    static func compile(_ paths: [String], color: ColorChoice, output: CommandOutput) -> Result<(ReplaySet, Program), ExitCodeValue> {
        let program: Program
        switch Compilation.program(paths: paths, directory: nil, catalogPath: nil, color: color, output: output) {
        case .success(let p): program = p
        case .failure(let code): return .failure(code)
        }
        do {
            let bundle = try LoadedBundle(bytes: BundleFormat.encode(BundleCompiler.compile(program)))
            return .success((ReplaySet(bundle: bundle), program))
        } catch {
            output.write("error: the compiled bundle is refused: \(error)\n", to: .standardError)
            return .failure(ExitCodeValue(ExitStatus.failure))
        }
    }

    /// Writes a report in the format asked for: HTML to its file, the table, JSON or CSV to
    /// `path` or the standard output. Files are written whole or not at all.
    static func write(_ report: DryRunReport, json: Bool, csv: Bool, html: String?, to path: String?, output out: CommandOutput) -> Int32 {
        if let html {
            do {
                try writeAtomically(Array(report.html().utf8), to: html)
            } catch {
                out.write("error: cannot write \(html): \(error.localizedDescription)\n", to: .standardError)
                return ExitStatus.usage
            }
            if !json && !csv && path == nil { return ExitStatus.success }
        }
        let text = json ? report.json() : csv ? report.csv() : report.table()
        if let path {
            do {
                try writeAtomically(Array(text.utf8), to: path)
            } catch {
                out.write("error: cannot write \(path): \(error.localizedDescription)\n", to: .standardError)
                return ExitStatus.usage
            }
        } else {
            out.write(text.hasSuffix("\n") ? text : text + "\n", to: .standardOutput)
        }
        return ExitStatus.success
    }
}

/// `promo report merge`: adds shards' partial reports into the report of the whole run.
public struct ReportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Work with dry-run reports.",
        subcommands: [ReportMergeCommand.self]
    )
    public init() {}
}

public struct ReportMergeCommand: OutputCommand {
    public static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Add the partial reports of a dry-run's shards into the report of the whole run.",
        discussion: """
            Each FILE is the JSON a `promo dryrun --shard I/N` wrote. They must come from one run (the \
            same promos, baseline, database and period) and hold every shard once; the merged report \
            is the one a single run gives.
            """
    )

    @Argument(help: "Partial reports (JSON).")
    public var files: [String]

    @Flag(help: "Merge even when shards are missing (the report then covers only those given).")
    public var allowMissing = false

    @Flag(help: "Print the report as JSON.")
    public var json = false

    @Flag(help: "Print the report as CSV.")
    public var csv = false

    @Option(help: ArgumentHelp("Write the report as a self-contained HTML page with charts.", valueName: "file"))
    public var html: String?

    @Option(name: [.short, .long], help: ArgumentHelp("Write the report to this file instead of printing it.", valueName: "file"))
    public var out: String?

    public init() {}

    public func run(output out: CommandOutput) -> Int32 {
        var parts: [(file: String, report: DryRunReport)] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                out.write("error: cannot read \(file)\n", to: .standardError)
                return ExitStatus.usage
            }
            do {
                parts.append((file, try DryRunReport(json: String(decoding: data, as: UTF8.self), file: file)))
            } catch {
                out.write("error: \(error)\n", to: .standardError)
                return ExitStatus.failure
            }
        }
        let merged: DryRunReport
        do {
            merged = try DryRunReport.merge(parts, allowPartial: allowMissing)
        } catch {
            out.write("error: \(error)\n", to: .standardError)
            return ExitStatus.failure
        }
        return DryRunCommand.write(merged, json: json, csv: csv, html: html, to: self.out, output: out)
    }
}

/// A progress bar with the share done and the time left, redrawn in place on a terminal.
enum ProgressBar {
    static func printer() -> @Sendable (Int64, Int64) -> Void {
        let start = ContinuousClock.now
        return { done, total in
            let total = max(total, done, 1)
            let width = 30
            let filled = Int(done * Int64(width) / total)
            let elapsed = ContinuousClock.now - start
            let ms = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
            let left = done > 0 ? (ms * (total - done) / done + 999) / 1000 : 0
            let eta = done > 0 ? "\(left / 60):" + (left % 60 < 10 ? "0" : "") + "\(left % 60)" : "--:--"
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            FileHandle.standardError.write(Data("\r[\(bar)] \(done * 100 / total)% \(done)/\(total) receipts, ETA \(eta) ".utf8))
        }
    }
}
