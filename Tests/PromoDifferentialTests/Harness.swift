import Foundation
import PromoCompiler
import PromoDiagnostics
import PromoReference
import PromoSemantics
import PromoVM

/// A promo set compiled by the real compiler, with the reference evaluator over the same program.
struct CompiledSet {
    var program: Program
    var bundle: LoadedBundle
    var reference: ReferenceEvaluator

    /// Checks and compiles `files`; nil with a message (source and diagnostics) when the front
    /// end refuses them or the bundle does not load.
    static func compile(_ files: [SourceInput]) -> (CompiledSet?, String) {
        let checked = Frontend.check(files)
        guard let program = checked.program else {
            let rendered = TextRenderer(sources: checked.sources, colored: false).render(checked.diagnostics)
            let source = files.map { "--- \($0.path)\n\($0.text)" }.joined(separator: "\n")
            return (nil, "the checker refused a generated set:\n\(source)\n\(rendered)")
        }
        do {
            let bundle = try LoadedBundle(bytes: BundleCompiler.bytes(program))
            return (CompiledSet(program: program, bundle: bundle,
                                reference: ReferenceEvaluator(program: program, unitNames: bundle.unitNames)), "")
        } catch {
            return (nil, "the compiled bundle was refused: \(error)")
        }
    }

    static func compile(source: String, path: String = "set.promo") -> (CompiledSet?, String) {
        compile([SourceInput(path: path, text: source)])
    }
}

/// Whether the checker refused a generated set only because two of its promos share a priority
/// and their order could matter (P0501): a right refusal of a set made to try the checker.
func refusedOnlyForSharedPriority(_ set: GeneratedSet, _ problem: String) -> Bool {
    set.sharesPriority && problem.contains("error[P0501]")
        && problem.components(separatedBy: "error[").count == problem.components(separatedBy: "error[P0501]").count
}

/// The outcome of one receipt on one side.
enum Outcome: Equatable {
    case result(EvaluationResult)
    case refused(String)
}

/// Runs receipts through the VM and the reference evaluator and compares what they give.
enum Differential {
    /// The VM's result with its trace (kept for the property checks).
    static func vm(_ set: CompiledSet, _ receipt: Receipt) -> Outcome {
        var evaluator = Evaluator(bundle: set.bundle)
        do { return .result(try evaluator.evaluate(receipt)) } catch { return .refused(error.description) }
    }

    /// Whether the reference evaluator decided anything of this receipt by the order of its
    /// lines (false when it refuses the receipt).
    static func decidedByLineOrder(_ set: CompiledSet, _ receipt: Receipt) -> Bool {
        (try? set.reference.evaluateInDetail(receipt).decidedByLineOrder) ?? false
    }

    static func reference(_ set: CompiledSet, _ receipt: Receipt) -> Outcome {
        do { return .result(try set.reference.evaluate(receipt)) } catch { return .refused(error.description) }
    }

    /// The fields that differ between the VM's and the reference's outcome, in words; empty when
    /// they agree: every field but the trace and the step count, or both refusing.
    static func differences(vm: Outcome, reference: Outcome, names: [String]) -> [String] {
        switch (vm, reference) {
        case (.refused, .refused): return []
        case (.refused(let why), .result): return ["the VM refused the receipt (\(why)); the reference evaluated it"]
        case (.result, .refused(let why)): return ["the reference refused the receipt (\(why)); the VM evaluated it"]
        case (.result(let a), .result(let b)):
            let left = fields(of: a, names: names), right = fields(of: b, names: names)
            return left.indices.compactMap { i in
                left[i].text == right[i].text ? nil : "\(left[i].name):\n    vm:        \(left[i].text)\n    reference: \(right[i].text)"
            }
        }
    }

