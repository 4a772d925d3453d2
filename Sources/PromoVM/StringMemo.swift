/// What an evaluator has looked up in a ``ByteTable`` lately, by the string's own 16 bytes:
/// receipts built by the same program give the same keys (fact names, store formats, regions)
/// again and again, usually the very same string values, and comparing two words is much
/// quicker than hashing and comparing bytes.
///
/// Two strings with the same 16 bytes have the same text: a small string holds its text in
/// them, and a large one points to storage that cannot change while this memo holds the string
/// (it keeps each string it remembers). Strings equal in text but not in bytes are simply
/// looked up in the table. 256 entries, a string in one of the four its bytes pick; plain
/// memory of the evaluator, never shared.
struct StringMemo {
    static let size = 256
    /// Which of its four entries a new string takes, in turn.
    private var victim = 0
    private let words: UnsafeMutablePointer<UInt64>
    private let values: UnsafeMutablePointer<UInt32>
    /// The strings remembered, so that their storage stays as it is.
    private var held: [String] = Array(repeating: "", count: StringMemo.size)
    /// Which table each entry came from (several tables share a memo).
    private let tables: UnsafeMutablePointer<UInt8>

    /// A value for "not in the table".
    static let missing = UInt32.max

    init(memory: Memory) {
        words = memory.buffer(2 * StringMemo.size, 0)
        values = memory.buffer(StringMemo.size, StringMemo.missing)
        // Table 0 is none: no entry matches until it is filled.
        tables = memory.buffer(StringMemo.size, 0)
    }

    /// The value of `text` in `table`, which `tag` (1 or more) names among the tables this memo
    /// serves.
    @inline(__always)
    mutating func value(_ text: String, in table: ByteTable, tag: UInt8) -> UInt32? {
        let (a, b) = unsafeBitCast(text, to: (UInt64, UInt64).self)
        var h = (a ^ b ^ UInt64(tag)) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
        let first = Int(truncatingIfNeeded: h >> 56) & ~3
        for slot in first..<first + 4 where words[2 * slot] == a && words[2 * slot + 1] == b && tables[slot] == tag {
            let v = values[slot]
            return v == StringMemo.missing ? nil : v
        }
        return remember(text, in: table, tag: tag, at: first)
    }

    /// Looks `text` up in the table and remembers it in one of the four entries from `first`.
    @inline(never)
    mutating func remember(_ text: String, in table: ByteTable, tag: UInt8, at first: Int) -> UInt32? {
        let (a, b) = unsafeBitCast(text, to: (UInt64, UInt64).self)
        let found = table.value(text)
        let slot = first + victim
        victim = (victim + 1) & 3
        held[slot] = text
        words[2 * slot] = a
        words[2 * slot + 1] = b
        tables[slot] = tag
        values[slot] = found ?? StringMemo.missing
        return found
    }
}
