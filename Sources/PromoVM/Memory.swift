/// The raw buffers of an evaluator's per-line, per-set, per-atom and per-unit state: plain
/// memory, reused from receipt to receipt, freed with the evaluator. Reading and writing them
/// costs no reference counting, no uniqueness and no exclusivity checks, which the evaluator's
/// inner loops would otherwise pay at every access.
final class Memory {
    private var blocks: [UnsafeMutableRawPointer] = []

    /// A buffer of `count` values, each `value` (trivial types only).
    func buffer<T>(_ count: Int, _ value: T) -> UnsafeMutablePointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, count))
        p.initialize(repeating: value, count: max(1, count))
        blocks.append(UnsafeMutableRawPointer(p))
        return p
    }

    /// Frees `old` and gives a new buffer of `count` values.
    func replace<T>(_ old: UnsafeMutablePointer<T>, _ count: Int, _ value: T) -> UnsafeMutablePointer<T> {
        let raw = UnsafeMutableRawPointer(old)
        if let i = blocks.firstIndex(of: raw) {
            blocks.remove(at: i)
            raw.deallocate()
        }
        return buffer(count, value)
    }

    /// Frees `old` and gives `new` (a buffer of this memory) in its place.
    func replace<T>(_ old: UnsafeMutablePointer<T>, with new: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<T> {
        let raw = UnsafeMutableRawPointer(old)
        if let i = blocks.firstIndex(of: raw) {
            blocks.remove(at: i)
            raw.deallocate()
        }
        return new
    }

    deinit {
        for block in blocks { block.deallocate() }
    }
}

/// A list in an evaluator's ``Memory``, for values of trivial types: appending and writing
/// cost no uniqueness check and no reference counting. It grows by doubling (the old buffer is
/// freed) and is emptied, never shrunk, between receipts. It refers to its memory without
/// owning it: the evaluator that holds both keeps the memory alive.
struct Pile<T>: RandomAccessCollection, MutableCollection {
    private(set) var base: UnsafeMutablePointer<T>
    private(set) var count = 0
    private var capacity: Int
    private let filler: T
    private unowned(unsafe) let memory: Memory

    init(_ memory: Memory, capacity: Int = 16, filler: T) {
        self.capacity = Swift.max(1, capacity)
        self.filler = filler
        self.memory = memory
        base = memory.buffer(self.capacity, filler)
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(i: Int) -> T {
        @inline(__always) get {
            precondition(i >= 0 && i < count, "index out of range")
            return base[i]
        }
        @inline(__always) nonmutating set {
            precondition(i >= 0 && i < count, "index out of range")
            base[i] = newValue
        }
    }

    @inline(__always)
    mutating func append(_ value: T) {
        if count == capacity { grow(to: count + 1) }
        base[count] = value
        count += 1
    }

    mutating func append(contentsOf values: some Collection<T>) {
        if count + values.count > capacity { grow(to: count + values.count) }
        for value in values {
            base[count] = value
            count += 1
        }
    }

    mutating func grow(to needed: Int) {
        let bigger = Swift.max(needed, 2 * capacity)
        let p = memory.buffer(bigger, filler)
        p.update(from: base, count: count)
        base = memory.replace(base, with: p)
        capacity = bigger
    }

    /// Makes the list `n` copies of `value`, growing it when needed.
    @inline(__always)
    mutating func fill(_ n: Int, with value: T) {
        if n > capacity { grow(to: n) }
        base.update(repeating: value, count: n)
        count = n
    }

    /// Keeps the first `n` values.
    @inline(__always)
    mutating func truncate(to n: Int) { if n < count { count = Swift.max(0, n) } }

    @inline(__always)
    mutating func removeAll() { count = 0 }

    /// Keeps the values before `range`.
    @inline(__always)
    mutating func removeSubrange(_ range: PartialRangeFrom<Int>) { truncate(to: range.lowerBound) }

    var buffer: UnsafeBufferPointer<T> { UnsafeBufferPointer(start: base, count: count) }
}
