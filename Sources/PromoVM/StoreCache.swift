/// What the bundle's store conditions came to in the last stores an evaluator saw. A store
/// condition reads only the store's id, format, region, city and groups (the load-time check of
/// ``Gates`` makes sure), so its outcome, step count and failed comparison hold for every receipt
/// of the same store, and of every store alike in the fields the bundle's conditions read
/// (``Gates/storeFieldsRead``, the key): a till, which sees one store, evaluates each condition
/// once, and a bundle whose conditions read only formats and regions knows a chain's every store
/// after a few receipts.
///
/// ``slots`` stores at most, each with `conditions` outcomes (status 0 not run yet, 1 holds,
/// 2 does not; steps; failed comparison); a new store takes the slot of the oldest. Plain memory
/// of the evaluator, never shared.
struct StoreCache {
    static let slots = 32

    let conditions: Int
    let status: UnsafeMutablePointer<UInt8>
    let steps: UnsafeMutablePointer<Int32>
    let failures: UnsafeMutablePointer<FailedComparison?>
    /// Each slot's store: its hash, and its key words in `keys` (`keyStart`, `keyCount`).
    private var hashes: [UInt64] = Array(repeating: 0, count: StoreCache.slots)
    private var keyStart: [Int] = Array(repeating: 0, count: StoreCache.slots)
    private var keyCount: [Int] = Array(repeating: -1, count: StoreCache.slots)
    private var keys: [Int64] = []
    private var next = 0
    /// For each of ``hints`` values of a key's hash, the slot last found or given for such a
    /// key (-1: none): looked at before the slots one by one, which cost a comparison for each
    /// slot before the store's at every receipt. Only a hint: a slot holds one key at most, so a
    /// slot whose key matches is the one the search would find.
    private let hint: UnsafeMutablePointer<Int32>
    static let hints = 64

    init(conditions: Int, memory: Memory) {
        self.conditions = conditions
        hint = memory.buffer(StoreCache.hints, -1)
        status = memory.buffer(StoreCache.slots * max(1, conditions), 0)
        steps = memory.buffer(StoreCache.slots * max(1, conditions), 0)
        failures = memory.buffer(StoreCache.slots * max(1, conditions), nil)
    }

    /// The slot of the store whose key is `key` (the fields the conditions read, as numbers);
    /// a slot emptied for it when it is new.
    mutating func slot(for key: UnsafeBufferPointer<Int64>) -> Int {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &+ UInt64(key.count)
        for word in key { h = (h ^ UInt64(bitPattern: word)) &* 0xFF51_AFD7_ED55_8CCD; h ^= h >> 32 }
        let place = Int(truncatingIfNeeded: h) & (StoreCache.hints - 1)
        let guess = Int(hint[place])
        if guess >= 0 && holds(key, hash: h, in: guess) { return guess }
        for s in 0..<StoreCache.slots where holds(key, hash: h, in: s) {
            hint[place] = Int32(s)
            return s
        }
        let s = next
        hint[place] = Int32(s)
        next = (next + 1) % StoreCache.slots
        // Keys are few words; the arena is rebuilt from the live slots when it grows large.
        if keys.count > 64 * StoreCache.slots { compactKeys() }
        hashes[s] = h
        keyStart[s] = keys.count
        keyCount[s] = key.count
        keys.append(contentsOf: key)
        (status + s * conditions).update(repeating: 0, count: conditions)
        return s
    }

    /// Whether slot `s` holds the store whose key is `key`, of hash `h`.
    @inline(__always)
    private func holds(_ key: UnsafeBufferPointer<Int64>, hash h: UInt64, in s: Int) -> Bool {
        hashes[s] == h && keyCount[s] == key.count && (0..<key.count).allSatisfy { keys[keyStart[s] + $0] == key[$0] }
    }

    private mutating func compactKeys() {
        var kept: [Int64] = []
        for s in 0..<StoreCache.slots where keyCount[s] >= 0 {
            let start = kept.count
            kept.append(contentsOf: keys[keyStart[s]..<keyStart[s] + keyCount[s]])
            keyStart[s] = start
        }
        keys = kept
    }
}
