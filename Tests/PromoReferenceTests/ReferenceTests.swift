import Foundation
import PromoBytecode
import PromoCompiler
import PromoReference
import PromoSemantics
import PromoTestRunner
import PromoVM
import Testing

// The reference evaluator against the VM on every hand-written case of the repository: each
// `test` block of promos/ (and of stdlib/, which has none today) and each evaluation case of
// Tests/PromoVMTests/Cases. The results must be equal field by field (the VM's trace and step
// count left out), the tests' expectations must hold on the reference's own result, and what
// became of each promo (applied, or why not) must be what the VM's trace says.

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A folder of promo files checked and compiled as one set, as `promo test promos/` does.
struct CompiledFolder {
    let program: Program
    let bundle: LoadedBundle

    static func load(_ folder: String) throws -> CompiledFolder? {
        let url = repositoryRoot.appendingPathComponent(folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".promo") }.sorted()
        let inputs = try names.map {
            SourceInput(path: folder + "/" + $0, text: try String(contentsOf: url.appendingPathComponent($0), encoding: .utf8))
        }
        return try compile(inputs)
    }

    static func compile(_ inputs: [SourceInput]) throws -> CompiledFolder? {
        let checked = Frontend.check(inputs)
        guard let program = checked.program else { return nil }
        return CompiledFolder(program: program, bundle: try LoadedBundle(bytes: BundleCompiler.bytes(program)))
    }
}

/// The VM's result without what only the VM has: its trace and step count.
func vmResult(_ bundle: LoadedBundle, _ receipt: Receipt) throws -> EvaluationResult {
    var evaluator = Evaluator(bundle: bundle)
    var result = try evaluator.evaluate(receipt)
    result.trace = []
    result.steps = 0
    return result
}

/// Every field where two results differ, in words, units by name.
func differences(vm: EvaluationResult, reference: EvaluationResult, names: [String]) -> [String] {
    func name(_ u: Int) -> String { u >= 0 && u < names.count ? names[u] : "#\(u)" }
    var out: [String] = []
    func compare<T: Equatable>(_ field: String, _ a: T, _ b: T) {
        if a != b { out.append("\(field): VM \(a), reference \(b)") }
    }
    compare("originalTotal", vm.originalTotal, reference.originalTotal)
    compare("discountTotal", vm.discountTotal, reference.discountTotal)
    compare("line count", vm.lines.count, reference.lines.count)
    for i in 0..<min(vm.lines.count, reference.lines.count) {
        let a = vm.lines[i], b = reference.lines[i]
        compare("line \(i + 1) sku", a.sku, b.sku)
        compare("line \(i + 1) originalAmount", a.originalAmount, b.originalAmount)
        compare("line \(i + 1) finalAmount", a.finalAmount, b.finalAmount)
        compare("line \(i + 1) accrualAllowed", a.accrualAllowed, b.accrualAllowed)
        compare("line \(i + 1) redemptionAllowed", a.redemptionAllowed, b.redemptionAllowed)
        compare("line \(i + 1) discounts", vm.discounts(ofLine: i).map { "\(name($0.unit)) \($0.amount)" },
                reference.discounts(ofLine: i).map { "\(name($0.unit)) \($0.amount)" })
        compare("line \(i + 1) clamps", vm.clamps(ofLine: i).map { "\(name($0.unit)) \($0.amount) by \($0.restriction.map(name) ?? "legal")" },
                reference.clamps(ofLine: i).map { "\(name($0.unit)) \($0.amount) by \($0.restriction.map(name) ?? "legal")" })
    }
    compare("accruals", vm.accruals.map { "\(name($0.unit)) \($0.points)\($0.chips ? " chips" : "") \($0.activates) \($0.expires.map { "\($0)" } ?? "-")" },
            reference.accruals.map { "\(name($0.unit)) \($0.points)\($0.chips ? " chips" : "") \($0.activates) \($0.expires.map { "\($0)" } ?? "-")" })
    compare("redeemable", vm.redeemable, reference.redeemable)
    compare("redeemed", vm.redeemed, reference.redeemed)
    compare("chipsSpent", vm.chipsSpent.map { "\(name($0.unit)) \($0.chips)" }, reference.chipsSpent.map { "\(name($0.unit)) \($0.chips)" })
    compare("couponsApplied", vm.couponsApplied.map { "\(name($0.unit)) \($0.code)" }, reference.couponsApplied.map { "\(name($0.unit)) \($0.code)" })
    compare("couponsIssued", vm.couponsIssued.map { "\(name($0.unit)) \($0.code) \($0.isPercent) \($0.value) \($0.validUntil.map { "\($0)" } ?? "-")" },
            reference.couponsIssued.map { "\(name($0.unit)) \($0.code) \($0.isPercent) \($0.value) \($0.validUntil.map { "\($0)" } ?? "-")" })
    compare("gifts", vm.gifts.map { "\(name($0.unit)) \($0.count) of \($0.sku)" }, reference.gifts.map { "\(name($0.unit)) \($0.count) of \($0.sku)" })
    compare("messages", vm.messages.map { "\(name($0.unit)) \($0.target) \($0.text)" }, reference.messages.map { "\(name($0.unit)) \($0.target) \($0.text)" })
    compare("counterChanges", vm.counterChanges.map { "\(name($0.unit)) \($0.counter) \($0.operation) \($0.value)" },
            reference.counterChanges.map { "\(name($0.unit)) \($0.counter) \($0.operation) \($0.value)" })
    compare("usage", vm.usage.map { "\(name($0.unit)) \($0.uses) \($0.units)" }, reference.usage.map { "\(name($0.unit)) \($0.uses) \($0.units)" })
    if out.isEmpty && vm != reference { out.append("the results differ in a field not listed") }
    return out
}

