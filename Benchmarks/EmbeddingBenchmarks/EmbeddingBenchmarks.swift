import Benchmark
import CPromoVM
import Dispatch
import PromoBytecode
import PromoJSON
import PromoVM
import PromoVMC
import VMBenchmarkSupport

// The VM as a till embeds it: the VM benchmark's 30-line receipts against its 200-promo bundle
// through the C interface (promo_vm.h: receipts as structs and as JSON), and the Swift API on two
// threads sharing one bundle against one thread. The inputs are those of VMBenchmarks, made
// once before measuring.
//
// Run from Benchmarks/: `swift package benchmark --target EmbeddingBenchmarks` (release build).
// docs/benchmarks.md holds the recorded figures.

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .microseconds,
        warmupIterations: 1_000,
        maxDuration: .seconds(10),
        maxIterations: 200_000
    )

    Benchmark("C ABI structs, 200 promos, 30-line receipt") { benchmark, run in
        for _ in benchmark.scaledIterations {
            blackHole(run.evaluateStructs(run.nextIndex()))
        }
    } setup: {
        try CRun()
    }

    // As a till sets it: the result's trace lists only the promos that applied
    // (promo_evaluator_set_trace, Evaluator.traceDetail), all a till reads.
    Benchmark("C ABI structs, applied trace, 200 promos, 30-line receipt") { benchmark, run in
        for _ in benchmark.scaledIterations {
            blackHole(run.evaluateStructs(run.nextIndex()))
        }
    } setup: {
        try CRun(trace: Int32(PROMO_TRACE_APPLIED))
    }

    Benchmark("Swift API, applied trace, 200 promos, 30-line receipt") { benchmark, run in
        for _ in benchmark.scaledIterations {
            blackHole(run.evaluate())
        }
    } setup: {
        try SwiftRun()
    }

    Benchmark("C ABI JSON, 200 promos, 30-line receipt") { benchmark, run in
        for _ in benchmark.scaledIterations {
            blackHole(run.evaluateJSON(run.nextIndex()))
        }
    } setup: {
        try CRun()
    }

    // Throughput of threads sharing one loaded bundle: each iteration evaluates 2,000 receipts,
    // on one thread or split over two (each with its own evaluator).
    var threads = Benchmark.defaultConfiguration
    threads.metrics = [.wallClock, .cpuTotal, .mallocCountTotal]
    threads.timeUnits = .milliseconds
    threads.warmupIterations = 3
    threads.maxIterations = 200
    Benchmark("2000 receipts, one thread", configuration: threads) { benchmark, run in
        for _ in benchmark.scaledIterations {
            blackHole(run.evaluate(threads: 1))
        }
    } setup: {
        try ThreadsRun()
    }
    Benchmark("2000 receipts, two threads sharing the bundle", configuration: threads) { benchmark, run in
        for _ in benchmark.scaledIterations {
            blackHole(run.evaluate(threads: 2))
        }
    } setup: {
        try ThreadsRun()
    }
}

/// The inputs of the VM benchmark, made once per process.
enum Inputs {
    static let shared: Result<VMBenchmarkInputs, BenchmarkInputError> = Result { () throws(BenchmarkInputError) in
        try VMBenchmarkInputs.make()
    }
}

/// A C evaluator of the 200-promo bundle with the receipts as structs and as JSON.
final class CRun {
    let bundle: OpaquePointer
    let evaluator: OpaquePointer
    let arena = CStructArena()
    var structs: [promo_receipt]
    let json: [[CChar]]
    var next = 0

