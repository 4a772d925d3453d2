import Dispatch
import Foundation
import PromoVM
import VMBenchmarkSupport

// `threads N [--separate]`: N receipts on one thread, then N on each of two threads at once, each
// thread with its own evaluator and its own receipts (decoded from their JSON), as the two-thread
// benchmark has them; prints the throughput of each and their ratio. With `--separate` each
// thread's evaluator has a bundle of its own (the same bytes loaded twice): what two threads
// give when they share nothing, beside what they give sharing one bundle.

func runThreadsMode(count: Int, separate: Bool, traceDetail: TraceDetail) throws {
    let first = try VMBenchmarkInputs.make()
    let second = separate ? try VMBenchmarkInputs.make() : first
    let lanes = [try EvaluatorLane(bundle: first.fullBundle, receipts: first.receipts, traceDetail: traceDetail),
                 try EvaluatorLane(bundle: second.fullBundle, receipts: second.receipts, traceDetail: traceDetail)]
    lanes[0].run(count / 10)
    lanes[1].run(count / 10)
    let clock = ContinuousClock()
    func nanoseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1e9 + Double(d.components.attoseconds) / 1e9
    }
    let one = nanoseconds(clock.measure { lanes[0].run(count) })
    let two = nanoseconds(clock.measure {
        DispatchQueue.concurrentPerform(iterations: 2) { t in lanes[t].run(count) }
    })
    let perSecondOne = Double(count) / one * 1e9, perSecondTwo = Double(2 * count) / two * 1e9
    print("threads\(separate ? " (separate bundles)" : ""): one thread \(Int(perSecondOne)) receipts/s, "
          + "two threads \(Int(perSecondTwo)) receipts/s: \(String(format: "%.2f", perSecondTwo / perSecondOne))x "
          + "(checksum \(lanes[0].total &+ lanes[1].total))")
}
