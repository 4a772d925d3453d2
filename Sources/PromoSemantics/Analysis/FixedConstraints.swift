import PromoSyntax

/// What a condition says about the values that stay fixed while a receipt is evaluated: the
/// store's fields, the customer's figures, memberships and tier levels. Two conditions whose
/// constraints leave some value no possible setting can never hold for one receipt.
///
/// Only conjunctions are read; any other part (an `or`, a comparison of amounts that promos
/// change, a counter) constrains nothing, which is safe: it can only make the answer "may
/// overlap".
enum FixedConstraints {
    enum Term: Hashable {
        case store(StoreField)
        case fact(Fact)
        case membership(String)
        /// The level of a customer on a tier program (one at a time).
        case tierProgram(String)
    }

    struct Constraint {
        /// The only values allowed, when known.
        var only: Set<Constant>?
        var excluded: Set<Constant> = []
        /// Numbers (money, counts, quantities, percents, dates) in `lower ... upper`.
        var lower: Int64?
        var upper: Int64?

        func merged(_ other: Constraint) -> Constraint {
            var c = self
            if let o = other.only { c.only = c.only.map { $0.intersection(o) } ?? o }
            c.excluded.formUnion(other.excluded)
            if let l = other.lower { c.lower = max(c.lower ?? l, l) }
            if let u = other.upper { c.upper = min(c.upper ?? u, u) }
            return c
        }

        /// True when no value satisfies the constraint.
        var isEmpty: Bool {
            if let lower, let upper, lower > upper { return true }
            guard let only else { return false }
            return only.allSatisfy { value in
                if excluded.contains(value) { return true }
                guard let n = FixedConstraints.number(value) else { return false }
                return (lower.map { n < $0 } ?? false) || (upper.map { n > $0 } ?? false)
            }
        }
    }

    typealias Constraints = [Term: Constraint]

    /// Whether no receipt can satisfy both conditions (false when unsure).
    static func disjoint(_ a: Value?, _ b: Value?) -> Bool {
        guard let a, let b else { return false }
        return disjoint(constraints(a), constraints(b))
    }

    static func disjoint(_ x: Constraints, _ y: Constraints) -> Bool {
        if x.isEmpty || y.isEmpty { return false }
        for (term, p) in x {
            guard let q = y[term] else { continue }
            // A store may be in several groups at once.
            if term == .store(.group) { continue }
            if p.merged(q).isEmpty { return true }
        }
        return false
    }

    /// Whether the condition alone can never hold.
    static func unsatisfiable(_ value: Value) -> Bool {
        constraints(value).contains { $0.key != .store(.group) && $0.value.isEmpty }
    }

    static func constraints(_ value: Value) -> Constraints {
        switch value {
        case .and(let a, let b):
            return constraints(a).merging(constraints(b)) { $0.merged($1) }
        case .compare(let op, let left, let right):
            if let term = term(left), case .constant(let c) = right { return compare(op, term, c) }
            if let term = term(right), case .constant(let c) = left { return compare(op.flipped, term, c) }
            return [:]
        case .oneOf(let v, let values):
            guard let term = term(v) else { return [:] }
            return [term: Constraint(only: Set(values))]
        case .not(.oneOf(let v, let values)):
            guard let term = term(v) else { return [:] }
            return [term: Constraint(only: nil, excluded: Set(values))]
        case .fact(let f) where f.type == .bool:
            return [.fact(f): Constraint(only: [.bool(true)])]
        case .not(.fact(let f)) where f.type == .bool:
            return [.fact(f): Constraint(only: [.bool(false)])]
        case .membership(let m):
            return [.membership(m): Constraint(only: [.bool(true)])]
        case .not(.membership(let m)):
            return [.membership(m): Constraint(only: [.bool(false)])]
        case .tierLevel(let program, let level):
            return [.tierProgram(program): Constraint(only: [.string(level)])]
        case .not(.tierLevel(let program, let level)):
            return [.tierProgram(program): Constraint(only: nil, excluded: [.string(level)])]
        default:
            return [:]
        }
    }

    static func term(_ value: Value) -> Term? {
        switch value {
        case .store(let field): .store(field)
        case .fact(let f): .fact(f)
        default: nil
        }
    }

    static func compare(_ op: BinaryOperator, _ term: Term, _ c: Constant) -> Constraints {
        switch op {
        case .equal: return [term: Constraint(only: [c])]
        case .notEqual: return [term: Constraint(only: nil, excluded: [c])]
        default: break
        }
        guard let n = number(c) else { return [:] }
        switch op {
        case .less: return [term: Constraint(upper: n - 1)]
        case .lessEqual: return [term: Constraint(upper: n)]
        case .greater: return [term: Constraint(lower: n + 1)]
        case .greaterEqual: return [term: Constraint(lower: n)]
        default: return [:]
        }
    }

    /// Numbers compare in their smallest unit, so `< n` is `<= n - 1`.
    static func number(_ c: Constant) -> Int64? {
        switch c {
        case .money(let m): m.minor
        case .count(let n): n
        case .quantity(let q): q.milli
        case .percent(let p): p.millionths
        case .date(let d): Int64(d.dayNumber)
        default: nil
        }
    }
}

extension BinaryOperator {
    /// The operator with its operands swapped: `a < b` is `b > a`.
    var flipped: BinaryOperator {
        switch self {
        case .less: .greater
        case .lessEqual: .greaterEqual
        case .greater: .less
        case .greaterEqual: .lessEqual
        default: self
        }
    }
}
