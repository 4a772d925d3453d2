import PromoBytecode
import PromoSemantics

/// The tables of a bundle under construction, with interning so equal things share an entry
/// and the same program always gives the same tables.
struct Tables {
    var model = BundleModel()
    private var stringIndex: [String: UInt32] = [:]
    private var constantIndex: [Int64: UInt32] = [:]
    private var setIndex: [ItemSet: UInt32] = [:]
    /// Item sets in order of first use; compiled to programs once every atom is known.
    private(set) var sets: [ItemSet] = []

    mutating func string(_ s: String) -> UInt32 {
        if let i = stringIndex[s] { return i }
        let i = UInt32(model.strings.count)
        model.strings.append(s)
        stringIndex[s] = i
        return i
    }

    mutating func optionalString(_ s: String?) -> Int32 {
        s.map { Int32(string($0)) } ?? -1
    }

    /// A single constant, shared with equal ones.
    mutating func constant(_ v: Int64) -> UInt32 {
        if let i = constantIndex[v] { return i }
        let i = UInt32(model.constants.count)
        model.constants.append(v)
        constantIndex[v] = i
        return i
    }

    /// Constants that must sit together (a range, a list), not shared.
    mutating func constantRun(_ values: [Int64]) -> UInt32 {
        let i = UInt32(model.constants.count)
        model.constants.append(contentsOf: values)
        return i
    }

    mutating func itemSet(_ set: ItemSet) -> UInt32 {
        if let i = setIndex[set] { return i }
        let i = UInt32(sets.count)
        sets.append(set)
        setIndex[set] = i
        return i
    }

    mutating func itemSet(_ set: ItemSet?) -> UInt32 {
        set.map { itemSet($0) } ?? noItemSet
    }

    /// Numbers every atom the item sets use (categories, SKUs, brands, flags, each sorted) and
    /// writes the item set programs.
    mutating func finishItemSets() -> [ItemLogicAtom: UInt32] {
        var categories: Set<String> = [], skus: Set<Int64> = [], brands: Set<String> = [], flags: Set<String> = []
        func collect(_ s: ItemSet) {
            switch s {
            case .all: break
            case .category(let c): categories.insert(c)
            case .sku(let n): skus.insert(n)
            case .brand(let b): brands.insert(b)
            case .flag(let f): flags.insert(f)
            case .union(let parts), .intersection(let parts): parts.forEach(collect)
            case .difference(let a, let b): collect(a); collect(b)
            }
        }
        sets.forEach(collect)
        var atoms: [ItemLogicAtom: UInt32] = [:]
        var next: UInt32 = 0
        for c in categories.sorted() { model.categories.append(string(c)); atoms[.category(c)] = next; next += 1 }
        for s in skus.sorted() { model.skus.append(s); atoms[.sku(s)] = next; next += 1 }
        for b in brands.sorted() { model.brands.append(string(b)); atoms[.brand(b)] = next; next += 1 }
        for f in flags.sorted() { model.flags.append(string(f)); atoms[.flag(f)] = next; next += 1 }
        model.itemSets = sets.map { program($0, atoms) }
        return atoms
    }

    /// A postfix program: atoms push, `and`, `or` and `except` combine the top two.
    func program(_ s: ItemSet, _ atoms: [ItemLogicAtom: UInt32]) -> [UInt32] {
        var out: [UInt32] = []
        func emit(_ s: ItemSet) {
            switch s {
            case .all: out.append(ItemSetOp.word(.all))
            case .category(let c): out.append(ItemSetOp.word(.atom, atoms[.category(c)]!))
            case .sku(let n): out.append(ItemSetOp.word(.atom, atoms[.sku(n)]!))
            case .brand(let b): out.append(ItemSetOp.word(.atom, atoms[.brand(b)]!))
            case .flag(let f): out.append(ItemSetOp.word(.atom, atoms[.flag(f)]!))
            case .union(let parts), .intersection(let parts):
                let op: ItemSetOp = if case .union = s { .or } else { .and }
                guard let first = parts.first else {
                    out.append(ItemSetOp.word(.all))
                    if op == .or { out.append(ItemSetOp.word(.all)); out.append(ItemSetOp.word(.andNot)) }
                    return
                }
                emit(first)
                for part in parts.dropFirst() {
                    emit(part)
                    out.append(ItemSetOp.word(op))
                }
            case .difference(let a, let b):
                emit(a)
                emit(b)
                out.append(ItemSetOp.word(.andNot))
            }
        }
        emit(s)
        return out
    }
}

/// An atom of an item set formula.
enum ItemLogicAtom: Hashable {
    case category(String)
    case sku(Int64)
    case brand(String)
    case flag(String)
}