/// Where the reference's outcomes (applied, or the reason why not) differ from the VM's trace.
/// The trace lists only the candidates the VM's index lets through; every other promo must not
/// have applied in the reference either.
func outcomeDifferences(trace: [TraceEntry], outcomes: [ReferenceOutcome], names: [String]) -> [String] {
    var out: [String] = []
    let mine = Dictionary(outcomes.map { ($0.unit, $0) }, uniquingKeysWith: { a, _ in a })
    for entry in trace {
        let name = names[entry.unit]
        guard let o = mine[entry.unit] else {
            out.append("\(name): traced by the VM, not considered by the reference")
            continue
        }
        if o.applied != entry.applied || o.reason != entry.reason {
            out.append("\(name): VM \(entry.applied ? "applied" : entry.reason?.code ?? "?"), reference \(o.applied ? "applied" : o.reason?.code ?? "?")")
        }
    }
    let traced = Set(trace.map(\.unit))
    for o in outcomes where !traced.contains(o.unit) && o.applied {
        out.append("\(names[o.unit]): applied in the reference, not a candidate of the VM")
    }
    return out
}

/// What checking one folder's tests came to.
struct FolderTally {
    var tests = 0
    var equal = 0
    var expectations = 0
    var skippedExpectations = 0
    var skipped: [String] = []
    var failures: [String] = []
}

