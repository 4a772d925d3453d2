@testable import PromoVM
import Testing

/// The memo of strings looked up gives what the table gives, whatever the strings' storage.
@Suite struct StringMemoTests {
    @Test func givesWhatTheTableGives() {
        // Short keys (held in the string itself) and long ones (in storage of their own).
        let names = (0..<300).map { k in k % 2 == 0 ? "f\(k)" : "customer.purchases_in_the_last_\(k)_days" }
        let first = ByteTable(names.enumerated().filter { $0.offset % 3 != 0 }.map { ($0.element, UInt32($0.offset)) })
        let second = ByteTable(names.enumerated().map { ($0.element, UInt32(1000 + $0.offset)) })
        defer { first.free(); second.free() }
        let memory = Memory()
        var memo = StringMemo(memory: memory)
        var hits = 0
        for round in 0..<4 {
            for (k, name) in names.enumerated() {
                // The same text again, sometimes as the same string, sometimes as a new one.
                let text = round % 2 == 0 ? name : String(name.utf8.map { Character(UnicodeScalar($0)) })
                let a = memo.value(text, in: first, tag: 1)
                let b = memo.value(text, in: second, tag: 2)
                #expect(a == (k % 3 == 0 ? nil : UInt32(k)), "\(text) in the first table")
                #expect(b == UInt32(1000 + k), "\(text) in the second table")
                if a == first.value(text) { hits += 1 }
            }
        }
        #expect(hits == 4 * names.count)
        // A string remembered and then changed in a copy: the copy is another string.
        var key = names[1]
        _ = memo.value(key, in: second, tag: 2)
        key.append("x")
        #expect(memo.value(key, in: second, tag: 2) == nil)
        #expect(memo.value(names[1], in: second, tag: 2) == 1001)
    }
}
