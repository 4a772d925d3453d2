import Benchmark
import Foundation
import PromoCompiler
import PromoHistory
import PromoSemantics
import PromoVM

// The analysts' dry-run over a generated history of 1,000,000 receipts (about 8 million lines;
// `DRYRUN_RECEIPTS` sets another count): the bundled promos/ replayed on two threads, beside the
// floor, the same rows read in the same order by the same two threads and nothing done with them.
// The history is generated once, into the system's temporary folder, and kept for later runs
// (promo history generate, seed 1, one customer per ten receipts); promos/ is compiled once.
//
// Run from Benchmarks/: `swift package benchmark --target DryRunBenchmarks` (release build).
// docs/benchmarks.md holds the recorded figures.

struct DryRunInputs: Sendable {
    let replay: Replay
    let receipts: Int

    static func make() throws -> DryRunInputs {
        let receipts = Int(ProcessInfo.processInfo.environment["DRYRUN_RECEIPTS"] ?? "") ?? 1_000_000
        // (Named after the schema's indexes too: a history kept from a run with other indexes
        // is made again.)
        let indexes = HistorySchema.indexes.joined().utf8.reduce(UInt32(0)) { $0 &* 31 &+ UInt32($1) }
        let path = NSTemporaryDirectory() + "promo-dryrun-bench-\(receipts)-\(String(indexes, radix: 16)).db"
        if !FileManager.default.fileExists(atPath: path) {
            var options = HistoryGenerator.Options()
            options.receipts = receipts
            options.customers = max(1, receipts / 10)
            _ = try HistoryGenerator(options: options).generate(to: path)
        }
        // promos/ of the repository, beside this folder.
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("promos")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".promo") }.sorted()
        let inputs = try files.map { SourceInput(path: $0, text: try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)) }
        let result = Frontend.check(inputs, options: FrontendOptions())
        guard let program = result.program else { throw BenchmarkInputError("promos/ does not compile") }
        let bundle = try LoadedBundle(bytes: BundleCompiler.bytes(program))
        let database = try HistoryDatabase(path: path)
        let replay = Replay(database: database, main: ReplaySet(bundle: bundle), baseline: nil, plan: try FigurePlan(facts: program.facts))
        return DryRunInputs(replay: replay, receipts: receipts)
    }

    var options: ReplayOptions {
        var o = ReplayOptions()
        o.threads = 2
        o.shiftDays = 52 * 7
        return o
    }
}

struct BenchmarkInputError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .throughput],
        timeUnits: .milliseconds,
        warmupIterations: 0,
        maxDuration: .seconds(120),
        maxIterations: 3
    )

    Benchmark("dry-run promos/, 2 threads") { benchmark, inputs in
        for _ in benchmark.scaledIterations {
            blackHole(try inputs.replay.run(inputs.options).scan.receipts)
        }
    } setup: {
        try DryRunInputs.make()
    }

    Benchmark("floor: the same rows read, 2 threads") { benchmark, inputs in
        for _ in benchmark.scaledIterations {
            blackHole(try inputs.replay.scanOnly(inputs.options))
        }
    } setup: {
        try DryRunInputs.make()
    }
}
