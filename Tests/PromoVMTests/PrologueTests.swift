import PromoBytecode
@testable import PromoVM
import Testing

/// Units turned away by their eligibility prologue before the interpreter (``Gates``) must give
/// exactly what the interpreter gives running the prologue itself: the same trace (reasons and
/// failed comparisons), the same effects and the same step count.
@Suite struct PrologueTests {
    static let source = """
        currency RUB
        items dairy = category "Food/Dairy"
        promo regional {
          priority 1
          stores   format != "Discounter" and region == "North"
          discount 5% on dairy
        }
        promo regional_too "the same store condition as regional" {
          priority 2
          stores   format != "Discounter" and region == "North"
          hours    08:00 .. 20:00
          discount 1% on all
        }
        promo listed {
          priority 3
          active   2026-11-01 .. 2026-11-30
          weekdays mon .. fri
          stores   id in (7, 8, 9) or group == "Flagships"
          discount 2% on all
        }
        promo night {
          priority 4
          hours    22:00 .. 02:00
          stores   not (city == "Springfield")
          discount 3% on dairy
        }
        promo month_end {
          priority 5
          days     -3 .. -1
          channels pos, web
          discount 4% on all
        }
        promo members {
          priority 6
          stores   format == "Supermarket"
          audience customer.card
          discount 6% on dairy
        }
        promo best_a {
          priority 7
          best of weekend
          weekdays sat, sun
          stores   region == "North"
          discount 10% on dairy
        }
        promo best_b {
          priority 8
          best of weekend
          stores   region == "South"
          discount 7% on dairy
        }
        restriction southern_cap {
          stores   region == "South"
          discount <= 8% on dairy
        }
        """

    static let stores = [
        Store(id: 7, format: "Supermarket", region: "North"),
        Store(id: 1, format: "Discounter", region: "North", city: "Springfield"),
        Store(id: 2, format: "Supermarket", region: "South", city: "Springfield"),
        Store(id: 3, format: "Express", region: "North", city: "Shelbyville", groups: ["Flagships"]),
        Store(),
    ]

    @Test func theGatesGiveWhatTheInterpreterGives() throws {
        let bundle = try #require(compileBundle(PrologueTests.source))
        var fast = Evaluator(bundle: bundle)
        var slow = Evaluator(bundle: bundle)
        slow.checksPrologues = false
        var opByOp = Evaluator(bundle: bundle)
        opByOp.checksInOrder = false
        let lines = [Line(sku: 1, category: "Food/Dairy/Milk", price: 10_000),
                     Line(sku: 2, category: "Food/Bakery", price: 25_000, quantity: 2000)]
        var compared = 0, turnedAway = 0
        for store in PrologueTests.stores {
            for day in [6, 7, 20, 28, 30] {
                for minute in [30, 9 * 60, 21 * 60, 23 * 60] {
                    for channel in [nil, "pos", "app"] as [String?] {
                        for customer in [nil, Customer(id: "c1", card: true)] as [Customer?] {
                            var r = receipt(lines, date: LocalDate(year: 2026, month: 11, day: day), minute: minute,
                                            customer: customer, store: store)
                            r.channel = channel
                            let a = try fast.evaluate(r)
                            let b = try slow.evaluate(r)
                            let c = try opByOp.evaluate(r)
                            #expect(a == b, "store \(store), day \(day), minute \(minute), channel \(channel ?? "none")")
                            #expect(c == b, "op by op: store \(store), day \(day), minute \(minute), channel \(channel ?? "none")")
                            compared += 1
                            turnedAway += a.trace.filter { [.wrongStore, .notActive, .outsideHours, .wrongWeekday,
                                                            .wrongDayOfMonth, .wrongChannel, .needsCustomer].contains($0.reason) }.count
                        }
                    }
                }
            }
        }
        #expect(compared == 600)
        // Every kind of check turned units away somewhere, so the comparison covered them.
        #expect(turnedAway > 1000)
    }

