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

/// A list in an evaluator's ``Memory``, for values of trivial types: appending costs no
/// uniqueness check and no reference counting. It grows by doubling (the old buffer is freed)
/// and is emptied, never shrunk, between receipts.
struct Pile<T> {
    private(set) var base: UnsafeMutablePointer<T>
    private(set) var count = 0
    private var capacity: Int
    private let filler: T

    init(_ memory: Memory, capacity: Int, filler: T) {
        self.capacity = max(1, capacity)
        self.filler = filler
        base = memory.buffer(self.capacity, filler)
    }

    @inline(__always)
    mutating func append(_ value: T, _ memory: Memory) {
        if count == capacity { grow(memory) }
        base[count] = value
        count += 1
    }

    mutating func grow(_ memory: Memory) {
        let bigger = memory.buffer(2 * capacity, filler)
        bigger.update(from: base, count: count)
        base = memory.replace(base, with: bigger)
        capacity *= 2
    }

    /// Keeps the first `n` values.
    @inline(__always)
    mutating func truncate(to n: Int) { if n < count { count = n } }

    mutating func removeAll() { count = 0 }

    var buffer: UnsafeBufferPointer<T> { UnsafeBufferPointer(start: base, count: count) }
}
