@testable import PromoVM
import Testing

/// A SKU's atoms are remembered between receipts, but only while its texts are the same.
@Suite struct AtomCacheTests {
    static let source = """
        currency RUB
        promo dairy_sale {
          priority 1
          discount 10% on category "Food/Dairy"
        }
        promo farm_sale {
          priority 2
          discount 5% on brand "Farm"
        }
        promo flagged {
          priority 3
          discount 1% on flag "organic"
        }
        """

    func discounts(_ e: inout Evaluator, _ line: Line, in bundle: LoadedBundle) throws -> [String: Int64] {
        let result = try e.evaluate(receipt([line]))
        var found: [String: Int64] = [:]
        for d in result.lineDiscounts { found[bundle.name(ofUnit: d.unit), default: 0] += d.amount }
        return found
    }

    @Test func aSKUWhoseTextsChangeGetsTheAtomsOfItsNewTexts() throws {
        let bundle = try #require(compileBundle(AtomCacheTests.source))
        var e = Evaluator(bundle: bundle)
        let milk = Line(sku: 42, category: "Food/Dairy/Milk", brand: "Farm", price: 10_000)
        #expect(try discounts(&e, milk, in: bundle) == ["dairy_sale": 1000, "farm_sale": 450])
        // The same SKU again: from the cache, the same atoms.
        #expect(try discounts(&e, milk, in: bundle) == ["dairy_sale": 1000, "farm_sale": 450])
        #expect(e.atomCache.count == 1)
        // Moved to another category, another brand: the old atoms must not stick.
        var moved = milk
        moved.category = "Food/Bakery"
        #expect(try discounts(&e, moved, in: bundle) == ["farm_sale": 500])
        moved.brand = nil
        #expect(try discounts(&e, moved, in: bundle) == [:])
        // Flags the bundle names are read from the line every time.
        var organic = milk
        organic.flags = ["organic"]
        #expect(try discounts(&e, organic, in: bundle) == ["dairy_sale": 1000, "farm_sale": 450, "flagged": 86])
        #expect(try discounts(&e, milk, in: bundle) == ["dairy_sale": 1000, "farm_sale": 450])
    }

    /// A line with more atoms than an entry holds itself: they are kept apart, and read back
    /// whole.
    @Test func aSKUWithManyAtomsGetsThemAllFromTheCache() throws {
        let bundle = try #require(compileBundle("""
            currency RUB
            promo food { priority 1
              discount 10% on category "Food" }
            promo dairy { priority 2
              discount 5% on category "Food/Dairy" }
            promo milk { priority 3
              discount 2% on category "Food/Dairy/Milk" }
            promo farm { priority 4
              discount 1% on brand "Farm" }
            promo this_milk { priority 5
              discount 1% on sku 42 }
            """))
        var e = Evaluator(bundle: bundle)
        let milk = Line(sku: 42, category: "Food/Dairy/Milk", brand: "Farm", price: 10_000)
        let bread = Line(sku: 7, category: "Food/Bakery", brand: "Farm", price: 5_000)
        // 10% of 100.00, then 5% of 90.00, 2% of 85.50, 1% of 83.79 and of 82.95, half up.
        let expected: [String: Int64] = ["food": 1000, "dairy": 450, "milk": 171, "farm": 84, "this_milk": 83]
        #expect(try discounts(&e, milk, in: bundle) == expected)
        #expect(try discounts(&e, bread, in: bundle) == ["food": 500, "farm": 45])
        #expect(e.atomCache.count == 2)
        // Both again, from the cache: the five atoms of the one, the two of the other.
        #expect(try discounts(&e, milk, in: bundle) == expected)
        #expect(try discounts(&e, bread, in: bundle) == ["food": 500, "farm": 45])
        #expect(e.atomCache.count == 2)
    }

    /// An entry is one cache line: a line of a known SKU reads no more.
    @Test func anEntryFitsACacheLine() {
        #expect(MemoryLayout<AtomCache.Entry>.stride == 64)
    }

    @Test func theCacheStaysBounded() throws {
        let bundle = try #require(compileBundle(AtomCacheTests.source))
        var e = Evaluator(bundle: bundle)
        var total: Int64 = 0
        for batch in 0..<4 {
            let lines = (0..<10_000).map { k in
                Line(sku: Int64(batch * 10_000 + k), category: k % 2 == 0 ? "Food/Dairy/Milk" : "Food/Bakery", price: 1000)
            }
            let result = try e.evaluate(receipt(lines))
            total += result.discountTotal
            #expect(e.atomCache.count <= AtomCache.limit)
        }
        // Half the lines are dairy: 10% of 10.00 on 5,000 lines a receipt.
        #expect(total == 4 * 5_000 * 100)
        #expect(e.atomCache.count < 4 * 10_000)
    }
}
