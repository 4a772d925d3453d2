import PromoBytecode
@testable import PromoVM
import Testing

/// Semantics of evaluation, case by case, with values worked out by hand.
@Suite struct EvaluationTests {
    let milk = { (price: Int64, qty: Int64) in Line(sku: 1, category: "Food/Dairy/Milk", price: price, quantity: qty) }

    @Test func percentDiscountsRoundHalfUpPerLine() throws {
        let b = try #require(compileBundle("currency RUB\npromo p {\n priority 1\n discount 15% on all\n}"))
        // 10.05 × 15% = 1.5075 → 1.51 on each line.
        let r = try #require(evaluate(b, receipt([milk(1005, 1000), milk(1005, 1000), milk(1005, 1000)])))
        #expect(r.lines.map(\.discountTotal) == [151, 151, 151])
        #expect(r.discountTotal == 453)
    }

    @Test func aReceiptDiscountIsSpreadToTheKopeckByLargestRemainder() throws {
        let b = try #require(compileBundle("currency RUB\npromo p {\n priority 1\n discount 20% on receipt\n}"))
        // 20% of 100.00 = 20.00 over 33.33, 33.33, 33.34: 6.66 each by quotient, the two kopecks
        // left go to the largest remainders (line 3, then line 1).
        let r = try #require(evaluate(b, receipt([milk(3333, 1000), milk(3333, 1000), milk(3334, 1000)])))
        #expect(r.lines.map(\.discountTotal) == [667, 666, 667])
        #expect(r.discountTotal == 2000)
    }

    @Test func aReceiptAmountFlowsAroundALineAtItsFloor() throws {
        let b = try #require(compileBundle("currency RUB\npromo p {\n priority 1\n discount 200.00 on receipt\n}"))
        // Wine 700.00 may not go below its legal 600.00: its share of 140.00 stops at 100.00 and
        // the 40.00 left goes to the other line, so the receipt still gets 200.00 off.
        let wine = Line(sku: 7, category: "Drinks/Wine", price: 70000, excise: true, minPrice: 60000)
        let r = try #require(evaluate(b, receipt([wine, milk(30000, 1000)])))
        #expect(r.lines.map(\.discountTotal) == [10000, 10000])
        #expect(r.discountTotal == 20000)
        #expect(r.lines[0].finalAmount == 60000)
    }

