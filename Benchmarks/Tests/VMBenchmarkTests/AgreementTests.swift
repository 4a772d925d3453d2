import HandWrittenPromos
import PromoBenchmarkInputs
import PromoVM
import Testing
import VMBenchmarkSupport

/// The comparison of the VM benchmark is meaningful only if the hand-written promos give what
/// the VM gives on the benchmark's receipts.
@Suite struct AgreementTests {
    let inputs: VMBenchmarkInputs

    init() throws {
        inputs = try VMBenchmarkInputs.make()
    }

    @Test func theSetChecksClean() {
        #expect(inputs.warnings.isEmpty, "\(inputs.warnings)")
        #expect(inputs.set.promoCount == 200)
        #expect(inputs.receipts.count == 16)
        #expect(inputs.receipts.allSatisfy { $0.lines.count == 30 && $0.customer != nil })
    }

    /// The VM's results on the whole set keep its invariants and are the same when evaluated again.
    @Test func theVMIsSoundOnTheWholeSet() {
        let figures = ReceiptFigures(receipts: inputs.receipts, bundle: inputs.fullBundle)
        #expect(figures.problems.isEmpty, "\(figures.problems.joined(separator: "\n"))")
        #expect(figures.applied.allSatisfy { $0 >= 10 }, "the receipts should meet many promos: \(figures.applied)")
    }

    @Test func handWrittenPromosGiveWhatTheVMGives() {
        let differences = Agreement.differences(on: inputs.receipts, coreBundle: inputs.coreBundle)
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    }

    /// Every one of the ten promos applies on some receipt, so the agreement covers each.
    @Test func everyPromoIsExercised() {
        for (promo, applied) in Agreement.coverage(on: inputs.receipts, coreBundle: inputs.coreBundle) {
            #expect(applied > 0, "\(promo) applies on no receipt")
        }
    }

    /// More receipts of every size, from other seeds: the two agree beyond the benchmark's 16.
    @Test(arguments: [1, 2, 5, 12, 30, 45])
    func moreReceiptsAgree(lines: Int) {
        for seed: UInt64 in 1...40 {
            let receipts = BenchmarkReceipts.generate(for: inputs.set, factKeys: inputs.fullBundle.factKeys, count: 7,
                                                      lines: lines, seed: seed &* 0x9E37_79B9)
            let differences = Agreement.differences(on: receipts, coreBundle: inputs.coreBundle)
            #expect(differences.isEmpty, "seed \(seed): \(differences.joined(separator: "\n"))")
        }
    }

    /// The comparison notices when the two give different money.
    @Test func aDifferenceIsFound() throws {
        var evaluator = Evaluator(bundle: inputs.coreBundle)
        var hand = HandWrittenPromos()
        let vm = try evaluator.evaluate(inputs.receipts[0])
        hand.evaluate(inputs.receipts[1])
        #expect(!Agreement.differences(between: vm, and: hand.outcome, bundle: inputs.coreBundle).isEmpty)
    }
}
