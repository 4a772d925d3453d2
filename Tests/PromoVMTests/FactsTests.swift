@testable import PromoVM
import Testing

/// A customer's facts behave as a dictionary by key, whatever order they were written in.
@Suite struct FactsTests {
    @Test func readAndWrittenByKey() {
        var facts: Facts = ["spend(last 7 days)": .number(750_000), "app": .bool(true)]
        #expect(facts["app"] == .bool(true))
        #expect(facts["spend(last 7 days)"] == .number(750_000))
        #expect(facts["region"] == nil)
        facts["region"] = .text("Moscow")
        facts["app"] = .bool(false)
        #expect(facts.count == 3)
        #expect(facts["app"] == .bool(false) && facts["region"] == .text("Moscow"))
        facts["spend(last 7 days)"] = nil
        facts["never set"] = nil
        #expect(facts.count == 2 && facts["spend(last 7 days)"] == nil)
        // Kept in key order, each key once.
        #expect(facts.keys == ["app", "region"])
        #expect(facts.map(\.key) == ["app", "region"] && facts.map(\.value) == [.bool(false), .text("Moscow")])
    }

    @Test func theOrderOfWritingDoesNotMatter() {
        let keys = (0..<40).map { "fact \($0 * 7 % 40)" }
        var forward = Facts(), backward = Facts()
        for (k, key) in keys.enumerated() { forward[key] = .number(Int64(k)) }
        for (k, key) in keys.enumerated().reversed() { backward[key] = .number(Int64(k)) }
        #expect(forward == backward)
        #expect(forward.keys == keys.sorted())
        let dictionary = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($0.element, FactValue.number(Int64($0.offset))) })
        #expect(Facts(dictionary) == forward)
        for (key, value) in forward { #expect(dictionary[key] == value) }
    }

    @Test func aKeyWrittenTwiceInALiteralKeepsItsLastValue() {
        let facts: Facts = ["a": .number(1), "b": .number(2), "a": .number(3)]
        #expect(facts.count == 2 && facts["a"] == .number(3))
    }

    @Test func factsFilledInPlaceStayInKeyOrder() {
        // As the dry-run fills them receipt after receipt: appended from empty, then a fact
        // put in between, one taken out, and one at the end again.
        var facts = Facts()
        facts.insert(inOrder: "a", .number(1), at: 0)
        facts.insert(inOrder: "c", .number(3), at: 1)
        facts.insert(inOrder: "b", .number(2), at: 1)
        #expect(facts.keys == ["a", "b", "c"])
        #expect(facts["b"] == .number(2) && facts["c"] == .number(3))
        facts.remove(at: 0)
        #expect(facts.keys == ["b", "c"] && facts.values == [.number(2), .number(3)])
        facts.insert(inOrder: "d", .bool(true), at: 2)
        facts.setValue(.number(20), at: 0)
        var written: Facts = ["d": .bool(true), "c": .number(3), "b": .number(20)]
        #expect(facts == written)
        written.removeAll(keepingCapacity: true)
        #expect(written.isEmpty)
    }
}