/// Runs every test block of a compiled folder through both evaluators.
func checkTests(of compiled: CompiledFolder) -> FolderTally {
    var tally = FolderTally()
    let reference = ReferenceEvaluator(program: compiled.program, unitNames: compiled.bundle.unitNames)
    let names = compiled.bundle.unitNames
    for test in compiled.program.tests {
        tally.tests += 1
        let place = compiled.program.sources[test.nameSpan.file].path
        let title = "\(place): test \"\(test.name)\""
        let receipt = TestReceipt.build(test, bundle: compiled.bundle)
        let vm: EvaluationResult, trace: [TraceEntry]
        do {
            var evaluator = Evaluator(bundle: compiled.bundle)
            let full = try evaluator.evaluate(receipt)
            trace = full.trace
            vm = try vmResult(compiled.bundle, receipt)
        } catch {
            tally.failures.append("\(title): the VM refused the receipt: \(error)")
            continue
        }
        let ours: EvaluationResult, outcomes: [ReferenceOutcome]
        do {
            (ours, outcomes) = try reference.evaluateWithOutcomes(receipt)
        } catch {
            tally.failures.append("\(title): the reference refused the receipt: \(error)")
            continue
        }
        let diff = differences(vm: vm, reference: ours, names: names) + outcomeDifferences(trace: trace, outcomes: outcomes, names: names)
        if diff.isEmpty { tally.equal += 1 } else { tally.failures.append("\(title) differs:\n  " + diff.joined(separator: "\n  ")) }

        // The test's own expectations, on the reference's result. Whether a promo applied is
        // read from the reference's outcomes; a reason is matched against the reason's words
        // and code, and one that names the failed comparison (which only the VM's trace
        // records) is skipped.
        let expectations = Expectations(result: ours, receipt: receipt, bundle: compiled.bundle, program: compiled.program)
        for (expectation, _) in test.expectations {
            tally.expectations += 1
            var failure: String?
            switch expectation {
            case .applied(let promo):
                let unit = compiled.bundle.unit(named: promo)
                if outcomes.first(where: { $0.unit == unit })?.applied != true { failure = "expected \(promo) to apply" }
            case .notApplied(let promo, let because):
                let unit = compiled.bundle.unit(named: promo)
                let outcome = outcomes.first(where: { $0.unit == unit })
                if outcome?.applied == true {
                    failure = "expected \(promo) not to apply"
                } else if let because, let reason = outcome?.reason {
                    let wanted = because.lowercased()
                    if !reason.text.lowercased().contains(wanted) && !reason.code.contains(wanted) {
                        tally.skippedExpectations += 1
                        tally.skipped.append("\(promo) because \"\(because)\" (\(reason.code))")
                    }
                }
            default:
                failure = expectations.failure(of: expectation)
            }
            if let failure { tally.failures.append("\(title): \(failure)") }
        }
    }
    return tally
}

@Suite struct ReferenceTests {
    @Test func promosTestsAgreeWithTheVM() throws {
        let compiled = try #require(try CompiledFolder.load("promos"))
        let tally = checkTests(of: compiled)
        print("promos/: \(tally.tests) tests, \(tally.equal) equal to the VM, \(tally.expectations) expectations "
              + "(\(tally.skippedExpectations) reasons naming a failed comparison skipped), \(tally.failures.count) failures")
        print("skipped: " + tally.skipped.joined(separator: "; "))
        #expect(tally.tests >= 300)
        for failure in tally.failures { Issue.record(Comment(rawValue: failure)) }
    }

    @Test func stdlibTestsAgreeWithTheVM() throws {
        let compiled = try #require(try CompiledFolder.load("stdlib"))
        let tally = checkTests(of: compiled)
        for failure in tally.failures { Issue.record(Comment(rawValue: failure)) }
    }

    static let caseFolder = repositoryRoot.appendingPathComponent("Tests/PromoVMTests/Cases")
    static var caseNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: caseFolder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test(arguments: ReferenceTests.caseNames)
    func vmCaseAgreesWithTheVM(_ name: String) throws {
        let dir = ReferenceTests.caseFolder.appendingPathComponent(name)
        let source = try String(contentsOf: dir.appendingPathComponent("case.promo"), encoding: .utf8)
        let compiled = try #require(try CompiledFolder.compile([SourceInput(path: "case.promo", text: source)]))
        let receipt = try ReceiptJSON.decode([UInt8](Data(contentsOf: dir.appendingPathComponent("receipt.json"))), bundle: compiled.bundle)
        var evaluator = Evaluator(bundle: compiled.bundle)
        let trace = try evaluator.evaluate(receipt).trace
        let vm = try vmResult(compiled.bundle, receipt)
        let (ours, outcomes) = try ReferenceEvaluator(program: compiled.program, unitNames: compiled.bundle.unitNames).evaluateWithOutcomes(receipt)
        let names = compiled.bundle.unitNames
        let diff = differences(vm: vm, reference: ours, names: names) + outcomeDifferences(trace: trace, outcomes: outcomes, names: names)
        #expect(diff.isEmpty, Comment(rawValue: "case \(name) differs:\n  " + diff.joined(separator: "\n  ")))
    }
}
