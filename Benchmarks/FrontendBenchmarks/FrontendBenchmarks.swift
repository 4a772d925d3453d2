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
}

enum BenchmarkInput {
    /// The generated promo set as front-end inputs; reports on standard error what the front
    /// end finds wrong with it, so a benchmark never measures a set that stopped checking clean
    /// without saying so.
    static func sources() -> [SourceInput] {
        let set = PromoSetGenerator.generate(promos: 1_000, files: 20)
        let inputs = set.files.map { SourceInput(path: $0.path, text: $0.text) }
        let result = Frontend.check(inputs)
        if !result.diagnostics.isEmpty {
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
        return inputs
    }
}
