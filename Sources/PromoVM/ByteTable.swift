/// A read-only table from UTF-8 byte strings to values, looked up by bytes without building a
/// `String` (no allocation, no Unicode normalization): category paths and their prefixes,
/// brands, flags and fact keys.
struct ByteTable: Sendable {
    /// Every key's bytes, one after the other; key `k` is `bytes[starts[k]..<starts[k + 1]]`.
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]
    private var values: [UInt32] = []
    /// Open addressing: an index into the keys plus one, 0 for empty.
    private var slots: [Int32]
    private let mask: Int

    init(_ entries: [(key: String, value: UInt32)]) {
        var size = 16
        while size < entries.count * 2 { size *= 2 }
        slots = [Int32](repeating: 0, count: size)
        mask = size - 1
        for (key, value) in entries {
            var key = key
            key.withUTF8 { k in
                guard self.find(k, hash: ByteTable.hash(k)) == nil else { return }
                var slot = Int(truncatingIfNeeded: ByteTable.hash(k)) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                bytes.append(contentsOf: k)
                starts.append(bytes.count)
                values.append(value)
                slots[slot] = Int32(values.count)
            }
        }
    }

    /// FNV-1a over the bytes.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// The value of `key`, whose FNV-1a hash is `hash`.
    @inline(__always)
    func value(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> UInt32? {
        find(key, hash: hash).map { values[$0] }
    }

    private func find(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        guard !values.isEmpty else { return nil }
        return bytes.withUnsafeBufferPointer { all in
            starts.withUnsafeBufferPointer { starts in
                slots.withUnsafeBufferPointer { slots in
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while slots[slot] != 0 {
                        let k = Int(slots[slot]) - 1
                        let start = starts[k], count = starts[k + 1] - start
                        if count == key.count,
                           count == 0 || memcmp(all.baseAddress! + start, key.baseAddress!, count) == 0 {
                            return k
                        }
                        slot = (slot + 1) & mask
                    }
                    return nil
                }
            }
        }
    }

    func value(_ text: String) -> UInt32? {
        var text = text
        return text.withUTF8 { value($0, hash: ByteTable.hash($0)) }
    }

    var isEmpty: Bool { values.isEmpty }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
