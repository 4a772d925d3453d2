import HandWrittenPromos
import PromoVM

/// Compares the hand-written promos with the VM running the same ten promos: per line the final
/// amount and each promo's discount, the totals, the bonuses, the messages, the coupons used and
/// the bonus payment. The speed comparison means something only when they agree.
public enum Agreement {
    /// What differs, receipt by receipt; empty when the two agree on every receipt.
    public static func differences(on receipts: [Receipt], coreBundle bundle: LoadedBundle) -> [String] {
        var evaluator = Evaluator(bundle: bundle)
        var hand = HandWrittenPromos()
        var found: [String] = []
        for (n, receipt) in receipts.enumerated() {
            let vm: EvaluationResult
            do {
                vm = try evaluator.evaluate(receipt)
            } catch {
                found.append("receipt \(n): the VM failed: \(error)")
                continue
            }
            hand.evaluate(receipt)
            for difference in differences(between: vm, and: hand.outcome, bundle: bundle) {
                found.append("receipt \(n): \(difference)")
            }
        }
        return found
    }

    /// What differs between one VM result and one hand-written outcome.
    public static func differences(between vm: EvaluationResult, and hand: HandWrittenPromos.Outcome,
                                   bundle: LoadedBundle) -> [String] {
        var out: [String] = []
        func check<T: Equatable>(_ what: String, _ a: T, _ b: T) {
            if a != b { out.append("\(what): VM \(a), hand-written \(b)") }
        }
        check("line count", vm.lines.count, hand.finalAmounts.count)
        guard vm.lines.count == hand.finalAmounts.count else { return out }
        for (i, line) in vm.lines.enumerated() {
            check("line \(i + 1) original amount", line.originalAmount, hand.originalAmounts[i])
            check("line \(i + 1) final amount", line.finalAmount, hand.finalAmounts[i])
            var byVM: [String: Int64] = [:]
            for d in vm.discounts(ofLine: i) { byVM[bundle.name(ofUnit: d.unit), default: 0] += d.amount }
            var byHand: [String: Int64] = [:]
            for d in hand.discounts where d.line == i { byHand[d.promo.name, default: 0] += d.amount }
            check("line \(i + 1) discounts", byVM.sorted { $0.key < $1.key }.description,
                  byHand.sorted { $0.key < $1.key }.description)
        }
        check("original total", vm.originalTotal, hand.originalTotal)
        check("discount total", vm.discountTotal, hand.discountTotal)
        check("final total", vm.finalTotal, hand.finalTotal)
        check("bonuses", vm.accruals.filter { !$0.chips }.map { "\(bundle.name(ofUnit: $0.unit)) \($0.points) until \($0.expires.map(\.description) ?? "-")" },
              hand.accruals.map { "\($0.promo.name) \($0.points) until \($0.expires.map(\.description) ?? "-")" })
        check("messages", vm.messages.map(\.text), hand.messages)
        check("coupons", vm.couponsApplied.map(\.code), hand.coupons)
        check("redeemable", vm.redeemable, hand.redeemable)
        check("redeemed", vm.redeemed, hand.redeemed)
        return out
    }

    /// How often each of the ten promos applied on the receipts (by the VM's trace), so that a
    /// comparison that agrees is known to have exercised them.
    public static func coverage(on receipts: [Receipt], coreBundle bundle: LoadedBundle) -> [(promo: String, applied: Int)] {
        var evaluator = Evaluator(bundle: bundle)
        var applied: [String: Int] = [:]
        for receipt in receipts {
            guard let result = try? evaluator.evaluate(receipt) else { continue }
            for entry in result.trace where entry.applied { applied[bundle.name(ofUnit: entry.unit), default: 0] += 1 }
        }
        return HandWrittenPromos.Promo.allCases.map { ($0.name, applied[$0.name] ?? 0) }
    }
}

/// Figures about the receipts against a bundle: what a typical evaluation does.
public struct ReceiptFigures: Sendable {
    /// Per receipt: promos that were candidates (in the trace), promos that applied, the discount.
    public var candidates: [Int] = []
    public var applied: [Int] = []
    public var discount: [Int64] = []
    public var total: [Int64] = []
    public var accruals: [Int] = []
    public var steps: [Int64] = []
    /// Why candidates did not apply, over all receipts.
    public var reasons: [String: Int] = [:]
    /// Broken invariants of the results (`Invariants`), evaluations that failed, and results that
    /// changed when the receipt was evaluated again: empty for a sound VM.
    public var problems: [String] = []

    public init(receipts: [Receipt], bundle: LoadedBundle) {
        var evaluator = Evaluator(bundle: bundle)
        for (n, receipt) in receipts.enumerated() {
            let r: EvaluationResult
            do {
                r = try evaluator.evaluate(receipt)
            } catch {
                problems.append("receipt \(n): the evaluation failed: \(error)")
                continue
            }
            for violation in Invariants.violations(of: r, receipt: receipt) { problems.append("receipt \(n): \(violation)") }
            if (try? evaluator.evaluate(receipt)) != r { problems.append("receipt \(n): a second evaluation gave another result") }
            candidates.append(r.trace.count)
            applied.append(r.trace.count { $0.applied })
            discount.append(r.discountTotal)
            total.append(r.originalTotal)
            accruals.append(r.accruals.count)
            steps.append(r.steps)
            for entry in r.trace where !entry.applied { reasons[entry.reason.map { "\($0)" } ?? "?", default: 0] += 1 }
        }
    }

    /// One line per figure: smallest, median and largest over the receipts.
    public var summary: String {
        func spread<T: Comparable>(_ values: [T]) -> String {
            let s = values.sorted()
            guard let first = s.first, let last = s.last else { return "-" }
            return "\(first) / \(s[s.count / 2]) / \(last)"
        }
        func money(_ values: [Int64]) -> [String] { values.sorted().map { "\($0 / 100).\($0 % 100 < 10 ? "0" : "")\($0 % 100)" } }
        let m = money(total), d = money(discount)
        return """
            candidate promos per receipt (min / median / max): \(spread(candidates))
            applied promos per receipt:                        \(spread(applied))
            bonus accruals per receipt:                        \(spread(accruals))
            VM steps per receipt:                              \(spread(steps))
            receipt total:                                     \(m.first ?? "-") / \(m[m.count / 2]) / \(m.last ?? "-")
            discount:                                          \(d.first ?? "-") / \(d[d.count / 2]) / \(d.last ?? "-")
            not applied, by reason (all receipts):             \(reasons.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            """
    }
}