    @Test func storeOutcomesKeptPerStoreStayRightAsStoresComeAndGo() throws {
        let bundle = try #require(compileBundle(PrologueTests.source))
        var fast = Evaluator(bundle: bundle)
        var slow = Evaluator(bundle: bundle)
        slow.checksPrologues = false
        let lines = [Line(sku: 1, category: "Food/Dairy/Milk", price: 10_000)]
        // More stores than the cache keeps, visited twice in different orders, with groups.
        let regions: [String?] = ["North", "South", nil]
        var stores: [Store] = []
        for k in 0..<50 {
            let format: String = k % 3 == 0 ? "Discounter" : "Supermarket"
            let city: String? = k % 4 == 0 ? "Springfield" : nil
            // Some stores in many groups, so the cache's key store fills up and is compacted.
            var groups: [String] = k % 5 == 0 ? ["Flagships"] : []
            if k % 2 == 1 { groups += (0..<40).map { "Cluster \($0 + k)" } }
            stores.append(Store(id: Int64(k % 12), format: format, region: regions[k % 3], city: city, groups: groups))
        }
        var wrongStore = 0
        for store in stores + stores.reversed() + stores {
            let r = receipt(lines, date: LocalDate(year: 2026, month: 11, day: 16), minute: 9 * 60, store: store)
            let a = try fast.evaluate(r)
            #expect(a == (try slow.evaluate(r)), "store \(store)")
            wrongStore += a.trace.filter { $0.reason == Reason.wrongStore }.count
        }
        #expect(wrongStore > 100)
        // The stores just seen are remembered: going over the last 20 again runs no condition.
        let runs = fast.storeConditionRuns
        for store in stores.suffix(20) {
            _ = try fast.evaluate(receipt(lines, date: LocalDate(year: 2026, month: 11, day: 16), minute: 9 * 60, store: store))
        }
        #expect(runs > 0 && fast.storeConditionRuns == runs)
    }