    @Test func discountsStackOnCurrentPricesUnlessOriginalPricesAreAsked() throws {
        let current = try #require(compileBundle("""
            currency RUB
            promo a {
              priority 1
              discount 20% on all
            }
            promo b {
              priority 2
              discount 30% on all
            }
            """))
        // 100.00 → 80.00 → 56.00: 44% in all.
        let r1 = try #require(evaluate(current, receipt([milk(10000, 1000)])))
        #expect(r1.discount(by: "a", in: current) == 2000)
        #expect(r1.discount(by: "b", in: current) == 2400)
        let original = try #require(compileBundle("""
            currency RUB
            promo a {
              priority 1
              discount 20% on all
            }
            promo b {
              priority 2
              discount 30% on all
              on original prices
            }
            """))
        // 20% and 30% of the original 100.00 add up: 50%.
        let r2 = try #require(evaluate(original, receipt([milk(10000, 1000)])))
        #expect(r2.discount(by: "b", in: original) == 3000)
        #expect(r2.discountTotal == 5000)
    }

    @Test func locksStopsAndBestOfGroups() throws {
        let b = try #require(compileBundle("""
            currency RUB
            items dairy = category "Food/Dairy"
            promo locker {
              priority 1
              discount 5% on dairy
              lock discounts
            }
            promo later {
              priority 2
              discount 10% on dairy
            }
            promo ten {
              priority 3
              discount 10% on category "Food/Bakery"
              best of personal
            }
            promo fifteen {
              priority 4
              discount 15% on category "Food/Bakery"
              best of personal
            }
            promo stopper {
              priority 5
              discount 1% on category "Food/Bakery"
              stop
            }
            promo after_stop {
              priority 6
              discount 1% on all
            }
            """))
        let bread = Line(sku: 2, category: "Food/Bakery", price: 10000)
        let r = try #require(evaluate(b, receipt([milk(10000, 1000), bread])))
        #expect(r.discount(by: "locker", in: b) == 500)
        #expect(r.reason("later", in: b) == .linesLocked)
        #expect(r.discount(by: "fifteen", in: b) == 1500)
        #expect(r.reason("ten", in: b) == .betterInGroup)
        #expect(r.applied("stopper", in: b))
        #expect(r.reason("after_stop", in: b) == .stopped)
    }

    @Test func restrictionsClampWithTheirNameAndIgnoringThemKeepsTheLegalFloor() throws {
        let b = try #require(compileBundle("""
            currency RUB
            restriction half "No item more than 50% off" {
              discount <= 50% on all
            }
            promo big {
              priority 1
              discount 70% on category "Food"
            }
            promo wine_gift {
              priority 2
              discount 90% on category "Drinks"
              ignore restrictions
            }
            """))
        let wine = Line(sku: 7, category: "Drinks/Wine", price: 70000, excise: true, minPrice: 30000)
        let r = try #require(evaluate(b, receipt([milk(10000, 1000), wine])))
        // 70% is cut to 50%, and the cut is shown with the restriction.
        #expect(r.lines[0].discountTotal == 5000)
        #expect(Array(r.clamps(ofLine: 0)) == [Clamp(line: 0, unit: b.unit(named: "big")!, amount: 2000, restriction: b.unit(named: "half"))])
        // Ignoring restrictions, 90% of 700.00 would be 630.00; the legal 300.00 minimum holds.
        #expect(r.lines[1].finalAmount == 30000)
        #expect(r.clamps(ofLine: 1).first?.restriction == nil)
    }

    @Test func aSoftReceiptCapsTheWholeDiscount() throws {
        let b = try #require(compileBundle("""
            currency RUB
            restriction soft "At most 10% off a receipt" {
              discount <= 10% of total
            }
            promo a {
              priority 1
              discount 8% on all
            }
            promo b {
              priority 2
              discount 5% on all
            }
            """))
        let r = try #require(evaluate(b, receipt([milk(10000, 1000)])))
        // 8.00 then 4.60 would be 12.60; the receipt may only get 10.00.
        #expect(r.discount(by: "a", in: b) == 800)
        #expect(r.discount(by: "b", in: b) == 200)
    }

    @Test func weighedGoods() throws {
        let b = try #require(compileBundle("currency RUB\npromo p {\n priority 1\n discount 10% on all\n}"))
        // 0.350 kg at 199.90 is 69.965, 69.97 half up; 10% of it is 6.997, 7.00.
        let apples = Line(sku: 5, category: "Food/Fruit", price: 19990, quantity: 350, weighed: true)
        let r = try #require(evaluate(b, receipt([apples])))
        #expect(r.lines[0].originalAmount == 6997)
        #expect(r.lines[0].discountTotal == 700)
    }

    @Test func buyTwoGetOneFreeGroupsFromTheMostExpensive() throws {
        let cheapest = try #require(compileBundle("currency RUB\npromo p {\n priority 1\n buy 2 of all get 1 free cheapest\n}"))
        let lines = [100, 90, 80, 70, 60, 50].map { Line(sku: Int64($0), category: "Food", price: Int64($0) * 100) }
        // Groups (100, 90, 80) and (70, 60, 50): 80 and 50 are free.
        let r = try #require(evaluate(cheapest, receipt(lines)))
        #expect(r.lines.map(\.discountTotal) == [0, 0, 8000, 0, 0, 5000])
        let expensive = try #require(compileBundle("currency RUB\npromo p {\n priority 1\n buy 2 of all get 1 free most expensive\n}"))
        let r2 = try #require(evaluate(expensive, receipt(lines)))
        #expect(r2.lines.map(\.discountTotal) == [10000, 0, 0, 7000, 0, 0])
        // One line of seven at 45.00: two groups, two free.
        let r3 = try #require(evaluate(cheapest, receipt([Line(sku: 1, category: "Food", price: 4500, quantity: 7000)])))
        #expect(r3.discountTotal == 9000)
    }

    @Test func bundlesSplitTheirDiscount() throws {
        let b = try #require(compileBundle("""
            currency RUB
            promo combo {
              priority 1
              bundle { 1 of sku 1, 1 of sku 2 } price 100.00
            }
            """))
        // Two sets: 60 + 80 = 140 → 100 gives 40 off each set, split 60:80.
        let r = try #require(evaluate(b, receipt([Line(sku: 1, price: 6000, quantity: 2000), Line(sku: 2, price: 8000, quantity: 3000)])))
        #expect(r.discountTotal == 8000)
        // Each set: 40.00 × 60/140 = 17.142… → 17.14 and 22.857… → 22.86 (the kopeck to the larger remainder).
        #expect(r.lines.map(\.discountTotal) == [3428, 4572])
    }

    @Test func aFixedPriceNeverRaisesOne() throws {
        let b = try #require(compileBundle("currency RUB\npromo p {\n priority 1\n price 59.90 on sku 1\n}"))
        let r = try #require(evaluate(b, receipt([Line(sku: 1, price: 5000)])))
        #expect(r.discountTotal == 0)
        #expect(r.reason("p", in: b) == .nothingToChange)
    }

    @Test func roundingDownSpreadsTheKopecks() throws {
        let b = try #require(compileBundle("currency RUB\npromo p {\n priority 1\n round down to 1.00\n}"))
        let r = try #require(evaluate(b, receipt([milk(6073, 1000), milk(6272, 1000)])))
        #expect(r.finalTotal == 12300)
        #expect(r.discountTotal == 45)
        let halfUp = try #require(compileBundle("currency RUB\npromo p {\n priority 1\n round half up to 1.00\n}"))
        // 123.45 rounds half up to 123.00; 123.60 would go up, and a promo never raises a receipt.
        #expect(evaluate(halfUp, receipt([milk(6073, 1000), milk(6272, 1000)]))?.finalTotal == 12300)
        #expect(evaluate(halfUp, receipt([milk(12360, 1000)]))?.finalTotal == 12360)
    }

    @Test func schedules() throws {
        let b = try #require(compileBundle("""
            currency RUB
            promo last_day {
              priority 1
              days -1
              discount 1% on all
            }
            promo night {
              priority 2
              hours 22:00 .. 02:00
              discount 2% on all
            }
            promo december {
              priority 3
              active 2026-12-01 .. 2026-12-31
              discount 3% on all
            }
            """))
        let lines = [milk(10000, 1000)]
        let lastDay = try #require(evaluate(b, receipt(lines, date: LocalDate(year: 2026, month: 11, day: 30), minute: 23 * 60 + 30)))
        #expect(lastDay.applied("last_day", in: b) && lastDay.applied("night", in: b))
        #expect(lastDay.reason("december", in: b) == .notActive)
        let early = try #require(evaluate(b, receipt(lines, date: LocalDate(year: 2026, month: 12, day: 31), minute: 60)))
        #expect(early.applied("last_day", in: b) && early.applied("night", in: b) && early.applied("december", in: b))
        let noon = try #require(evaluate(b, receipt(lines, date: LocalDate(year: 2026, month: 11, day: 29), minute: 720)))
        #expect(noon.reason("last_day", in: b) == .wrongDayOfMonth)
        #expect(noon.reason("night", in: b) == .outsideHours)
    }

    @Test func couponsCodesAndLimits() throws {
        let b = try #require(compileBundle("""
            currency RUB
            promo coupon_half {
              priority 1
              coupon "HALF-*"
              discount 50% on all
            }
            promo code_five {
              priority 2
              code "SPRING"
              discount 5.00 on all
            }
            promo once_a_day {
              priority 3
              limit 1 per customer per day
              discount 1.00 on all
            }
            """))
        let lines = [milk(10000, 1000)]
        var r = try #require(evaluate(b, Receipt(date: LocalDate(year: 2026, month: 11, day: 18), minute: 600, coupons: ["half-123"],
                                                 codes: ["spring"], lines: lines)))
        #expect(r.applied("coupon_half", in: b) && r.applied("code_five", in: b))
        #expect(r.couponsApplied.map(\.code) == ["half-123"])
        #expect(r.reason("once_a_day", in: b) == .needsCustomer)
        let used = Customer(id: "7", usage: ["once_a_day": Usage(day: 1, lifetime: 4)])
        r = try #require(evaluate(b, receipt(lines, customer: used, coupons: ["FULL-1"])))
        #expect(r.reason("coupon_half", in: b) == .couponMissing)
        #expect(r.reason("once_a_day", in: b) == .limitReached)
        r = try #require(evaluate(b, receipt(lines, customer: Customer(id: "8"))))
        #expect(r.applied("once_a_day", in: b))
        #expect(r.usage.contains { $0.unit == b.unit(named: "once_a_day") && $0.uses == 1 && $0.units == 1000 })
    }

    @Test func bonusesAccrueOnFinalAmountsAndRedemptionRespectsEveryCap() throws {
        let b = try #require(compileBundle("""
            currency RUB
            restriction cap "Bonuses pay at most 30%" {
              redeem <= 30% of total
            }
            promo dairy {
              priority 1
              discount 10% on category "Food/Dairy"
              forbid redeem on category "Food/Dairy"
            }
            promo cashback {
              priority 2
              accrue 5% bonus excluding redeemed
            }
            """))
        let customer = Customer(id: "1", card: true, bonusBalance: 100_000)
        let lines = [milk(10000, 1000), Line(sku: 2, category: "Food/Bakery", price: 20000)]
        let r = try #require(evaluate(b, receipt(lines, customer: customer, redeem: 50_000)))
        // Final 90.00 + 200.00 = 290.00; 30% is 87.00; only bread (200.00) may be paid with
        // bonuses, the balance is 1000.00: redeemable 87.00, all of it redeemed from bread.
        #expect(r.redeemable == 8700)
        #expect(r.redeemed == 8700)
        // 5% of the 290.00 less the 87.00 paid with bonuses is 10.15.
        #expect(r.accruals.map(\.points) == [1015])
        #expect(r.accruals.first?.activates == LocalDate(year: 2026, month: 11, day: 18))
    }

    @Test func birthdaysComeBackEveryYear() throws {
        let b = try #require(compileBundle("""
            currency RUB
            promo birthday {
              priority 1
              audience customer.birthday within 1 days
              discount 10% on all
            }
            """))
        let leap = Customer(id: "1", facts: ["birthday": .date(LocalDate(year: 1992, month: 2, day: 29))])
        // In 2027 a 29 February birthday falls on 28 February.
        let r = try #require(evaluate(b, receipt([milk(10000, 1000)], date: LocalDate(year: 2027, month: 2, day: 27), customer: leap)))
        #expect(r.applied("birthday", in: b))
        let later = try #require(evaluate(b, receipt([milk(10000, 1000)], date: LocalDate(year: 2027, month: 3, day: 2), customer: leap)))
        #expect(later.reason("birthday", in: b) == .notInAudience)
        let anonymous = try #require(evaluate(b, receipt([milk(10000, 1000)])))
        #expect(anonymous.reason("birthday", in: b) == .needsCustomer)
    }

    @Test func tierLevelsComeFromTheMeasureOrTheServer() throws {
        let b = try #require(compileBundle("""
            currency RUB
            tiers loyalty {
              measure spend over previous calendar month
              level silver from 0 accrue 3% bonus
              level gold from 5000.00 accrue 6% bonus
            }
            """))
        let lines = [milk(100_000, 1000)]
        let measured = Customer(id: "1", facts: ["spend(previous calendar month)": .number(500_000)])
        #expect(evaluate(b, receipt(lines, customer: measured))?.accruals.map(\.points) == [6000])
        let told = Customer(id: "1", facts: ["spend(previous calendar month)": .number(500_000)], levels: ["loyalty": "silver"])
        #expect(evaluate(b, receipt(lines, customer: told))?.accruals.map(\.points) == [3000])
        #expect(evaluate(b, receipt(lines, customer: Customer(id: "2")))?.reason("loyalty", in: b) == .noLevel)
    }

    @Test func countersMessagesAndIssuedCoupons() throws {
        let b = try #require(compileBundle("""
            currency RUB
            promo coffee {
              priority 1
              counter cups += qty(category "Drinks/Coffee")
              when counter cups >= 6
              discount 100% on 1 cheapest of category "Drinks/Coffee"
              then counter cups -= 6
              message slip "{name}, you saved {saved}"
              issue coupon "NEXT10" discount 10% valid 14 days
            }
            """))
        let coffee = Line(sku: 3, category: "Drinks/Coffee", price: 15000, quantity: 2000)
        let customer = Customer(id: "1", name: "Anna", counters: ["cups": 4000])
        let r = try #require(evaluate(b, receipt([coffee], customer: customer)))
        #expect(r.discountTotal == 15000)
        #expect(r.counterChanges.map(\.value) == [2000, 6000])
        #expect(r.counterChanges.map(\.operation) == [.add, .subtract])
        #expect(r.messages.map(\.text) == ["Anna, you saved 150.00"])
        #expect(r.couponsIssued.first?.validUntil == LocalDate(year: 2026, month: 12, day: 2))
        // Three cups short: the counter still moves, nothing else happens.
        let short = try #require(evaluate(b, receipt([coffee], customer: Customer(id: "1", counters: ["cups": 1000]))))
        #expect(short.reason("coffee", in: b) == .conditionFalse)
        #expect(short.counterChanges.map(\.value) == [2000])
        #expect(short.messages.isEmpty && short.couponsIssued.isEmpty)
        let failed = try #require(short.trace.first?.failed)
        #expect(failed.left == 3000 && failed.right == 6000)
        #expect(b.source(at: failed.pc)?.text == "when counter cups >= 6")
    }

    @Test func badInputIsAnErrorNamingTheField() throws {
        let b = try #require(compileBundle("currency RUB\npromo p {\n priority 1\n discount 1% on all\n}"))
        var evaluator = Evaluator(bundle: b)
        #expect(throws: EvaluationError(field: "lines[1].qty", message: "a quantity must be above zero and at most 1000000")) {
            _ = try evaluator.evaluate(receipt([milk(100, 1000), milk(100, 0)]))
        }
        #expect(throws: EvaluationError.self) {
            _ = try evaluator.evaluate(receipt([Line(sku: 1, price: 9_000_000_000_000_000, quantity: 1_000_000_000)]))
        }
        // The largest price times the largest quantity: an amount past any receipt's, refused.
        #expect(throws: EvaluationError(field: "lines[0].amount", message: "a line amount must be zero or more and at most 10^13 minor units")) {
            _ = try evaluator.evaluate(receipt([Line(sku: 1, price: 10_000_000_000_000, quantity: 1_000_000_000)]))
        }
        #expect(throws: EvaluationError.self) {
            _ = try evaluator.evaluate(Receipt(date: LocalDate(year: 2026, month: 2, day: 30), minute: 0, lines: []))
        }
    }

    @Test func tenThousandLinesEvaluate() throws {
        let b = try #require(compileBundle("""
            currency RUB
            promo p {
              priority 1
              discount 20% on receipt
            }
            promo q {
              priority 2
              buy 2 of category "Food" get 1 free
            }
            """))
        let lines = (0..<10_000).map { Line(sku: Int64($0), category: "Food/Item", price: Int64(100 + $0 % 97), quantity: 1000) }
        let r = try #require(evaluate(b, receipt(lines)))
        #expect(r.lines.count == 10_000)
        #expect(r.discountTotal > 0)
    }

    @Test func aReceiptFilledInPlaceIsEvaluatedOnItsOwnLinesOnly() throws {
        // 10% off a receipt of 300.00 or more: the receipt's own two lines make 200.00; the
        // third, left over from a longer receipt before, is not the receipt's.
        let b = try #require(compileBundle("currency RUB\npromo p {\n priority 1\n when total >= 300.00\n discount 10% on all\n}"))
        let full = receipt([milk(10000, 1000), milk(10000, 1000), milk(10000, 1000)])
        let own = receipt([milk(10000, 1000), milk(10000, 1000)])
        var evaluator = Evaluator(bundle: b)
        var out = EvaluationResult()
        // Exchanged with the evaluator's lists, and filled again, receipt after receipt.
        for lines in [3, 2, 3, 0, 2] {
            try withUnsafePointer(to: full) { p in try evaluator.evaluate(at: p, lines: lines, into: &out) }
            let alone = try evaluator.evaluate(lines == 3 ? full : lines == 2 ? own : receipt([]))
            #expect(out == alone, "\(lines) lines")
            #expect(out.lines.count == lines)
            #expect(out.discountTotal == (lines == 3 ? 3000 : 0))
        }
        // The limit holds for one evaluation only.
        #expect(try evaluator.evaluate(full).lines.count == 3)
    }
}

