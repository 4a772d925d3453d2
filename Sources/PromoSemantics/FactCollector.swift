/// Finds the customer figures a checked program reads: the bundle's manifest of facts.
enum FactCollector {
    static func facts(_ promos: [Promo], _ tiers: [TierProgram], _ restrictions: [Restriction]) -> [Fact] {
        var found: [String: Fact] = [:]
        func visit(_ value: Value?) {
            guard let value else { return }
            switch value {
            case .fact(let fact): found[fact.description] = fact
            case .not(let v), .oneOf(let v, _), .within(let v, _): visit(v)
            case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b), .arithmetic(_, let a, let b),
                 .percentOf(let a, let b):
                visit(a)
                visit(b)
            default: break
            }
        }
        func visit(_ eligibility: Eligibility) {
            visit(eligibility.audience)
            visit(eligibility.stores)
        }
        for promo in promos {
            visit(promo.eligibility)
            visit(promo.condition)
            for change in promo.counterChanges + promo.afterChanges { visit(change.value) }
        }
        for program in tiers {
            visit(program.eligibility)
            found[program.measure.description] = program.measure
        }
        for restriction in restrictions {
            visit(restriction.eligibility)
            for rule in restriction.rules { visit(rule.bound) }
        }
        return found.values.sorted { $0.description < $1.description }
    }
}
