/// The atoms (category and its ancestors, SKU, brand, excise, weighed) of the SKUs an evaluator
/// has seen, so that a line of a known SKU takes its atoms without hashing its category path and
/// brand again. An entry holds only while the line's category and brand texts and its excise and
/// weighed marks are the ones it was made from; a line that differs (or has free-form flags)
/// has its atoms found from its texts, as always.
///
/// The entries are the places of an open-addressed table by SKU, one cache line each, holding
/// up to three atoms themselves: a line of a SKU seen before reads one cache line (a catalogue
/// of 20,000 SKUs no longer fits the first caches, and a lookup through a table of indexes into
/// a list of entries, then into a list of atoms, missed them three times a line).
///
/// One per evaluator (never shared between threads); at most ``limit`` SKUs, and emptied when
/// full, so memory stays bounded (2 MiB at most) whatever the receipts.
struct AtomCache {
    struct Entry {
        var sku: Int64 = 0
        var category: String? = nil
        var brand: String? = nil
        /// The atoms, when there are at most ``AtomCache/inlineAtoms``; otherwise they are in
        /// ``AtomCache/spill`` from `first` on.
        var inline: (UInt32, UInt32, UInt32) = (0, 0, 0)
        var first: Int32 = 0
        var count: UInt16 = 0
        var excise = false
        var weighed = false
        var occupied = false
    }

    /// The places, aligned to cache lines; ``mask`` + 1 of them, a power of two.
    final class Places {
        private(set) var base: UnsafeMutablePointer<Entry>
        private(set) var mask: Int
        var count = 0

        init(capacity: Int) {
            base = Places.allocate(capacity)
            mask = capacity - 1
        }

        deinit {
            base.deinitialize(count: mask + 1)
            UnsafeMutableRawPointer(base).deallocate()
        }

        static func allocate(_ capacity: Int) -> UnsafeMutablePointer<Entry> {
            let stride = MemoryLayout<Entry>.stride
            let raw = UnsafeMutableRawPointer.allocate(byteCount: capacity * stride, alignment: 64)
            // Every place an empty entry, its bytes copied: an empty entry refers to nothing, so
            // its bytes are a copy of it (initializing place by place copied each one's absent
            // texts the general way, tens of thousands of places as the table grows).
            withUnsafeBytes(of: Entry()) { empty in
                for i in 0..<capacity { (raw + i * stride).copyMemory(from: empty.baseAddress!, byteCount: stride) }
            }
            return raw.bindMemory(to: Entry.self, capacity: capacity)
        }

        /// The place of `sku`: where it is, or the empty place where it would go.
        @inline(__always)
        func probe(_ sku: Int64) -> Int {
            var slot = AtomCache.hash(sku) & mask
            while base[slot].occupied && base[slot].sku != sku { slot = (slot + 1) & mask }
            return slot
        }

        /// Twice the places, the entries moved to theirs.
        func grow() {
            let old = base, oldCapacity = mask + 1
            base = Places.allocate(2 * oldCapacity)
            mask = 2 * oldCapacity - 1
            // An empty place refers to nothing: one is overwritten, and the old empty ones are
            // let go, without destroying them.
            for i in 0..<oldCapacity where old[i].occupied {
                (base + probe(old[i].sku)).moveInitialize(from: old + i, count: 1)
            }
            UnsafeMutableRawPointer(old).deallocate()
        }

        func removeAll() {
            for i in 0...mask where base[i].occupied { base[i] = Entry() }
            count = 0
        }
    }

    /// SKUs at most (three quarters of 32,768 places of 64 bytes).
    static let limit = 24_576
    static let inlineAtoms = 3

    private let places = Places(capacity: 256)
    /// The atoms of entries with more than ``inlineAtoms``, one run after the other (in the
    /// evaluator's memory).
    private(set) var spill: UnsafeMutablePointer<UInt32>
    private var spillCount = 0
    private var spillCapacity = 64

    init(memory: Memory) {
        spill = memory.buffer(spillCapacity, 0)
    }

    /// The SKUs held.
    var count: Int { places.count }

    @inline(__always)
    static func hash(_ sku: Int64) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: sku) &* 0x9E37_79B9_7F4A_7C15) >> 20)
    }

    /// The entry for `sku`, if any.
    @inline(__always)
    func find(_ sku: Int64) -> UnsafeMutablePointer<Entry>? {
        let place = places.base + places.probe(sku)
        return place.pointee.occupied ? place : nil
    }

    /// A byte of the place `sku` is looked for at first: reading it brings the place into the
    /// processor's cache ahead of ``find(_:)``.
    @inline(__always)
    func touch(_ sku: Int64) -> UInt8 {
        UnsafeRawPointer(places.base + (AtomCache.hash(sku) & places.mask)).load(as: UInt8.self)
    }

    /// Whether `entry` was made from these texts and marks.
    @inline(__always)
    static func matches(_ entry: UnsafeMutablePointer<Entry>, _ line: UnsafePointer<Line>) -> Bool {
        entry.pointee.excise == line.pointee.excise && entry.pointee.weighed == line.pointee.weighed
            && same(entry.pointer(to: \.category)!, line.pointer(to: \.category)!)
            && same(entry.pointer(to: \.brand)!, line.pointer(to: \.brand)!)
    }

    /// Whether two texts are the same: at once when they are the same string value (the same
    /// bits, which the entry's string keeps meaning the same text, see ``StringMemo``),
    /// otherwise by comparing them.
    @inline(__always)
    static func same(_ a: UnsafePointer<String?>, _ b: UnsafePointer<String?>) -> Bool {
        if MemoryLayout<String?>.size == 16 {
            let x = UnsafeRawPointer(a).load(as: (UInt64, UInt64).self), y = UnsafeRawPointer(b).load(as: (UInt64, UInt64).self)
            if x == y { return true }
        }
        return a.pointee == b.pointee
    }

    /// Remembers the atoms of `line` (its SKU not in the cache yet).
    mutating func insert(_ line: UnsafePointer<Line>, atoms found: some Collection<UInt32>, memory: Memory) {
        if places.count >= AtomCache.limit { removeAll() }
        if (places.count + 1) * 4 > (places.mask + 1) * 3 { places.grow() }
        var entry = Entry(sku: line.pointee.sku, category: line.pointee.category, brand: line.pointee.brand,
                          count: UInt16(truncatingIfNeeded: found.count), excise: line.pointee.excise,
                          weighed: line.pointee.weighed, occupied: true)
        guard found.count <= Int(UInt16.max) else { return }
        if found.count <= AtomCache.inlineAtoms {
            withUnsafeMutableBytes(of: &entry.inline) { raw in
                for (k, atom) in found.enumerated() { raw.storeBytes(of: atom, toByteOffset: 4 * k, as: UInt32.self) }
            }
        } else {
            if spillCount + found.count > spillCapacity {
                let capacity = max(2 * spillCapacity, spillCount + found.count)
                let bigger = memory.buffer(capacity, UInt32(0))
                bigger.update(from: spill, count: spillCount)
                spill = memory.replace(spill, with: bigger)
                spillCapacity = capacity
            }
            entry.first = Int32(spillCount)
            for atom in found {
                spill[spillCount] = atom
                spillCount += 1
            }
        }
        // (The place is empty: it refers to nothing, and is simply overwritten. The entry is
        // moved there, not copied and then destroyed.)
        let place = places.base + places.probe(entry.sku)
        place.initialize(to: consume entry)
        places.count += 1
    }

    mutating func removeAll() {
        places.removeAll()
        spillCount = 0
    }
}
