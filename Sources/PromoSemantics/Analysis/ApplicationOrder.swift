import PromoDiagnostics
import PromoSyntax

/// One place in the order the VM runs a promo set in.
public struct OrderEntry: Sendable {
    public enum Kind: String, Sendable { case promo, tiers }
    public var kind: Kind
    public var name: String
    public var title: String?
    /// nil for a tier program without a priority.
    public var priority: Int64?
    public var span: Span
    /// Why it sits where it is, and what it does to the promos after it.
    public var reasons: [String]
}

/// The application order of a checked promo set, explained: `promo check --order`.
public enum ApplicationOrder {
    /// The entries in run order; with a catalog, SKUs sit in their categories.
    public static func entries(_ program: Program, catalog: Catalog? = nil) -> [OrderEntry] {
        ItemLogic.$catalog.withValue(catalog) { ordered(program) }
    }

    static func ordered(_ program: Program) -> [OrderEntry] {
        let analysis = SetAnalysis(program: program)
        var entries: [OrderEntry] = []
        var firstOfGroup: [String: String] = [:]
        let promos = program.promos
        for (k, promo) in promos.enumerated() {
            var reasons: [String] = []
            if k == 0 {
                reasons.append("runs first: the lowest priority number")
            } else if promos[k - 1].priority < promo.priority {
                reasons.append("after `\(promos[k - 1].name)`: priority \(promos[k - 1].priority) is lower")
            }
            // Promos of one priority run by name; the set is refused unless that cannot matter.
            for other in promos[..<k] where other.priority == promo.priority {
                let why = analysis.independence(other, promo) ?? "their order matters (reported as an error)"
                reasons.append("shares priority \(promo.priority) with `\(other.name)`, and runs after it by name: \(why)")
            }
            if let group = promo.combination.bestOf {
                if let first = firstOfGroup[group] {
                    reasons.append("best of `\(group)`: tried together with `\(first)` at its place, on the receipt as it stands there; only the member giving the most applies")
                } else {
                    firstOfGroup[group] = promo.name
                    let others = promos.filter { $0.combination.bestOf == group && $0.name != promo.name }.map { "`\($0.name)`" }
                    reasons.append(others.isEmpty ? "best of `\(group)`: the only member"
                                   : "best of `\(group)`: decides the group here, against \(others.joined(separator: ", "))")
                }
            }
            if promo.combination.basis == .original { reasons.append("takes its discounts on original prices, whatever ran before") }
            for lock in promo.combination.locks {
                let kinds = lock.kinds.sorted { $0.rawValue < $1.rawValue }.map(\.rawValue).joined(separator: ", ")
                reasons.append("locks \(kinds) on \(lock.scope.map(analysis.describe) ?? "the lines it changes") for every later promo")
            }
            if promo.combination.stop { reasons.append("stops every later promo when it applies") }
            if promo.combination.ignoreRestrictions { reasons.append("ignores restrictions (the legal floor of excise goods still holds)") }
            entries.append(OrderEntry(kind: .promo, name: promo.name, title: promo.title, priority: promo.priority,
                                      span: promo.nameSpan, reasons: reasons))
        }
        // Tier programs follow the promos of their priority; without one they run last.
        for tiers in program.tiers {
            let entry = OrderEntry(kind: .tiers, name: tiers.name, title: tiers.title, priority: tiers.priority, span: tiers.nameSpan,
                                   reasons: [tiers.priority.map { "tier program of priority \($0): after the promos of that priority" }
                                             ?? "tier program without a priority: after every promo"])
            let at = entries.firstIndex { e in
                guard let p = e.priority else { return false }
                return tiers.priority.map { p > $0 } ?? false
            } ?? entries.count
            entries.insert(entry, at: at)
        }
        return entries
    }
}

extension SetAnalysis {
    /// Why two promos of one priority may run in either order; nil when their order matters.
    func independence(_ a: Promo, _ b: Promo) -> String? {
        guard conflict(a, b) == nil else { return nil }
        if let group = a.combination.bestOf, group == b.combination.bestOf { return "both are in best-of group `\(group)`" }
        let x = a.eligibility, y = b.eligibility
        if let p = x.active, let q = y.active, !p.overlaps(q) { return "their periods do not meet" }
        if let p = x.weekdays, let q = y.weekdays, p.isDisjoint(with: q) { return "they run on different weekdays" }
        if let p = x.days, let q = y.days, !Eligibility.daysCanMeet(p, q) { return "they run on different days of the month" }
        if let p = x.channels, let q = y.channels, p.isDisjoint(with: q) { return "they run in different channels" }
        if !x.hours.isEmpty, !y.hours.isEmpty, !TimeWindow.overlap(x.hours, y.hours) { return "their hours do not meet" }
        if let p = x.stores, let q = y.stores, StoreConstraints.disjoint(p, q) { return "they run in different stores" }
        if FixedConstraints.disjoint(SetAnalysis.fixedCondition(a), SetAnalysis.fixedCondition(b)) {
            return "no customer and store can meet both their audiences and conditions"
        }
        let wa = SetAnalysis.writes(a), wb = SetAnalysis.writes(b)
        if wa == nil && wb == nil { return "neither changes a price (accruals and the like add up in any order)" }
        if let wa, let wb, ItemLogic.overlaps(wa, wb) { return "both take plain percents of original prices that nothing clamps" }
        if wa == nil || wb == nil { return "only one changes prices, and not of the lines the other reads" }
        return "they change prices of different lines"
    }
}