    /// A result as named fields of text, units by name: what the comparisons and the diffs read.
    static func fields(of r: EvaluationResult, names: [String], trace: Bool = false) -> [(name: String, text: String)] {
        func unit(_ u: Int) -> String { names.indices.contains(u) ? names[u] : "#\(u)" }
        var out: [(String, String)] = []
        for (i, line) in r.lines.enumerated() {
            let discounts = r.discounts(ofLine: i).map { "\(unit($0.unit)) \($0.amount)" }.joined(separator: ", ")
            let clamps = r.clamps(ofLine: i).map { "\(unit($0.unit)) \($0.amount) by \($0.restriction.map(unit) ?? "legal minimum")" }
                .joined(separator: ", ")
            out.append(("line \(i + 1)", "sku \(line.sku) \(line.originalAmount) -> \(line.finalAmount) accrual \(line.accrualAllowed) "
                        + "redemption \(line.redemptionAllowed) discounts [\(discounts)] clamps [\(clamps)]"))
        }
        out.append(("line count", "\(r.lines.count)"))
        out.append(("line discounts in order", r.lineDiscounts.map { "\($0.line):\(unit($0.unit)) \($0.amount)" }.joined(separator: ", ")))
        out.append(("clamps in order", r.lineClamps.map { "\($0.line):\(unit($0.unit)) \($0.amount)" }.joined(separator: ", ")))
        out.append(("originalTotal", "\(r.originalTotal)"))
        out.append(("discountTotal", "\(r.discountTotal)"))
        out.append(("accruals", r.accruals.map { "\(unit($0.unit)) \($0.points) \($0.chips ? "chips" : "bonus") from \($0.activates) to \($0.expires.map(\.description) ?? "-")" }
            .joined(separator: "; ")))
        out.append(("redeemable", "\(r.redeemable)"))
        out.append(("redeemed", "\(r.redeemed)"))
        out.append(("chipsSpent", r.chipsSpent.map { "\(unit($0.unit)) \($0.chips)" }.joined(separator: "; ")))
        out.append(("couponsApplied", r.couponsApplied.map { "\(unit($0.unit)) \($0.code)" }.joined(separator: "; ")))
        out.append(("couponsIssued", r.couponsIssued.map { "\(unit($0.unit)) \($0.code) \($0.isPercent ? "percent" : "money") \($0.value) until \($0.validUntil.map(\.description) ?? "-")" }
            .joined(separator: "; ")))
        out.append(("gifts", r.gifts.map { "\(unit($0.unit)) \($0.count) of \($0.sku)" }.joined(separator: "; ")))
        out.append(("messages", r.messages.map { "\(unit($0.unit)) \($0.target) \($0.text)" }.joined(separator: "; ")))
        out.append(("counterChanges", r.counterChanges.map { "\(unit($0.unit)) \($0.counter) \($0.operation) \($0.value)" }.joined(separator: "; ")))
        out.append(("usage", r.usage.map { "\(unit($0.unit)) uses \($0.uses) units \($0.units)" }.joined(separator: "; ")))
        if trace {
            // Without the operands of failed comparisons: a text is there by its index in the
            // bundle's strings, which depends on the order the compiler met the texts.
            out.append(("trace", r.trace.map { "\(unit($0.unit)) \($0.applied ? "applied" : "\($0.reason.map { "\($0)" } ?? "-")") \($0.discount)" }
                .joined(separator: "; ")))
        }
        return out
    }

    /// A receipt as JSON, the way a till sends it: what a mismatch report prints and a
    /// regression case keeps.
    static func json(_ receipt: Receipt, bundle: LoadedBundle) -> String {
        ReceiptJSON.encode(receipt, decimals: bundle.currencyDecimals, factTags: ReceiptJSON.factTags(of: bundle)).serialized(pretty: true)
    }

    /// Differences between a result and that of the same receipt with its lines in `order`:
    /// each line's result, mapped back, and every figure of the receipt.
    static func compareShuffled(_ a: EvaluationResult, _ b: EvaluationResult, order: [Int], names: [String]) -> [String] {
        var problems: [String] = []
        let fa = fields(of: a, names: names), fb = fields(of: b, names: names)
        let receiptLevel: Set<String> = ["originalTotal", "discountTotal", "accruals", "redeemable", "redeemed", "chipsSpent",
                                         "couponsApplied", "couponsIssued", "gifts", "messages", "counterChanges", "usage"]
        for (x, y) in zip(fa, fb) where receiptLevel.contains(x.name) && x.text != y.text {
            problems.append("\(x.name): \(x.text) / shuffled: \(y.text)")
        }
        for (j, i) in order.enumerated() {
            let left = fa[i].text, right = fb[j].text
            if left != right { problems.append("line \(i + 1): \(left) / shuffled (line \(j + 1)): \(right)") }
        }
        return problems
    }

    /// The full report of one mismatch.
    static func report(seed: UInt64, set n: Int, receipt k: Int, source: String, receipt: Receipt, bundle: LoadedBundle,
                       differences: [String]) -> String {
        """
        MISMATCH: seed \(seed), case \(n), receipt \(k) (replay: PROMO_DIFF_SEED=\(seed) PROMO_DIFF_CASE=\(n))
        --- promo set
        \(source)
        --- receipt
        \(json(receipt, bundle: bundle))
        --- differences (\(differences.count))
        \(differences.joined(separator: "\n"))
        """
    }
}

/// Settings of a run, from the environment.
enum RunSettings {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }
    static let defaultSeed: UInt64 = 20_261_123

    static var seed: UInt64 {
        environment["PROMO_DIFF_SEED"].flatMap { UInt64($0) } ?? defaultSeed
    }

    static func cases(default n: Int) -> Int {
        environment["PROMO_DIFF_CASES"].flatMap { Int($0) } ?? n
    }

    /// Only this case number (of the seed), to replay one mismatch.
    static var onlyCase: Int? { environment["PROMO_DIFF_CASE"].flatMap { Int($0) } }
}
