/// A read-only table from UTF-8 byte strings to values, looked up by bytes without building a
/// `String` (no allocation, no Unicode normalization): category paths and their prefixes,
/// brands, flags, fact keys and the bundle's strings.
///
/// The table lives in plain memory so that a lookup costs no reference counting: the struct is
/// a handful of pointers, copied freely. Its owner (the loaded bundle) frees it once, with
/// ``free()``, when nothing can look anything up any more.
struct ByteTable: @unchecked Sendable {
    /// Every key's bytes, one after the other; key `k` is `bytes[starts[k]..<starts[k + 1]]`.
    private let bytes: UnsafeMutablePointer<UInt8>
    private let starts: UnsafeMutablePointer<Int>
    private let values: UnsafeMutablePointer<UInt32>
    /// Open addressing: an index into the keys plus one, 0 for empty.
    private let slots: UnsafeMutablePointer<Int32>
    private let mask: Int
    private(set) var count = 0

    /// A table of the entries; of equal keys the first one counts. The entries are read twice
    /// (a lazy collection is fine).
    init<Entries: Collection>(_ entries: Entries) where Entries.Element == (key: String, value: UInt32) {
        var size = 16
        while size < entries.count * 2 { size *= 2 }
        mask = size - 1
        slots = .allocate(capacity: size)
        slots.initialize(repeating: 0, count: size)
        let totalBytes = entries.reduce(0) { $0 + $1.key.utf8.count }
        bytes = .allocate(capacity: max(1, totalBytes))
        starts = .allocate(capacity: entries.count + 1)
        values = .allocate(capacity: max(1, entries.count))
        starts[0] = 0
        var n = 0
        for (key, value) in entries {
            var key = key
            key.withUTF8 { k in
                let h = ByteTable.hash(k)
                guard find(k, hash: h) == nil else { return }
                var slot = Int(truncatingIfNeeded: h) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                if let base = k.baseAddress { (bytes + starts[n]).initialize(from: base, count: k.count) }
                starts[n + 1] = starts[n] + k.count
                values[n] = value
                n += 1
                slots[slot] = Int32(n)
            }
        }
        count = n
    }

    /// Frees the table's memory; the table must not be used after.
    func free() {
        bytes.deallocate()
        starts.deallocate()
        values.deallocate()
        slots.deallocate()
    }

    /// A hash of the bytes, eight at a time (a multiply-xorshift mix per word).
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = bytes.count
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &+ UInt64(truncatingIfNeeded: n)
        guard let base = bytes.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= n {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0, shift: UInt64 = 0
        while i < n {
            tail |= UInt64(base[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ h >> 29
    }

    /// The value of `key`, whose ``hash(_:)`` is `hash`.
    @inline(__always)
    func value(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> UInt32? {
        guard count > 0 else { return nil }
        return find(key, hash: hash).map { values[$0] }
    }

    private func find(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return nil }
            let k = entry - 1
            let start = starts[k], length = starts[k + 1] - start
            if length == key.count, length == 0 || memcmp(bytes + start, key.baseAddress!, length) == 0 {
                return k
            }
            slot = (slot + 1) & mask
        }
    }

    /// The value of `text`. Native strings are read in place; others are copied once.
    @inline(__always)
    func value(_ text: String) -> UInt32? {
        guard count > 0 else { return nil }
        if let found = text.utf8.withContiguousStorageIfAvailable({ value($0, hash: ByteTable.hash($0)) }) { return found }
        var copy = text
        return copy.withUTF8 { value($0, hash: ByteTable.hash($0)) }
    }

    var isEmpty: Bool { count == 0 }
}

/// A read-only table from 64-bit integers (SKUs) to values, in plain memory like ``ByteTable``.
struct IntTable: @unchecked Sendable {
    private let keys: UnsafeMutablePointer<Int64>
    private let values: UnsafeMutablePointer<UInt32>
    /// Whether a slot is taken.
    private let used: UnsafeMutablePointer<Bool>
    private let mask: Int
    let count: Int

    /// A table of the entries; of equal keys the first one counts.
    init<Entries: Collection>(_ entries: Entries) where Entries.Element == (key: Int64, value: UInt32) {
        var size = 16
        while size < entries.count * 2 { size *= 2 }
        mask = size - 1
        keys = .allocate(capacity: size)
        keys.initialize(repeating: 0, count: size)
        values = .allocate(capacity: size)
        values.initialize(repeating: 0, count: size)
        used = .allocate(capacity: size)
        used.initialize(repeating: false, count: size)
        var n = 0
        for (key, value) in entries {
            var slot = IntTable.slot(key, mask)
            while used[slot] && keys[slot] != key { slot = (slot + 1) & mask }
            guard !used[slot] else { continue }
            used[slot] = true
            keys[slot] = key
            values[slot] = value
            n += 1
        }
        count = n
    }

    func free() {
        keys.deallocate()
        values.deallocate()
        used.deallocate()
    }

    /// Fibonacci hashing: the high bits of the key times 2^64 / φ.
    @inline(__always)
    static func slot(_ key: Int64, _ mask: Int) -> Int {
        let h = UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: h >> 32 ^ h) & mask
    }

    @inline(__always)
    func value(_ key: Int64) -> UInt32? {
        guard count > 0 else { return nil }
        var slot = IntTable.slot(key, mask)
        while used[slot] {
            if keys[slot] == key { return values[slot] }
            slot = (slot + 1) & mask
        }
        return nil
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
