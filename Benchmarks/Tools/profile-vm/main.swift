import Foundation
import HandWrittenPromos
import PromoVM
import VMBenchmarkSupport

// A driver for profilers: evaluates the VM benchmark's receipts over and over, in one function
// that profilers can be told to watch.
//
//     swift build -c release --product profile-vm
//     valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*evaluateReceipts*' \
//         .build/release/profile-vm full 2000
//     heaptrack .build/release/profile-vm full 2000
//
// `full` is the 200-promo bundle, `core` the ten core promos, `hand` the hand-written promos;
// the count is how many receipts to evaluate (after one warm-up round of all of them). With
// `--applied` (here and in the `cabi` modes) the evaluator traces only the promos that applied,
// as a till sets it (`Evaluator.traceDetail`, `promo_evaluator_set_trace`).
//
// `load N` loads the 1,000-promo bundle N times (after one warm-up load), in `loadBundles`:
//
//     valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*loadBundles*' \
//         .build/release/profile-vm load 20
//
// `threads N [--separate]` compares one thread with two (Threads.swift).
//
// `memory` prints what the loaded 1,000-promo bundle itself holds: the process's resident size
// and the heap in use (glibc's `mallinfo2`) with the bundle's bytes in memory, and again with the
// loaded bundle alive (the bytes and everything made while loading dropped).
let arguments = Array(CommandLine.arguments.dropFirst())
let mode = arguments.first ?? "full"
let count = arguments.count > 1 ? Int(arguments[1]) ?? 10_000 : 10_000
let traceDetail: TraceDetail = arguments.contains("--applied") ? .applied : .all
guard ["full", "core", "hand", "load", "memory", "cabi", "cabi-json", "cabi-core", "threads"].contains(mode) else {
    FileHandle.standardError.write(Data("usage: profile-vm [full|core|hand|load|memory|cabi|cabi-json|cabi-core|threads] [RECEIPTS|LOADS]\n".utf8))
    exit(2)
}
if mode == "threads" {
    try runThreadsMode(count: count, separate: arguments.contains("--separate"), traceDetail: traceDetail)
    exit(0)
}
if mode.hasPrefix("cabi") {
    try runCABIMode(mode, count: count, traceDetail: traceDetail)
    exit(0)
}
if mode == "load" || mode == "memory" {
    runLoadMode(mode, count: count)
    exit(0)
}
let inputs = try VMBenchmarkInputs.make()
let receipts = inputs.receipts

@inline(never)
func evaluateReceipts(_ evaluator: inout Evaluator, _ n: Int) -> Int64 {
    var sum: Int64 = 0
    for k in 0..<n {
        do { sum &+= try evaluator.evaluate(receipts[k % receipts.count]).finalTotal } catch { fatalError("\(error)") }
    }
    return sum
}

@inline(never)
func evaluateReceiptsByHand(_ hand: inout HandWrittenPromos, _ n: Int) -> Int64 {
    var sum: Int64 = 0
    for k in 0..<n {
        hand.evaluate(receipts[k % receipts.count])
        sum &+= hand.outcome.finalTotal
    }
    return sum
}

let clock = ContinuousClock()
let elapsed: Duration
var checksum: Int64 = 0
if mode == "hand" {
    var hand = HandWrittenPromos()
    checksum &+= evaluateReceiptsByHand(&hand, receipts.count)
    elapsed = clock.measure { checksum &+= evaluateReceiptsByHand(&hand, count) }
} else {
    var evaluator = Evaluator(bundle: mode == "full" ? inputs.fullBundle : inputs.coreBundle)
    evaluator.traceDetail = traceDetail
    checksum &+= evaluateReceipts(&evaluator, receipts.count)
    elapsed = clock.measure { checksum &+= evaluateReceipts(&evaluator, count) }
}
let (seconds, attoseconds) = elapsed.components
let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
if mode != "hand", arguments.contains("--stats") {
    // What an average receipt costs the VM: candidate promos, applied ones, steps.
    var evaluator = Evaluator(bundle: mode == "full" ? inputs.fullBundle : inputs.coreBundle)
    var traced = 0, applied = 0, steps: Int64 = 0, discounted = 0
    var reasons: [String: Int] = [:]
    for receipt in receipts {
        let result = try evaluator.evaluate(receipt)
        traced += result.trace.count
        applied += result.trace.filter(\.applied).count
        for entry in result.trace { reasons[entry.reason.map { "\($0)" } ?? "applied", default: 0] += 1 }
        steps += result.steps
        discounted += result.lines.filter { $0.finalAmount < $0.originalAmount }.count
    }
    let n = receipts.count
    for (reason, k) in reasons.sorted(by: { $0.value > $1.value }) { print("  \(reason): \(k / n) per receipt") }
    print("per receipt: \(traced / n) candidates traced, \(applied / n) applied, \(steps / Int64(n)) steps, \(discounted / n) lines discounted")
}
print("\(mode): \(count) receipts, \(nanoseconds / Int64(max(1, count))) ns per receipt on average (checksum \(checksum))")
