import CPromoVM
import PromoVM
import PromoVMC
import Testing

/// Receipts given as structs with values at and past every limit, NULL texts and arrays, and
/// unknown kinds: each gives a result or an error naming a field, never a crash, and every
/// result adds up.
@Suite struct CABIRobustnessTests {
    static let extremes: [Int64] = [Int64.min, Int64.min + 1, -1, 0, 1, 999, 1_000, 350, 1_000_000_000, 1_000_000_001,
                                    10_000_000_000_000, 10_000_000_000_001, Int64.max]

    @Test func randomStructsGiveAResultOrAnErrorNamingAField() throws {
        let bundle = try CBundle(CABITests.bytes)
        let evaluator = CEvaluator(bundle)
        defer { withExtendedLifetime(evaluator) {} }
        var random = SeededGenerator(seed: 20261123)
        var outcomes: [Int32: Int] = [:]
        for _ in 0..<2_000 {
            let arena = CStructArena()
            var c = arena.receipt(CABITests.richReceipts.randomElement(using: &random)!)
            func pick() -> Int64 { Self.extremes.randomElement(using: &random)! }
            func maybe(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
            if maybe(10) { c.date = promo_date(year: Int32.random(in: -2...10_001, using: &random), month: Int32.random(in: -1...13, using: &random),
                                               day: Int32.random(in: -1...32, using: &random)) }
            if maybe(10) { c.minute = Int32.random(in: -5...1_445, using: &random) }
            if maybe(10) { c.store_id = pick() }
            if maybe(10) { c.redeem = pick() }
            if maybe(5) { c.store_format = nil }
            if maybe(5) { c.channel = arena.text(["pos", "web", "fax", ""].randomElement(using: &random)!) }
            if maybe(5) { c.coupons = nil }                      // with its count kept: an error
            if maybe(5) { c.currency = arena.text(["RUB", "EUR", "rub", ""].randomElement(using: &random)!) }
            if var lines = c.lines.map({ Array(UnsafeBufferPointer(start: $0, count: c.line_count)) }) {
                for i in lines.indices {
                    if maybe(15) { lines[i].quantity = pick() }
                    if maybe(15) { lines[i].price = pick() }
                    if maybe(10) { lines[i].amount = pick() }
                    if maybe(10) { lines[i].min_price = pick() }
                    if maybe(10) { lines[i].flags = UInt32.random(in: 0...7, using: &random) }
                    if maybe(5) { lines[i].category = nil }
                    if maybe(3) {                                   // two flags and a NULL array: an error
                        lines[i].extra_flag_count = 2
                        lines[i].extra_flags = nil
                    }
                }
                c.lines = arena.array(lines)
            }
            if let customer = c.customer {
                var k = customer.pointee
                if maybe(10) { k.bonus_balance = pick() }
                if maybe(10) { k.chips = pick() }
                if maybe(5) { k.id = nil }
                if var facts = k.facts.map({ Array(UnsafeBufferPointer(start: $0, count: k.fact_count)) }) {
                    for i in facts.indices {
                        if maybe(10) { facts[i].kind = Int32.random(in: -1...4, using: &random) }
                        if maybe(10) { facts[i].number = pick() }
                        if maybe(5) { facts[i].text = nil }
                    }
                    k.facts = arena.array(facts)
                }
                if var counters = k.counters.map({ Array(UnsafeBufferPointer(start: $0, count: k.counter_count)) }) {
                    for i in counters.indices where maybe(20) { counters[i].value = pick() }
                    k.counters = arena.array(counters)
                }
                c.customer = arena.array([k])
            }
            switch evaluator.structs(&c) {
            case .success(let result):
                outcomes[0, default: 0] += 1
                let original = promo_result_original_total(result), discount = promo_result_discount_total(result)
                #expect(promo_result_final_total(result) == original - discount)
                var sum: Int64 = 0
                for i in 0..<promo_result_line_count(result) {
                    var line = promo_line_result()
                    #expect(promo_result_line(result, i, &line) == PROMO_OK)
                    #expect(line.final_amount >= 0 && line.final_amount <= line.original_amount)
                    sum += line.final_amount
                }
                #expect(sum == original - discount)
            case .failure(let error):
                outcomes[error.code, default: 0] += 1
                #expect(error.code == PROMO_ERROR_RECEIPT || error.code == PROMO_ERROR_EVALUATION, "\(error)")
                #expect(error.code != PROMO_ERROR_RECEIPT || !error.field.isEmpty, "\(error)")
            }
        }
        // Both kinds of outcome occur, or the mutations would not test anything.
        #expect(outcomes[0, default: 0] > 100)
        #expect(outcomes[Int32(PROMO_ERROR_RECEIPT), default: 0] > 100)
    }
}
