/// The atoms (category and its ancestors, SKU, brand, excise, weighed) of the SKUs an evaluator
/// has seen, so that a line of a known SKU takes its atoms without hashing its category path and
/// brand again. An entry holds only while the line's category and brand texts and its excise and
/// weighed marks are the ones it was made from; a line that differs (or has free-form flags)
/// has its atoms found from its texts, as always.
///
/// One per evaluator (never shared between threads); at most ``limit`` SKUs, and emptied when
/// full, so memory stays bounded whatever the receipts.
struct AtomCache {
    struct Entry {
        var sku: Int64
        var category: String?
        var brand: String?
        var excise: Bool
        var weighed: Bool
        var first: Int32
        var count: Int32
    }

    static let limit = 1 << 15

    private(set) var entries: [Entry] = []
    /// Every entry's atoms, one run after the other (in the evaluator's memory).
    private(set) var atoms: UnsafeMutablePointer<UInt32>
    private var atomCount = 0
    private var atomCapacity = 256
    /// Open addressing over SKUs: an entry index plus one, 0 for empty.
    private var slots: [Int32] = [Int32](repeating: 0, count: 1024)
    private var mask = 1023

    init(memory: Memory) {
        atoms = memory.buffer(atomCapacity, 0)
    }

    @inline(__always)
    static func hash(_ sku: Int64) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: sku) &* 0x9E37_79B9_7F4A_7C15) >> 20)
    }

    /// The entry for `sku`, if any.
    @inline(__always)
    func find(_ sku: Int64) -> Int? {
        var slot = AtomCache.hash(sku) & mask
        while true {
            let k = Int(slots[slot])
            if k == 0 { return nil }
            if entries[k - 1].sku == sku { return k - 1 }
            slot = (slot + 1) & mask
        }
    }

    /// Whether entry `k` was made from these texts and marks.
    @inline(__always)
    func matches(_ k: Int, _ line: UnsafePointer<Line>) -> Bool {
        entries.withUnsafeBufferPointer { e in
            e[k].excise == line.pointee.excise && e[k].weighed == line.pointee.weighed
                && AtomCache.same(e[k].category, line.pointee.category) && AtomCache.same(e[k].brand, line.pointee.brand)
        }
    }

    /// Whether two texts are the same: at once when they are the same string value (the same 16
    /// bytes, which the entry's string keeps meaning the same text, see ``StringMemo``),
    /// otherwise by comparing them.
    @inline(__always)
    static func same(_ a: String?, _ b: String?) -> Bool {
        if let a, let b {
            return unsafeBitCast(a, to: (UInt64, UInt64).self) == unsafeBitCast(b, to: (UInt64, UInt64).self) || a == b
        }
        return a == nil && b == nil
    }

    /// Where entry `k`'s atoms are in ``atoms``.
    @inline(__always)
    func range(_ k: Int) -> Range<Int> {
        entries.withUnsafeBufferPointer { e in Int(e[k].first)..<Int(e[k].first + e[k].count) }
    }

    /// Remembers the atoms of `line` (its SKU not in the cache yet).
    mutating func insert(_ line: UnsafePointer<Line>, atoms found: some Collection<UInt32>, memory: Memory) {
        if entries.count >= AtomCache.limit { removeAll() }
        if (entries.count + 1) * 2 > slots.count { grow() }
        if atomCount + found.count > atomCapacity {
            let capacity = max(2 * atomCapacity, atomCount + found.count)
            let bigger = memory.buffer(capacity, UInt32(0))
            bigger.update(from: atoms, count: atomCount)
            atoms = memory.replace(atoms, with: bigger)
            atomCapacity = capacity
        }
        entries.append(Entry(sku: line.pointee.sku, category: line.pointee.category, brand: line.pointee.brand,
                             excise: line.pointee.excise, weighed: line.pointee.weighed,
                             first: Int32(atomCount), count: Int32(found.count)))
        for atom in found {
            atoms[atomCount] = atom
            atomCount += 1
        }
        place(entries.count - 1)
    }

    private mutating func place(_ k: Int) {
        var slot = AtomCache.hash(entries[k].sku) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(k + 1)
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for k in entries.indices { place(k) }
    }

    mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
        atomCount = 0
        for i in slots.indices { slots[i] = 0 }
    }
}
