import Benchmark
import Foundation
import PromoBenchmarkInputs
import PromoDiagnostics
import PromoSemantics
import PromoSyntax

// The front end over a generated set of 1,000 promos (about 15,000 lines in 21 files, see
// PromoSetGenerator). The set is generated once, before measuring; each iteration checks or
// parses all of it from the source text.
//
// Run from Benchmarks/: `swift package benchmark` (release build). docs/benchmarks.md holds the
// recorded figures.

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .milliseconds,
        warmupIterations: 2,
        maxDuration: .seconds(10),
        maxIterations: 100
    )

    // `Frontend.check`: parse, with the bundled standard library, then resolve, check and analyse.
    Benchmark("Frontend.check 1000 promos") { benchmark, inputs in
        for _ in benchmark.scaledIterations {
            blackHole(Frontend.check(inputs))
        }
    } setup: {
        BenchmarkInput.sources()
    }

    // The parser's share: the same files read into a source map and parsed, nothing more (the
    // standard library is not parsed here).
    Benchmark("parse-only 1000 promos") { benchmark, inputs in
        for _ in benchmark.scaledIterations {
            var sources = SourceMap()
            for input in inputs {
                let file = sources.add(path: input.path, text: input.text)
                blackHole(Parser.parse(file))
            }
        }
    } setup: {
        BenchmarkInput.sources()
    }

    // The whole-set analyses alone (`Analysis.run`: order of same-priority promos, shadowing,
    // schedules, worst-case discounts...) on the variant of the set whose promos share priorities
    // where their order cannot matter, so the pairwise order analysis has pairs to look at. The
    // set is checked once in setup; each iteration runs the analyses on the checked program,
    // with `--today` and `--max-discount` given so that every analysis runs.
    Benchmark("Analysis 1000 promos") { benchmark, program in
        for _ in benchmark.scaledIterations {
            blackHole(Analysis.run(program, options: BenchmarkInput.analysisOptions))
        }
    } setup: {
        BenchmarkInput.sharedPriorityProgram()
    }
}

enum BenchmarkInput {
    /// The options of `promo check --today 2026-12-01 --max-discount 70%`: the season's first
    /// day (no promo of the set is over yet) and the chain's policy for a line's discount.
    static let analysisOptions = AnalysisOptions(today: DateLiteral(year: 2026, month: 12, day: 1),
                                                 maxDiscount: Percent(millionths: 700_000))

    /// The checked program of the set with shared priorities; reports on standard error how many
    /// pairs of promos share a priority, and what the front end finds wrong with the set (the
    /// analyses run on a program only when it has no errors).
    static func sharedPriorityProgram() -> Program {
        let set = PromoSetGenerator.generate(promos: 1_000, files: 20, sharedPriorities: true)
        let inputs = set.files.map { SourceInput(path: $0.path, text: $0.text) }
        let result = Frontend.check(inputs, options: FrontendOptions(today: analysisOptions.today,
                                                                      maxDiscount: analysisOptions.maxDiscount))
        report(result, set: set)
        guard let program = result.program else {
            fatalError("the benchmark's promo set with shared priorities has errors")
        }
        var byPriority: [Int64: Int] = [:]
        for promo in program.promos { byPriority[promo.priority, default: 0] += 1 }
        let pairs = byPriority.values.reduce(0) { $0 + $1 * ($1 - 1) / 2 }
        let shared = byPriority.values.filter { $0 > 1 }
        let note = "note: \(program.promos.count) promos, \(byPriority.count) priorities, \(shared.count) of them shared by "
            + "\(shared.reduce(0, +)) promos (at most \(shared.max() ?? 0) on one): \(pairs) same-priority pairs\n"
        FileHandle.standardError.write(Data(note.utf8))
        return program
    }

    static func report(_ result: FrontendResult, set: PromoSet) {
        guard !result.diagnostics.isEmpty else { return }
        let first = result.diagnostics.prefix(3).map { d -> String in
            let location = result.sources.location(of: d.span)
            return "\(location.file.path):\(location.start.line):\(location.start.column): \(d.code.rawValue) \(d.message)"
        }
        let note =
            "note: the benchmark's promo set (\(set.promoCount) promos, \(set.lineCount) lines) has "
                + "\(result.errorCount) errors and \(result.warningCount) warnings; first: "
                + first.joined(separator: "; ") + "\n"
        FileHandle.standardError.write(Data(note.utf8))
    }

    /// The generated promo set as front-end inputs; reports on standard error what the front
    /// end finds wrong with it, so a benchmark never measures a set that stopped checking clean
    /// without saying so.
    static func sources() -> [SourceInput] {
        let set = PromoSetGenerator.generate(promos: 1_000, files: 20)
        let inputs = set.files.map { SourceInput(path: $0.path, text: $0.text) }
        report(Frontend.check(inputs), set: set)
        return inputs
    }
}