    init(trace: Int32 = Int32(PROMO_TRACE_ALL)) throws {
        let inputs = try Inputs.shared.get()
        let bytes = BundleFormat.encode(inputs.fullBundle.model)
        var handle: OpaquePointer?
        guard bytes.withUnsafeBytes({ promo_bundle_open($0.baseAddress, $0.count, nil, &handle, nil) }) == PROMO_OK,
              let handle else { throw BenchmarkInputError(message: "the C interface refused the bundle") }
        bundle = handle
        evaluator = promo_evaluator_new(handle)!
        guard promo_evaluator_set_trace(evaluator, trace, nil) == PROMO_OK else {
            throw BenchmarkInputError(message: "the C interface refused the trace detail \(trace)")
        }
        let arena = self.arena
        structs = inputs.receipts.map { arena.receipt($0) }
        let tags = ReceiptJSON.factTags(of: inputs.fullBundle)
        json = inputs.receipts.map { Array(ReceiptJSON.encode($0, decimals: 2, factTags: tags).serialized().utf8CString.dropLast()) }
        // The C interface gives what the Swift API gives, or the figures would mean nothing.
        var swift = Evaluator(bundle: inputs.fullBundle)
        swift.traceDetail = trace == Int32(PROMO_TRACE_APPLIED) ? .applied : .all
        for (i, receipt) in inputs.receipts.enumerated() {
            let expected = try swift.evaluate(receipt).finalTotal
            let structs = evaluateStructs(i), json = evaluateJSON(i)
            guard structs == expected, json == expected else {
                throw BenchmarkInputError(message: "the C interface and the Swift API differ on receipt \(i): final total "
                    + "\(expected) in Swift, \(structs) from structs, \(json) from JSON")
            }
        }
    }

    deinit {
        promo_evaluator_free(evaluator)
        promo_bundle_free(bundle)
    }

    /// The next receipt's index, round the receipts.
    func nextIndex() -> Int {
        let i = next
        next = next + 1 == structs.count ? 0 : next + 1
        return i
    }

    func evaluateStructs(_ i: Int) -> Int64 {
        var result: OpaquePointer?
        let status = structs.withUnsafeBufferPointer { promo_evaluate(evaluator, $0.baseAddress! + i, &result, nil) }
        guard status == PROMO_OK else { fatalError("the C interface failed on a benchmark receipt: status \(status)") }
        return promo_result_final_total(result)
    }

    func evaluateJSON(_ i: Int) -> Int64 {
        var result: OpaquePointer?
        let status = json[i].withUnsafeBufferPointer { promo_evaluate_json(evaluator, $0.baseAddress, $0.count, &result, nil) }
        guard status == PROMO_OK else { fatalError("the C interface failed on a benchmark receipt: status \(status)") }
        return promo_result_final_total(result)
    }
}

/// The Swift API with the trace of applied promos only, round the receipts.
final class SwiftRun {
    var evaluator: Evaluator
    let receipts: [Receipt]
    var next = 0

    init() throws {
        let inputs = try Inputs.shared.get()
        evaluator = Evaluator(bundle: inputs.fullBundle)
        evaluator.traceDetail = .applied
        receipts = inputs.receipts
    }

    func evaluate() -> Int64 {
        let receipt = receipts[next]
        next = next + 1 == receipts.count ? 0 : next + 1
        do {
            return try evaluator.evaluate(receipt).finalTotal
        } catch {
            fatalError("the VM failed on a benchmark receipt: \(error)")
        }
    }
}

/// Two evaluators of one loaded bundle, one per thread.
final class ThreadsRun: @unchecked Sendable {
    static let receiptsPerIteration = 2_000
    let lanes: [EvaluatorLane]

    init() throws {
        let inputs = try Inputs.shared.get()
        lanes = try (0..<2).map { _ in try EvaluatorLane(bundle: inputs.fullBundle, receipts: inputs.receipts) }
    }

    /// Evaluates the iteration's receipts on `threads` threads; each thread uses only its own
    /// lane.
    func evaluate(threads: Int) -> Int64 {
        let share = Self.receiptsPerIteration / threads
        let lanes = self.lanes
        DispatchQueue.concurrentPerform(iterations: threads) { t in lanes[t].run(share) }
        return lanes[0].total &+ lanes[1].total
    }
}
