import Foundation
import PromoBytecode
import PromoCompiler
import PromoDiagnostics
import PromoSemantics
import PromoVM
import Testing

/// The repository's root, from this file's place.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Compiles promo source (with the stdlib) into a loaded bundle; records an issue on errors.
func compileBundle(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> LoadedBundle? {
    guard let bytes = compileBundleBytes(source, sourceLocation: sourceLocation) else { return nil }
    do {
        return try LoadedBundle(bytes: bytes)
    } catch {
        Issue.record("the compiled bundle was refused: \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Compiles promo source (with the stdlib) into a bundle's bytes; records an issue on errors.
func compileBundleBytes(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [UInt8]? {
    let result = Frontend.check([SourceInput(path: "case.promo", text: source)])
    guard let program = result.program else {
        Issue.record(Comment(rawValue: TextRenderer(sources: result.sources, colored: false).render(result.diagnostics)),
                     sourceLocation: sourceLocation)
        return nil
    }
    return BundleCompiler.bytes(program)
}

/// The bytes of the promos/ folder compiled.
func promosBundleBytes() throws -> [UInt8] {
    let folder = repositoryRoot.appendingPathComponent("promos")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".promo") }.sorted()
    let inputs = try names.map { SourceInput(path: "promos/" + $0, text: try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)) }
    let result = Frontend.check(inputs)
    let program = try #require(result.program)
    return BundleCompiler.bytes(program)
}

/// Evaluates a receipt and checks the invariants every result must have.
func evaluate(_ bundle: LoadedBundle, _ receipt: Receipt, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> EvaluationResult? {
    var evaluator = Evaluator(bundle: bundle)
    do {
        let result = try evaluator.evaluate(receipt)
        for violation in Invariants.violations(of: result, receipt: receipt) {
            Issue.record("invariant: \(violation)", sourceLocation: sourceLocation)
        }
        let again = try evaluator.evaluate(receipt)
        if again != result { Issue.record("a second evaluation gave another result", sourceLocation: sourceLocation) }
        return result
    } catch {
        Issue.record("evaluation failed: \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// A receipt on a Wednesday noon in store 1 with the given lines.
func receipt(_ lines: [Line], date: LocalDate = LocalDate(year: 2026, month: 11, day: 18), minute: Int = 720,
             customer: Customer? = nil, coupons: [String] = [], redeem: Int64? = nil, store: Store = Store(id: 1, format: "Supermarket")) -> Receipt {
    Receipt(date: date, minute: minute, store: store, customer: customer, coupons: coupons, redeem: redeem, lines: lines)
}

extension EvaluationResult {
    /// The discount a named promo gave.
    func discount(by name: String, in bundle: LoadedBundle) -> Int64 {
        guard let u = bundle.unit(named: name) else { return -1 }
        return lineDiscounts.reduce(0) { $1.unit == u ? $0 + $1.amount : $0 }
    }

    func applied(_ name: String, in bundle: LoadedBundle) -> Bool {
        trace.contains { $0.applied && bundle.name(ofUnit: $0.unit) == name }
    }

    func reason(_ name: String, in bundle: LoadedBundle) -> Reason? {
        trace.first { bundle.name(ofUnit: $0.unit) == name }?.reason
    }
}
