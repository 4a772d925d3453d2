import PromoBytecode
@testable import PromoVM
import Testing

/// Regression tests for semantic bugs of the VM: the scopes of restriction caps, quantity
/// budgets, units limits, capped receipt discounts, narrowed accruals, per-step accruals on lines
/// closed to accrual and `each` on a picked weighed line. Values worked out by hand.
@Suite struct SemanticsFixTests {
    let item = { (sku: Int64, price: Int64, qty: Int64) in Line(sku: sku, category: "Home/Misc", price: price, quantity: qty) }

    // E1
    @Test func aScopedReceiptCapBindsOnlyTheLinesOfItsScope() throws {
        let b = try #require(compileBundle("""
            currency RUB
            restriction cap {
              discount <= 10% of total on sku 1
            }
            promo p {
              priority 1
              discount 20% on all
            }
            """))
        // Only sku 2: the cap does not touch it, 20% of 1000.00.
        var r = try #require(evaluate(b, receipt([item(2, 100_000, 1000)])))
        #expect(r.discount(by: "p", in: b) == 20_000)
        #expect(r.lineClamps.isEmpty)
        // Both: sku 1 may take 10% of its own 1000.00 = 100.00 (200.00 wanted, 100.00 cut by the
        // cap); sku 2 keeps its 200.00.
        r = try #require(evaluate(b, receipt([item(1, 100_000, 1000), item(2, 100_000, 1000)])))
        #expect(r.lines.map(\.discountTotal) == [10_000, 20_000])
        #expect(r.lineClamps.map(\.amount) == [10_000])
        #expect(r.lineClamps.first?.restriction == b.unit(named: "cap"))
    }

    // E2
    @Test func aScopedRedemptionCapBindsOnlyTheLinesOfItsScope() throws {
        let b = try #require(compileBundle("""
            currency RUB
            restriction cap {
              redeem <= 10% of total on sku 1
            }
            """))
        let customer = Customer(id: "1", card: true, bonusBalance: 500_000)
        // No sku 1: everything may be paid with bonuses.
        var r = try #require(evaluate(b, receipt([item(2, 100_000, 1000)], customer: customer)))
        #expect(r.redeemable == 100_000)
        // 1000.00 of sku 2 in full, and 10% of the 1000.00 of sku 1: 1100.00.
        r = try #require(evaluate(b, receipt([item(1, 100_000, 1000), item(2, 100_000, 1000)], customer: customer, redeem: 500_000)))
        #expect(r.redeemable == 110_000)
        #expect(r.redeemed == 110_000)
    }

    // E3
    @Test func aPerReceiptQuantityCapIgnoresWhatTheCustomerBoughtBefore() throws {
        let b = try #require(compileBundle("""
            currency RUB
            restriction two {
              qty <= 2 per receipt on sku 1
            }
            promo p {
              priority 1
              discount 30% on sku 1
            }
            """))
        let customer = Customer(id: "1", usage: ["two": Usage(unitsDay: 5000, unitsLifetime: 5000)])
        // 2 units: 30% of 200.00.
        var r = try #require(evaluate(b, receipt([item(1, 10_000, 2000)], customer: customer)))
        #expect(r.discount(by: "p", in: b) == 6000)
        // 3 units: only 2 of them, 30% of 300.00 × 2/3.
        r = try #require(evaluate(b, receipt([item(1, 10_000, 3000)], customer: customer)))
        #expect(r.discount(by: "p", in: b) == 6000)
    }

    // E4
    @Test func aReceiptDiscountCutByTheCapIsSpreadInProportion() throws {
        let b = try #require(compileBundle("""
            currency RUB
            restriction cap {
              discount <= 10% of total
            }
            promo p {
              priority 1
              discount 15% on receipt
            }
            """))
        // 15% of 1000.00 = 150.00, cut to 100.00 by the cap, spread 600 : 400.
        let r = try #require(evaluate(b, receipt([item(1, 60_000, 1000), item(2, 40_000, 1000)])))
        #expect(r.discount(by: "p", in: b) == 10_000)
        #expect(r.lines.map(\.discountTotal) == [6000, 4000])
        #expect(r.lineClamps.map(\.amount) == [5000])
        #expect(r.lineClamps.first?.restriction == b.unit(named: "cap"))
        // 33.33 + 33.33 + 33.34 = 100.00; 15% = 15.00 cut to 10.00: 3.33 each by quotient,
        // the kopeck left to the largest remainder (line 3).
        let r2 = try #require(evaluate(b, receipt([item(1, 3333, 1000), item(2, 3333, 1000), item(3, 3334, 1000)])))
        #expect(r2.lines.map(\.discountTotal) == [333, 333, 334])
    }

    // E5
    @Test func aUnitDiscountedByTwoPromosIsOneUnitOfAQuantityCap() throws {
        let b = try #require(compileBundle("""
            currency RUB
            restriction three {
              qty <= 3 per customer per day on sku 1
            }
            promo first {
              priority 1
              discount 10% on sku 1
            }
            promo second {
              priority 2
              discount 10% on sku 1
            }
            """))
        // 2 units of 100.00, cap 3: 20.00, then 10% of 180.00.
        var r = try #require(evaluate(b, receipt([item(1, 10_000, 2000)])))
        #expect(r.discount(by: "first", in: b) == 2000)
        #expect(r.discount(by: "second", in: b) == 1800)
        // 4 units: both promos on the same 3 of them: 40.00 × 3/4 = 30.00, then 37.00 × 3/4 = 27.75.
        r = try #require(evaluate(b, receipt([item(1, 10_000, 4000)])))
        #expect(r.discount(by: "first", in: b) == 3000)
        #expect(r.discount(by: "second", in: b) == 2775)
    }

    // E6
    @Test func aUnitsLimitPerCustomerLimitsTheUnitsOfTheReceipt() throws {
        let b = try #require(compileBundle("""
            currency RUB
            promo p {
              priority 1
              discount 20% on sku 1
              limit 2 units per customer per day
            }
            """))
        // 1 of 2 units left: 20% of one unit of 100.00.
        let one = Customer(id: "1", usage: ["p": Usage(day: 1, unitsDay: 1000)])
        var r = try #require(evaluate(b, receipt([item(1, 10_000, 5000)], customer: one)))
        #expect(r.discount(by: "p", in: b) == 2000)
        #expect(r.usage.map(\.units) == [1000])
        // None left: turned away.
        let none = Customer(id: "1", usage: ["p": Usage(day: 2, unitsDay: 2000)])
        r = try #require(evaluate(b, receipt([item(1, 10_000, 5000)], customer: none)))
        #expect(r.reason("p", in: b) == .limitReached)
        // Nothing used yet: 2 of the 5 units.
        r = try #require(evaluate(b, receipt([item(1, 10_000, 5000)], customer: Customer(id: "1"))))
        #expect(r.discount(by: "p", in: b) == 4000)
    }

    // E7
    @Test func aUnitsLimitPerReceiptLimitsTheUnitsDiscounted() throws {
        let b = try #require(compileBundle("""
            currency RUB
            promo p {
              priority 1
              discount 20% on sku 1
              limit 1 unit per receipt
            }
            promo q {
              priority 2
              discount 50% on 1 cheapest of sku 2
              limit 2 units per receipt
            }
            """))
        // p: 20% of one of the three units of 100.00. q: the one cheapest unit of 3 is within
        // its 2 units: 50% of 80.00.
        let r = try #require(evaluate(b, receipt([item(1, 10_000, 3000), item(2, 8000, 3000)])))
        #expect(r.discount(by: "p", in: b) == 2000)
        #expect(r.discount(by: "q", in: b) == 4000)
    }

    // E8
    @Test func aNarrowedAccrualWithoutItsGoodsDoesNotApply() throws {
        let b = try #require(compileBundle("""
            currency RUB
            promo p {
              priority 1
              accrue 5% bonus on sku 1
              limit 1 per customer
            }
            """))
        var r = try #require(evaluate(b, receipt([item(2, 10_000, 1000)], customer: Customer(id: "1"))))
        #expect(r.reason("p", in: b) == .nothingToChange)
        #expect(r.usage.isEmpty)
        #expect(r.accruals.isEmpty)
        // With sku 1: 5% of 100.00.
        r = try #require(evaluate(b, receipt([item(1, 10_000, 1000), item(2, 10_000, 1000)], customer: Customer(id: "1"))))
        #expect(r.applied("p", in: b))
        #expect(r.accruals.map(\.points) == [500])
        #expect(r.usage.map(\.uses) == [1])
    }

    // E9
    @Test func perStepAccrualsLeaveOutLinesClosedToAccrual() throws {
        let b = try #require(compileBundle("""
            currency RUB
            promo closed {
              priority 1
              discount 10% on sku 1
              forbid accrue
            }
            promo steps {
              priority 2
              accrue 10 bonus per 100.00 of sku 1, 2
            }
            promo total_steps {
              priority 3
              accrue 1 bonus per 100.00 of total
            }
            """))
        // Line 1 (900.00) is closed to accrual: only 200.00 of line 2 counts, 2 steps.
        let r = try #require(evaluate(b, receipt([item(1, 100_000, 1000), item(2, 20_000, 1000)], customer: Customer(id: "1"))))
        let steps = try #require(b.unit(named: "steps")), total = try #require(b.unit(named: "total_steps"))
        #expect(r.accruals.first { $0.unit == steps }?.points == 2000)
        #expect(r.accruals.first { $0.unit == total }?.points == 200)
    }

    // A1
    @Test func eachOnAPickedWeighedLineIsPerKilogram() throws {
        let b = try #require(compileBundle("""
            currency RUB
            promo p {
              priority 1
              discount 55.00 each on 1 cheapest of sku 1
            }
            """))
        // 55.00 × 0.350 kg = 19.25.
        let cheese = Line(sku: 1, category: "Food/Cheese", price: 100_000, quantity: 350, weighed: true)
        var r = try #require(evaluate(b, receipt([cheese])))
        #expect(r.discount(by: "p", in: b) == 1925)
        // Counted goods: 55.00 off the one cheapest unit.
        r = try #require(evaluate(b, receipt([item(1, 10_000, 2000)])))
        #expect(r.discount(by: "p", in: b) == 5500)
    }

    @Test func aPromoShortOfChipsChangesNothing() throws {
        // The discount comes before `redeem` in the promo; with 5 of the 10 chips it must not stay.
        let b = try #require(compileBundle("""
            currency RUB
            promo bag {
              priority 1
              discount 100% on 1 cheapest of sku 1
              redeem   10 chips
              ignore   restrictions
            }
            """))
        var r = try #require(evaluate(b, receipt([item(1, 14_900, 1000)], customer: Customer(id: "1", chips: 5))))
        #expect(r.reason("bag", in: b) == .notEnoughChips)
        #expect(r.discountTotal == 0 && r.finalTotal == 14_900)
        #expect(r.chipsSpent.isEmpty)
        r = try #require(evaluate(b, receipt([item(1, 14_900, 1000)], customer: Customer(id: "1", chips: 10))))
        #expect(r.finalTotal == 0)
        #expect(r.chipsSpent.map(\.chips) == [10])
    }

    @Test func chipsSpentByAnEarlierPromoAreNotThereForALaterOne() throws {
        // 25 chips: the knife takes 20, the bag would need 10 of the 5 left.
        let b = try #require(compileBundle("""
            currency RUB
            promo knife {
              priority 1
              price  99.00 on 1 cheapest of sku 1 for 20 chips
              ignore restrictions
            }
            promo bag {
              priority 2
              redeem   10 chips
              discount 100% on 1 cheapest of sku 2
              ignore   restrictions
            }
            """))
        let lines = [item(1, 149_900, 1000), item(2, 14_900, 1000)]
        var r = try #require(evaluate(b, receipt(lines, customer: Customer(id: "1", chips: 25))))
        #expect(r.applied("knife", in: b))
        #expect(r.reason("bag", in: b) == .notEnoughChips)
        #expect(r.finalTotal == 9_900 + 14_900)
        r = try #require(evaluate(b, receipt(lines, customer: Customer(id: "1", chips: 30))))
        #expect(r.applied("bag", in: b) && r.finalTotal == 9_900)
        #expect(r.chipsSpent.map(\.chips) == [20, 10])
    }

    @Test func buyAndGetOfTheSameGoodsAreGroupsOfBoth() throws {
        // `buy 2 of tea get 1 of tea for 1.00`: two teas are one short; three give one for 1.00.
        let b = try #require(compileBundle("""
            currency RUB
            items tea = sku 1
            promo mug {
              priority 1
              buy 2 of tea get 1 of tea for 1.00
              ignore restrictions
            }
            """))
        var r = try #require(evaluate(b, receipt([item(1, 10_000, 2000)])))
        #expect(r.reason("mug", in: b) != nil && r.finalTotal == 20_000)
        r = try #require(evaluate(b, receipt([item(1, 10_000, 3000)])))
        #expect(r.finalTotal == 20_100)
        r = try #require(evaluate(b, receipt([item(1, 10_000, 6000)])))
        #expect(r.finalTotal == 40_200)
    }

    @Test func whatRoundingCannotTakeIsRecordedAsAClamp() throws {
        // 549.80: wine at its legal minimum takes nothing, the bag (0.80, floor 0.40 under the
        // 50% cap) takes 0.40 of the 0.80 remainder; the 0.40 left is shown on the first line at
        // its floor, the wine, cut by the legal minimum (no restriction).
        let b = try #require(compileBundle("""
            currency RUB
            restriction half {
              discount <= 50% on all except excise
            }
            promo round_it {
              priority 1
              round down to 1.00
            }
            """))
        let wine = Line(sku: 1, category: "Drinks/Wine", price: 54_900, quantity: 1000, excise: true, minPrice: 54_900)
        let r = try #require(evaluate(b, receipt([wine, item(2, 80, 1000)])))
        #expect(r.finalTotal == 54_940)
        #expect(r.lineClamps.map(\.amount) == [40])
        #expect(r.lineClamps.map(\.line) == [0])
        #expect(r.lineClamps.first?.restriction == nil)
    }

    @Test func theUnitsWhoseUsageIsReadAreKnown() throws {
        // A caller carrying usage from receipt to receipt carries only these units'.
        let b = try #require(compileBundle("""
            currency RUB
            restriction budget {
              qty <= 3 per customer per day on sku 1
            }
            restriction plain {
              qty <= 3 per receipt on sku 1
            }
            promo once {
              priority 1
              limit 1 per customer
              discount 10% on sku 1
            }
            promo weekly {
              priority 2
              limit 2 per customer per week
              discount 5% on sku 1
            }
            promo each {
              priority 3
              limit 1 per receipt
              discount 1% on sku 1
            }
            promo free {
              priority 4
              discount 1% on sku 1
            }
            """))
        var reads: [Bool] = []
        for name in ["budget", "plain", "once", "weekly", "each", "free"] { reads.append(b.readsUsage[try #require(b.unit(named: name))]) }
        #expect(reads == [true, false, true, true, false, false])
    }
}

