import PromoVM
import Testing

/// A case the differential run once found the VM and the reference evaluator disagreeing on (or
/// a VM result breaking a property): the promo set and the receipt, kept so that it stays fixed.
struct RegressionCase: Sendable, CustomTestStringConvertible {
    /// Where it came from: the seed and case number, and what was wrong.
    var name: String
    var source: String
    /// The receipt as JSON, as a till sends it.
    var receipt: String
    var testDescription: String { name }
}

@Suite struct RegressionTests {
    @Test(arguments: RegressionCase.all)
    func regression(_ c: RegressionCase) throws {
        let (compiled, problem) = CompiledSet.compile(source: c.source)
        let set = try #require(compiled, Comment(rawValue: problem))
        let receipt = try ReceiptJSON.decode(Array(c.receipt.utf8), bundle: set.bundle)
        let vm = Differential.vm(set, receipt)
        let differences = Differential.differences(vm: vm, reference: Differential.reference(set, receipt), names: set.bundle.unitNames)
        #expect(differences.isEmpty, Comment(rawValue: differences.joined(separator: "\n")))
        guard case .result(let result) = vm else {
            Issue.record("the VM refused the receipt: \(vm)")
            return
        }
        let broken = Properties.violations(of: result, receipt: receipt, set: set)
        #expect(broken.isEmpty, Comment(rawValue: broken.joined(separator: "\n")))
    }
}
