import Foundation
import PromoReference
import PromoSemantics
import PromoVM
import Testing

// The differential run: random well-typed promo sets and random receipts, each receipt through
// the compiled bundle on the VM and through the reference evaluator, compared field by field,
// and every VM result checked against the properties every result must have.
//
//     swift test --filter PromoDifferentialTests                         # the seeded run
//     PROMO_DIFF_CASES=100000 PROMO_DIFF_SEED=7 swift test --filter PromoDifferentialTests.differentialRun
//     PROMO_DIFF_SEED=7 PROMO_DIFF_CASE=123 swift test --filter PromoDifferentialTests.differentialRun

/// Receipts per generated set: compiling a set costs far more than a receipt.
let receiptsPerSet = 5

/// What a run found.
struct RunTally {
    var sets = 0
    var receipts = 0
    var bothEvaluated = 0
    var mismatches = 0
    var violations = 0
    /// Sets with two promos of one priority the checker accepted, and refused (P0501).
    var sharedAccepted = 0, sharedRefused = 0
    var reports: [String] = []

    mutating func note(_ text: String) {
        if reports.count < 3 { reports.append(text) }
    }
}

@Suite struct DifferentialTests {
    @Test func differentialRun() {
        let seed = RunSettings.seed
        let receipts = RunSettings.cases(default: 2_000)
        let only = RunSettings.onlyCase
        let clock = ContinuousClock.now
        var tally = RunTally()
        print("differential run: seed \(seed), \(receipts) receipts, \(receiptsPerSet) a promo set")
        // Sets are made until the receipts are run (a set the checker refuses for a shared
        // priority has none); case `n` is the n-th set of the seed.
        var n = only ?? 0
        let lastCase = 2 * receipts / receiptsPerSet + 100   // should sets keep being refused
        while only == nil ? tally.receipts < receipts && n < lastCase : n == only! {
            defer { n += 1 }
            var rng = SplitMix64.forCase(seed: seed, case: n)
            let generated = PromoSetGenerator.generate(&rng)
            let (compiled, problem) = CompiledSet.compile(source: generated.source)
            guard let set = compiled else {
                if refusedOnlyForSharedPriority(generated, problem) {
                    tally.sharedRefused += 1
                } else {
                    Issue.record("generator bug (seed \(seed), case \(n)): \(problem)")
                }
                continue
            }
            tally.sets += 1
            if generated.sharesPriority { tally.sharedAccepted += 1 }
            for k in 0..<receiptsPerSet {
                let receipt = ReceiptGenerator.receipt(&rng, set: generated, bundle: set.bundle)
                tally.receipts += 1
                let vm = Differential.vm(set, receipt)
                let reference = Differential.reference(set, receipt)
                if case .result = vm, case .result = reference { tally.bothEvaluated += 1 }
                let differences = Differential.differences(vm: vm, reference: reference, names: set.bundle.unitNames)
                if !differences.isEmpty {
                    tally.mismatches += 1
                    tally.note(Differential.report(seed: seed, set: n, receipt: k, source: generated.source, receipt: receipt,
                                                   bundle: set.bundle, differences: differences))
                }
                if case .result(let result) = vm {
                    let broken = Properties.violations(of: result, receipt: receipt, set: set)
                    if !broken.isEmpty {
                        tally.violations += 1
                        tally.note("PROPERTY: seed \(seed), case \(n), receipt \(k)\n--- promo set\n\(generated.source)\n--- receipt\n"
                                   + Differential.json(receipt, bundle: set.bundle) + "\n--- broken\n" + broken.joined(separator: "\n"))
                    }
                }
            }
        }
        let elapsed = ContinuousClock.now - clock
        print("differential run: seed \(seed): \(tally.sets) sets, \(tally.receipts) receipts, \(tally.bothEvaluated) evaluated by both, "
              + "\(tally.mismatches) mismatches, \(tally.violations) with broken properties, \(elapsed); sets with a shared priority: "
              + "\(tally.sharedAccepted) accepted, \(tally.sharedRefused) refused (P0501)")
        for report in tally.reports { print(report) }
        #expect(tally.receipts >= (only == nil ? receipts : 0))
        if only == nil && receipts >= 1_000 { #expect(tally.sharedAccepted > 0, "no set with a shared priority was accepted") }
        #expect(tally.mismatches == 0, "seed \(seed): \(tally.mismatches) of \(tally.receipts) receipts differ between the VM and the reference")
        #expect(tally.violations == 0, "seed \(seed): \(tally.violations) VM results break a property")
    }

    /// The result depends neither on the order of the receipt's lines nor on the order of the
    /// files the set is compiled from.
    @Test func lineAndFileOrder() {
        let seed = RunSettings.seed &+ 1
        let sets = max(1, RunSettings.cases(default: 2_000) / 20)
        var failures: [String] = []
        var permuted = 0, decided = 0, fileOrders = 0, sharedAccepted = 0
        for n in 0..<sets {
            var rng = SplitMix64.forCase(seed: seed, case: n)
            let generated = PromoSetGenerator.generate(&rng)
            let (compiled, problem) = CompiledSet.compile(source: generated.source)
            guard let set = compiled else {
                if !refusedOnlyForSharedPriority(generated, problem) { Issue.record("generator bug (seed \(seed), case \(n)): \(problem)") }
                continue
            }
            if generated.sharesPriority { sharedAccepted += 1 }
            // The same declarations over three files, compiled in two orders: promos of one
            // priority run in the order of the files, so a shared priority the checker accepted
            // is put to the test here.
            var files: [[String]] = [[], [], []]
            for d in generated.declarations { files[rng.int(0...2)].append(d) }
            let inputs = files.enumerated().map { SourceInput(path: "part\($0.offset).promo", text: $0.element.joined(separator: "\n\n") + "\n") }
            let (forward, p1) = CompiledSet.compile(inputs)
            let (backward, p2) = CompiledSet.compile(inputs.reversed())
            guard let forward, let backward else {
                failures.append("seed \(seed), case \(n): the split set does not compile: \(p1)\(p2)")
                continue
            }
            for k in 0..<3 {
                let receipt = ReceiptGenerator.receipt(&rng, set: generated, bundle: set.bundle, distinctAmounts: true)
                guard case .result(let whole) = Differential.vm(set, receipt) else { continue }
                let expected = Differential.fields(of: whole, names: set.bundle.unitNames, trace: true)
                for (label, other) in [("files in order", forward), ("files reversed", backward)] {
                    fileOrders += 1
                    guard case .result(let r) = Differential.vm(other, receipt) else {
                        failures.append("seed \(seed), case \(n), receipt \(k): \(label): refused")
                        continue
                    }
                    let got = Differential.fields(of: r, names: other.bundle.unitNames, trace: true)
                    let differing = zip(expected, got).filter { $0.text != $1.text }
                        .map { "\($0.name):\n    one file:  \($0.text)\n    \(label): \($1.text)" }
                    if !differing.isEmpty || got.count != expected.count {
                        failures.append("seed \(seed), case \(n), receipt \(k): \(label) gives another result\n"
                                        + differing.joined(separator: "\n") + "\n--- set\n\(generated.source)--- receipt\n"
                                        + Differential.json(receipt, bundle: set.bundle))
                    }
                }
                // The lines shuffled: unless the semantics decided something by line order
                // (the reference tells), each line's result, mapped back, and every figure of the
                // receipt are the same.
                guard receipt.lines.count > 1 else { continue }
                var order = Array(receipt.lines.indices)
                rng.shuffle(&order)
                var shuffled = receipt
                shuffled.lines = order.map { receipt.lines[$0] }
                guard case .result(let r) = Differential.vm(set, shuffled) else {
                    failures.append("seed \(seed), case \(n), receipt \(k): the shuffled receipt is refused")
                    continue
                }
                permuted += 1
                guard !Differential.decidedByLineOrder(set, receipt), !Differential.decidedByLineOrder(set, shuffled) else {
                    decided += 1
                    continue
                }
                let problems = Differential.compareShuffled(whole, r, order: order, names: set.bundle.unitNames)
                if !problems.isEmpty {
                    failures.append("seed \(seed), case \(n), receipt \(k): line order changes the result (order \(order))\n"
                                    + problems.joined(separator: "\n") + "\n--- set\n\(generated.source)\n--- receipt\n"
                                    + Differential.json(receipt, bundle: set.bundle))
                }
            }
        }
        print("line and file order: seed \(seed), \(sets) sets, \(permuted) shuffled receipts (\(decided) of them with something "
              + "decided by line order), \(fileOrders) file-order comparisons (\(sharedAccepted) sets with a shared priority), "
              + "\(failures.count) failures")
        for failure in failures.prefix(3) { print(failure) }
        #expect(failures.count == 0, "seed \(seed): \(failures.count) receipts depend on the order of lines or files")
        #expect(permuted - decided > sets / 2)
    }
}
