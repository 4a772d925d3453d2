import Benchmark
import Foundation
import HandWrittenPromos
import PromoVM
import VMBenchmarkSupport

// The VM on one thread: a 30-line receipt against the generated 200-promo bundle, and the same
// receipts through ten of its promos written by hand in Swift and through the VM with only those
// ten. Each iteration evaluates one receipt; successive iterations go round 16 different receipts.
// The inputs are generated and compiled once, before measuring (VMBenchmarkInputs).
//
// Run from Benchmarks/: `swift package benchmark --target VMBenchmarks` (release build).
// docs/benchmarks.md holds the recorded figures.

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .microseconds,
        warmupIterations: 1_000,
        maxDuration: .seconds(10),
        maxIterations: 200_000
    )
    // The hand-written promos take a few microseconds: shown in nanoseconds.
    var fine = Benchmark.defaultConfiguration
    fine.timeUnits = .nanoseconds

    Benchmark("VM 200 promos, 30-line receipt") { benchmark, state in
        for _ in benchmark.scaledIterations {
            blackHole(state.evaluateVM())
        }
    } setup: {
        try VMRun(core: false)
    }

    Benchmark("hand-written 10 promos, 30-line receipt", configuration: fine) { benchmark, state in
        for _ in benchmark.scaledIterations {
            blackHole(state.evaluateHandWritten())
        }
    } setup: {
        try VMRun(core: true)
    }

    Benchmark("VM 10 promos, 30-line receipt") { benchmark, state in
        for _ in benchmark.scaledIterations {
            blackHole(state.evaluateVM())
        }
    } setup: {
        try VMRun(core: true)
    }

    // Loading the bundle of 1,000 promos (about 15,000 lines of promo files) from its bytes:
    // decoding, verifying every section and instruction, preparing the tables.
    var load = Benchmark.defaultConfiguration
    load.metrics = [.wallClock, .mallocCountTotal, .peakMemoryResident]
    load.warmupIterations = 3
    load.maxIterations = 500
    Benchmark("load and verify 1000-promo bundle", configuration: load) { benchmark, bytes in
        for _ in benchmark.scaledIterations {
            blackHole(try LoadedBundle(bytes: bytes))
        }
    } setup: {
        try LargeBundle.bytes()
    }

    // What the loaded bundle of 1,000 promos keeps in memory: the heap in use (glibc's
    // `malloc_info`) with the bundle alive less the heap in use just before loading it, the
    // bytes already in memory at both readings. Each iteration loads it anew (the previous
    // one freed first). The figure includes the harness's malloc counting headers (16 bytes an
    // allocation); `profile-vm memory` gives it without them, with the resident size.
    var memory = Benchmark.defaultConfiguration
    let heapKept = BenchmarkMetric.custom("bundle heap kept (KiB)", useScalingFactor: false)
    memory.metrics = [heapKept]
    memory.warmupIterations = 1
    memory.maxIterations = 20
    Benchmark("load 1000-promo bundle: memory kept", configuration: memory) { benchmark, bytes in
        for _ in benchmark.scaledIterations {
            let before = ProcessMemory.heapBytes()
            let bundle = try LoadedBundle(bytes: bytes)
            let after = ProcessMemory.heapBytes()
            benchmark.measurement(heapKept, (after - before) / 1024)
            blackHole(bundle)
        }
    } setup: {
        try LargeBundle.bytes()
    }

    // What the harness itself costs per iteration: taking the next receipt, nothing else.
    Benchmark("baseline: next receipt only", configuration: fine) { benchmark, state in
        for _ in benchmark.scaledIterations {
            blackHole(state.nextReceipt().lines.count)
        }
    } setup: {
        try VMRun(core: true)
    }
}

/// An evaluator (or the hand-written promos) with its receipts, kept across iterations.
final class VMRun {
    var evaluator: Evaluator
    var hand = HandWrittenPromos()
    let receipts: [Receipt]
    var next = 0

    init(core: Bool) throws {
        let inputs = try VMInputs.shared.get()
        evaluator = Evaluator(bundle: core ? inputs.coreBundle : inputs.fullBundle)
        receipts = inputs.receipts
    }

    func nextReceipt() -> Receipt {
        let receipt = receipts[next]
        next = next + 1 == receipts.count ? 0 : next + 1
        return receipt
    }

    /// The final total, so that nothing is optimized away.
    func evaluateVM() -> Int64 {
        let receipt = nextReceipt()
        do {
            return try evaluator.evaluate(receipt).finalTotal
        } catch {
            fatalError("the VM failed on a benchmark receipt: \(error)")
        }
    }

    func evaluateHandWritten() -> Int64 {
        hand.evaluate(nextReceipt())
        return hand.outcome.finalTotal
    }
}

/// The inputs, made once per process, with a check that the hand-written promos agree with the
/// VM on every receipt (otherwise their comparison would mean nothing).
enum VMInputs {
    static let shared: Result<VMBenchmarkInputs, BenchmarkInputError> = {
        let made = Result { () throws(BenchmarkInputError) in try VMBenchmarkInputs.make() }
        guard case .success(let inputs) = made else { return made }
        let differences = Agreement.differences(on: inputs.receipts, coreBundle: inputs.coreBundle)
        guard differences.isEmpty else {
            return .failure(BenchmarkInputError(message: "the hand-written promos and the VM differ:\n"
                + differences.joined(separator: "\n")))
        }
        return made
    }()
}