    @Test func storesAlikeInWhatTheConditionsReadShareTheirOutcomes() throws {
        // Conditions on format and region only: the id, city and groups make no difference.
        let bundle = try #require(compileBundle("""
            currency RUB
            items dairy = category "Food/Dairy"
            promo north {
              priority 1
              stores   format != "Discounter" and region == "North"
              discount 5% on dairy
            }
            promo supermarkets {
              priority 2
              stores   format == "Supermarket"
              discount 1% on all
            }
            """))
        #expect(bundle.gates.storeFieldsRead == 1 << StoreFieldCode.format.rawValue | 1 << StoreFieldCode.region.rawValue)
        var fast = Evaluator(bundle: bundle)
        var slow = Evaluator(bundle: bundle)
        slow.checksPrologues = false
        let lines = [Line(sku: 1, category: "Food/Dairy/Milk", price: 10_000)]
        func run(_ store: Store) throws -> EvaluationResult {
            let r = receipt(lines, date: LocalDate(year: 2026, month: 11, day: 16), minute: 9 * 60, store: store)
            let result = try fast.evaluate(r)
            #expect(result == (try slow.evaluate(r)), "store \(store)")
            return result
        }
        let first = try run(Store(id: 1, format: "Supermarket", region: "North"))
        #expect(first.trace.allSatisfy(\.applied) && fast.storeConditionRuns == 2)
        // 200 stores of the same format and region, in other cities and groups: no condition runs again.
        for k in 0..<200 {
            let result = try run(Store(id: Int64(100 + k), format: "Supermarket", region: "North",
                                       city: k % 2 == 0 ? "Springfield" : nil, groups: k % 3 == 0 ? ["Flagships"] : []))
            #expect(result.trace == first.trace)
        }
        #expect(fast.storeConditionRuns == 2)
        // Another region is another store to the first condition (the second one still holds).
        let south = try run(Store(id: 1, format: "Supermarket", region: "South"))
        #expect(fast.storeConditionRuns == 4)
        #expect(south.trace.map(\.reason) == [.wrongStore, nil])

        // A condition on the id: then the id tells stores apart.
        let byId = try #require(compileBundle("""
            currency RUB
            promo listed {
              priority 1
              stores   id in (7, 8) or group == "Flagships"
              discount 2% on all
            }
            """))
        #expect(byId.gates.storeFieldsRead == 1 << StoreFieldCode.id.rawValue | Gates.groupsRead)
        var evaluator = Evaluator(bundle: byId)
        var applied: [Bool] = []
        for id in [7, 9, 8, 9] as [Int64] {
            let r = receipt(lines, date: LocalDate(year: 2026, month: 11, day: 16), minute: 9 * 60,
                            store: Store(id: id, format: "Supermarket", region: "North"))
            applied.append(try evaluator.evaluate(r).trace[0].applied)
        }
        #expect(applied == [true, false, true, false] && evaluator.storeConditionRuns == 3)
    }

    @Test func theStoreCacheFindsEveryStoreItKeepsAcrossCompactions() {
        let memory = Memory()
        var cache = StoreCache(conditions: 2, memory: memory)
        func key(_ k: Int) -> [Int64] { [Int64(k), 1, 2, 3] + (0..<Int64(k % 7 * 20)).map { $0 + Int64(k) } }
        func slot(_ k: Int) -> Int { key(k).withUnsafeBufferPointer { cache.slot(for: $0) } }
        // Many stores with long keys: the oldest are dropped and the key store is compacted often.
        for k in 0..<500 {
            let s = slot(k)
            // A new store's slot starts with no outcome; mark it as this store's.
            #expect(cache.status[s * 2] == 0)
            cache.status[s * 2] = 1
            cache.steps[s * 2] = Int32(k)
        }
        // The last 32 are all still there, each in its own slot with its own outcome.
        var seen = Set<Int>()
        for k in (500 - StoreCache.slots)..<500 {
            let s = slot(k)
            #expect(cache.status[s * 2] == 1 && cache.steps[s * 2] == Int32(k), "store \(k)")
            seen.insert(s)
        }
        #expect(seen.count == StoreCache.slots)
        // One more is new again.
        #expect(cache.status[slot(0) * 2] == 0)
    }

    @Test func eachMemberOfABestOfGroupShowsItsOwnFailedComparison() throws {
        let bundle = try #require(compileBundle("""
            currency RUB
            items dairy = category "Food/Dairy"
            items bakery = category "Food/Bakery"
            promo big_dairy {
              priority 1
              best of basket
              when     spend(dairy) >= 1000.00
              discount 5% on dairy
            }
            promo big_bakery {
              priority 2
              best of basket
              when     spend(bakery) >= 700.00
              discount 5% on bakery
            }
            """))
        var evaluator = Evaluator(bundle: bundle)
        let r = receipt([Line(sku: 1, category: "Food/Dairy/Milk", price: 10_000),
                         Line(sku: 2, category: "Food/Bakery", price: 25_000, quantity: 2000)])
        let result = try evaluator.evaluate(r)
        let dairy = try #require(result.trace.first { bundle.name(ofUnit: $0.unit) == "big_dairy" })
        let bakery = try #require(result.trace.first { bundle.name(ofUnit: $0.unit) == "big_bakery" })
        #expect(dairy.reason == .conditionFalse && bakery.reason == .conditionFalse)
        // 100.00 of dairy against 1000.00, 500.00 of bakery against 700.00: each its own.
        #expect(dairy.failed?.left == 10_000 && dairy.failed?.right == 100_000)
        #expect(bakery.failed?.left == 50_000 && bakery.failed?.right == 70_000)
        #expect(bundle.source(at: try #require(dairy.failed).pc)?.line == 7)
        #expect(bundle.source(at: try #require(bakery.failed).pc)?.line == 13)
    }

    @Test func aFailedStoreComparisonIsTracedAtItsUnitsOwnPlace() throws {
        let bundle = try #require(compileBundle(PrologueTests.source))
        var evaluator = Evaluator(bundle: bundle)
        let r = receipt([Line(sku: 1, category: "Food/Dairy/Milk", price: 10_000)],
                        store: Store(id: 1, format: "Supermarket", region: "South"))
        let result = try evaluator.evaluate(r)
        let first = try #require(result.trace.first { bundle.name(ofUnit: $0.unit) == "regional" })
        let second = try #require(result.trace.first { bundle.name(ofUnit: $0.unit) == "regional_too" })
        #expect(first.reason == .wrongStore && second.reason == .wrongStore)
        let a = try #require(first.failed), b = try #require(second.failed)
        // The two promos share one store condition but each failure points into its own code.
        #expect(a.opcode == .equal && b.opcode == .equal && a.left == b.left && a.right == b.right)
        #expect(a.pc != b.pc)
        #expect(bundle.source(at: a.pc)?.line == 5)
        #expect(bundle.source(at: b.pc)?.line == 10)
    }
}
