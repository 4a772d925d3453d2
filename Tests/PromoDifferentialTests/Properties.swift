import PromoSemantics
import PromoVM

/// The properties every VM result must have, checked from the result, the receipt and the
/// checked program (not from the VM's own bookkeeping).
enum Properties {
    /// Whether a receipt line is in an item set.
    static func contains(_ set: ItemSet, _ line: Line) -> Bool {
        switch set {
        case .all: true
        case .category(let c): line.category.map { $0 == c || $0.hasPrefix(c + "/") } ?? false
        case .sku(let s): line.sku == s
        case .brand(let b): line.brand == b
        case .flag(let f): f == "excise" ? line.excise : f == "weighed" ? line.weighed : line.flags.contains(f)
        case .union(let parts): parts.contains { contains($0, line) }
        case .intersection(let parts): parts.allSatisfy { contains($0, line) }
        case .difference(let a, let b): contains(a, line) && !contains(b, line)
        }
    }

    /// Price times quantity in thousandths, half up.
    static func amount(price: Int64, quantity: Int64) -> Int64 { (price * quantity + 500) / 1000 }

    /// Every property `result` breaks, in words.
    static func violations(of result: EvaluationResult, receipt: Receipt, set: CompiledSet) -> [String] {
        var found = Invariants.violations(of: result, receipt: receipt).map { "invariant: \($0)" }
        let program = set.program, names = set.bundle.unitNames
        let promos = Dictionary(program.promos.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        func promo(_ unit: Int) -> Promo? { names.indices.contains(unit) ? promos[names[unit]] : nil }

        guard result.lines.count == receipt.lines.count else {
            return found + ["the result has \(result.lines.count) lines for \(receipt.lines.count) on the receipt"]
        }
        // Line discounts add up to the receipt's discount; no line negative.
        let sum = result.lines.reduce(0) { $0 + $1.originalAmount - $1.finalAmount }
        if sum != result.discountTotal { found.append("line discounts add up to \(sum), the receipt discount is \(result.discountTotal)") }
        if result.discountTotal != result.lineDiscounts.reduce(0, { $0 + $1.amount }) {
            found.append("the discounts listed do not add up to the receipt discount")
        }
        for (i, line) in result.lines.enumerated() where line.finalAmount < 0 { found.append("line \(i + 1) is negative") }

        // Floors: the legal minimum always; the restrictions' floors and caps unless a promo that
        // ignores restrictions discounted the line. Only restrictions that hold everywhere.
        for (i, line) in result.lines.enumerated() {
            let l = receipt.lines[i]
            let ignoring = result.discounts(ofLine: i).contains { promo($0.unit)?.combination.ignoreRestrictions ?? false }
            if l.excise, let m = l.minPrice, line.finalAmount < min(line.originalAmount, amount(price: m, quantity: l.quantity)) {
                found.append("line \(i + 1) is below its legal minimum")
            }
            guard !ignoring else { continue }
            for restriction in program.restrictions where restriction.eligibility.isUnrestricted {
                for rule in restriction.rules where contains(rule.scope ?? .all, l) {
                    switch (rule.subject.rawValue, rule.bound) {
                    case ("price", .constant(.money(let m))):
                        let floor = min(line.originalAmount, amount(price: m.minor, quantity: l.quantity))
                        if line.finalAmount < floor {
                            found.append("line \(i + 1) at \(line.finalAmount) is below the floor \(floor) of restriction \(restriction.name)")
                        }
                    case ("discount", .constant(.percent(let p))):
                        let most = (line.originalAmount * p.millionths + 500_000) / 1_000_000
                        if line.originalAmount - line.finalAmount > most {
                            found.append("line \(i + 1) lost \(line.originalAmount - line.finalAmount), more than the cap \(most) of restriction \(restriction.name)")
                        }
                    default: break
                    }
                }
            }
        }

        // Locks and bans of the promos that applied, in the order they ran.
        let order = Dictionary(result.trace.enumerated().map { ($1.unit, $0) }, uniquingKeysWith: { a, _ in a })
        for entry in result.trace where entry.applied {
            guard let p = promo(entry.unit), let rank = order[entry.unit] else { continue }
            func lines(_ scope: ItemSet?) -> [Int] {
                if let scope { return receipt.lines.indices.filter { contains(scope, receipt.lines[$0]) } }
                return result.lines.indices.filter { i in result.discounts(ofLine: i).contains { $0.unit == entry.unit } }
            }
            for lock in p.combination.locks {
                for i in lines(lock.scope) {
                    if lock.kinds.contains(.discounts) {
                        let later = result.discounts(ofLine: i).filter { d in order[d.unit].map { $0 > rank } ?? false }
                        if let d = later.first {
                            found.append("line \(i + 1) locked by \(p.name) took a discount of \(d.amount) from \(names[d.unit])")
                        }
                    }
                    if lock.kinds.contains(.accrual) && result.lines[i].accrualAllowed {
                        found.append("line \(i + 1) locked to accrual by \(p.name) still allows accrual")
                    }
                    if lock.kinds.contains(.redemption) && result.lines[i].redemptionAllowed {
                        found.append("line \(i + 1) locked to redemption by \(p.name) still allows redemption")
                    }
                }
            }
            for forbid in p.combination.forbids {
                for i in lines(forbid.scope) {
                    let open = forbid.kind == .accrue ? result.lines[i].accrualAllowed : result.lines[i].redemptionAllowed
                    if open { found.append("line \(i + 1): \(p.name) forbids \(forbid.kind.rawValue) on it, the result allows it") }
                }
            }
        }
        // Bonuses pay only for lines open to redemption.
        let payable = result.lines.filter(\.redemptionAllowed).reduce(0) { $0 + $1.finalAmount }
        if result.redeemable > payable {
            found.append("redeemable \(result.redeemable) is more than the \(payable) of the lines open to redemption")
        }
        return found
    }
}
