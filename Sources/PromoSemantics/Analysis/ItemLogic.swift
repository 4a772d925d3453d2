/// Decides overlap and containment of item sets from their formulas.
///
/// A set is turned into a disjunction of terms (conjunctions of atoms and negated atoms); a term
/// can hold for some line unless it asks for two categories on different branches of the tree
/// (a category matches its subtree), two different SKUs or brands, or an atom and its negation
/// (a negated category also rules out its subtree). Without a catalog a SKU may sit in any
/// category; with one (``catalog``, set for the length of an analysis) a SKU it lists is in its
/// category and of its brand. Formulas too large to expand are answered conservatively (nil).
public enum ItemLogic {
    /// The product catalog the analyses under way may use.
    @TaskLocal static var catalog: Catalog?

    enum Atom: Hashable {
        case category(String)
        case sku(Int64)
        case brand(String)
        case flag(String)
    }

    /// A conjunction of atoms and negated atoms. Terms are small (a few atoms), so plain arrays
    /// without repeats serve better than sets: nothing to hash.
    struct Term: Hashable {
        var positive: [Atom] = []
        var negative: [Atom] = []

        /// Both conjunctions at once.
        func merged(with other: Term) -> Term {
            var term = self
            for atom in other.positive where !term.positive.contains(atom) { term.positive.append(atom) }
            for atom in other.negative where !term.negative.contains(atom) { term.negative.append(atom) }
            return term
        }
    }

    static let maxTerms = 4096

    /// Whether some line can be in both sets; true when unsure.
    public static func overlaps(_ a: ItemSet, _ b: ItemSet) -> Bool {
        satisfiable(.intersection([a, b])) ?? true
    }

    /// Whether every line of `inner` is in `outer`; false when unsure.
    public static func contains(_ outer: ItemSet, _ inner: ItemSet) -> Bool {
        guard let some = satisfiable(.difference(inner, outer)) else { return false }
        return !some
    }

    /// Whether any line can be in the set; nil when the formula is too large to decide.
    public static func satisfiable(_ set: ItemSet) -> Bool? {
        guard let terms = dnf(set, negated: false) else { return nil }
        return !terms.isEmpty
    }

    /// The set as satisfiable terms, or nil past ``maxTerms``.
    static func dnf(_ set: ItemSet, negated: Bool) -> [Term]? {
        switch set {
        case .all:
            return negated ? [] : [Term()]
        case .category(let c): return [literal(.category(c), negated)]
        case .sku(let s):
            // A line of a SKU the catalog lists is in the SKU's category and of its brand.
            if !negated, let product = catalog?.products[s] {
                var term = Term(positive: [.sku(s)])
                if let c = product.category { term.positive.append(.category(c)) }
                if let b = product.brand { term.positive.append(.brand(b)) }
                return [term]
            }
            return [literal(.sku(s), negated)]
        case .brand(let b): return [literal(.brand(b), negated)]
        case .flag(let f): return [literal(.flag(f), negated)]
        case .union(let parts):
            return negated ? product(parts.map { dnf($0, negated: true) }) : sum(parts.map { dnf($0, negated: false) })
        case .intersection(let parts):
            return negated ? sum(parts.map { dnf($0, negated: true) }) : product(parts.map { dnf($0, negated: false) })
        case .difference(let a, let b):
            // a ∧ ¬b; negated: ¬a ∨ b
            return negated ? sum([dnf(a, negated: true), dnf(b, negated: false)])
                : product([dnf(a, negated: false), dnf(b, negated: true)])
        }
    }

    static func literal(_ atom: Atom, _ negated: Bool) -> Term {
        negated ? Term(negative: [atom]) : Term(positive: [atom])
    }

    static func sum(_ parts: [[Term]?]) -> [Term]? {
        var all: [Term] = []
        for part in parts {
            guard let part else { return nil }
            all += part
            if all.count > maxTerms { return nil }
        }
        return all
    }

    static func product(_ parts: [[Term]?]) -> [Term]? {
        var result: [Term] = [Term()]
        for part in parts {
            guard let part else { return nil }
            var next: [Term] = []
            for a in result {
                for b in part {
                    let merged = a.merged(with: b)
                    // Repeats are dropped while they are cheap to find.
                    if isSatisfiable(merged) && (next.count > 64 || !next.contains(merged)) { next.append(merged) }
                    if next.count > maxTerms { return nil }
                }
            }
            result = next
            if result.isEmpty { return [] }
        }
        return result
    }

    /// `descendant` is `ancestor` or lies in its subtree.
    static func isWithin(_ descendant: String, _ ancestor: String) -> Bool {
        if descendant == ancestor { return true }
        let d = descendant.utf8, a = ancestor.utf8
        guard d.count > a.count, d.starts(with: a) else { return false }
        return d[d.index(d.startIndex, offsetBy: a.count)] == UInt8(ascii: "/")
    }

    static func isSatisfiable(_ term: Term) -> Bool {
        var deepest: String?
        var sku: Int64?
        var brand: String?
        for atom in term.positive {
            switch atom {
            case .category(let c):
                if let d = deepest {
                    if isWithin(c, d) { deepest = c } else if !isWithin(d, c) { return false }
                } else {
                    deepest = c
                }
            case .sku(let s):
                if let other = sku, other != s { return false }
                sku = s
            case .brand(let b):
                if let other = brand, other != b { return false }
                brand = b
            case .flag:
                break
            }
        }
        for atom in term.negative {
            if term.positive.contains(atom) { return false }
            if case .category(let c) = atom, let d = deepest, isWithin(d, c) { return false }
        }
        return true
    }
}
