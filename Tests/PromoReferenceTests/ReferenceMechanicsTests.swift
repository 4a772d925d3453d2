import PromoSemantics
import PromoVM
import Testing
@testable import PromoReference

// The reference evaluator on its own, against the figures docs/mechanics.md gives, and its
// calendar, arithmetic and allocation against values worked out by hand.

/// Checks promo source (with the stdlib) and returns the program, or records the diagnostics.
func checkedProgram(_ source: String) -> Program? {
    let checked = Frontend.check([SourceInput(path: "case.promo", text: source)])
    if checked.program == nil { Issue.record("the source did not check: \(checked.diagnostics)") }
    return checked.program
}

/// Evaluates a receipt with the reference, numbering units as a bundle does.
func referenceResult(_ program: Program, _ receipt: Receipt) throws -> EvaluationResult {
    let names = program.promos.map(\.name) + program.tiers.map(\.name) + program.restrictions.map(\.name)
    return try ReferenceEvaluator(program: program, unitNames: names).evaluate(receipt)
}

let aWednesday = LocalDate(year: 2026, month: 12, day: 2)

@Suite struct ReferenceMechanicsTests {
    @Test func calendar() {
        #expect(Dates.dayNumber(LocalDate(year: 1970, month: 1, day: 1)) == 0)
        #expect(Dates.dayNumber(LocalDate(year: 2000, month: 3, day: 1)) == 11_017)
        #expect(Dates.dayNumber(LocalDate(year: 1969, month: 12, day: 31)) == -1)
        #expect(Dates.date(dayNumber: 11_017) == LocalDate(year: 2000, month: 3, day: 1))
        #expect(Dates.date(dayNumber: -1) == LocalDate(year: 1969, month: 12, day: 31))
        #expect(Dates.date(dayNumber: 146_097 * 3 + 59) == LocalDate(year: 3170, month: 3, day: 1))
        // 2026-12-02 is a Wednesday (2); 1970-01-01 a Thursday (3).
        #expect(Dates.weekday(dayNumber: Dates.dayNumber(aWednesday)) == 2)
        #expect(Dates.weekday(dayNumber: 0) == 3)
        #expect(Dates.weekday(dayNumber: -1) == 2)
        #expect(Dates.adding(months: 1, to: LocalDate(year: 2027, month: 1, day: 31)) == LocalDate(year: 2027, month: 2, day: 28))
        #expect(Dates.adding(months: -13, to: LocalDate(year: 2027, month: 3, day: 31)) == LocalDate(year: 2026, month: 2, day: 28))
        // A 29 February birthday falls on 28 February in other years: 25.02.2027 is 3 days away.
        #expect(Dates.daysToAnniversary(of: LocalDate(year: 2000, month: 2, day: 29), from: LocalDate(year: 2027, month: 2, day: 25)) == 3)
        #expect(Dates.daysToAnniversary(of: LocalDate(year: 1990, month: 12, day: 30), from: LocalDate(year: 2027, month: 1, day: 2)) == 3)
    }

    @Test func arithmetic() {
        #expect(Exact.percent(3690, 150_000) == 554)      // 15% of 36.90 = 5.535 → 5.54
        #expect(Exact.percent(99_999, 500_000) == 50_000) // 50% of 999.99 → 500.00
        #expect(Exact.amount(price: 8990, quantity: 350) == 3147) // 89.90 × 0.350 = 31.465 → 31.47
        #expect(Exact.amount(price: .max, quantity: 2000) == .max)
        #expect(Exact.mulDivDown(7, 3, 2) == 10)
    }

    @Test func largestRemainder() {
        // 87.00 over 89 : 118 : 79 → 27.07 / 35.90 / 24.03 (mechanics.md, "Bundle … once").
        #expect(Allocation(8700, weights: [8900, 11800, 7900], rooms: [.max, .max, .max]).shares == [2707, 3590, 2403])
        // Equal remainders: the kopeck goes to the line higher on the receipt.
        #expect(Allocation(1, weights: [100, 100], rooms: [.max, .max]).shares == [1, 0])
        // What a line cannot take goes round to the others; what none can take is left.
        let capped = Allocation(100, weights: [50, 50], rooms: [10, 1000])
        #expect(capped.shares == [10, 90] && capped.left == 0)
        let full = Allocation(100, weights: [50, 50], rooms: [10, 20])
        #expect(full.shares == [10, 20] && full.left == 70)
        // A line without weight takes nothing.
        #expect(Allocation(5, weights: [0, 3], rooms: [.max, .max]).shares == [0, 5])
    }

    @Test func patterns() {
        #expect(Glob.matches("HALF-*", "half-2027"))
        #expect(Glob.matches("*-X*", "A-B-X"))
        #expect(!Glob.matches("HALF-*", "HALF"))
        #expect(Glob.sameLetters("summer", "SUMMER"))
        #expect(!Glob.sameLetters("SUMMER27", "SUMMER"))
    }

    @Test func percentPerLineAndTwoPlusOne() throws {
        let program = try #require(checkedProgram("""
        currency RUB
        promo household "15%" {
          priority 100
          discount 15% on category "Household"
        }
        promo yogurt "2+1" {
          priority 110
          buy 2 of category "Food/Yogurt" get 1 free cheapest
        }
        """))
        // One line of 3 × 12.30: 15% of 36.90 = 5.54; three lines of 1: 1.85 each.
        let household = Receipt(date: aWednesday, minute: 600, lines: [
            Line(sku: 1, category: "Household/Cleaning", price: 1230, quantity: 3000),
            Line(sku: 2, category: "Household", price: 1230),
            Line(sku: 3, category: "Householdware", price: 1230),
        ])
        let r1 = try referenceResult(program, household)
        #expect(r1.lines.map(\.discountTotal) == [554, 185, 0])
        // 2+1 on 89, 75, 75, 62, 49, 49 frees 75 + 49 = 124.00, not 98.00.
        let yogurts = Receipt(date: aWednesday, minute: 600, lines: [8900, 7500, 7500, 6200, 4900, 4900].enumerated().map {
            Line(sku: Int64(10 + $0), category: "Food/Yogurt", price: $1)
        })
        let r2 = try referenceResult(program, yogurts)
        #expect(r2.discountTotal == 12_400)
        #expect(r2.lines.map(\.discountTotal) == [0, 0, 7500, 0, 0, 4900])
        #expect(r2.usage.map(\.unit) == [1])
    }

    @Test func receiptPercentOnceAndSpread() throws {
        let program = try #require(checkedProgram("""
        currency RUB
        promo coupon20 "20% off with a coupon" {
          priority 500
          coupon "HALF-*"
          discount 20% on receipt except excise
        }
        """))
        // 20% of 639.97 = 127.99, where line by line it would be 128.00.
        let receipt = Receipt(date: aWednesday, minute: 600, coupons: ["half-1"], lines: [
            Line(sku: 1, category: "A", price: 33333), Line(sku: 2, category: "A", price: 30664),
            Line(sku: 3, category: "Wine", price: 50000, excise: true, minPrice: 30000),
        ])
        let r = try referenceResult(program, receipt)
        #expect(r.discountTotal == 12_799)
        #expect(r.lines[2].discountTotal == 0)
        #expect(r.couponsApplied.map(\.code) == ["half-1"])
        // Without the coupon: nothing.
        var plain = receipt
        plain.coupons = []
        #expect(try referenceResult(program, plain).discountTotal == 0)
    }

    @Test func roundingFloorsAndTiers() throws {
        let program = try #require(checkedProgram("""
        currency RUB
        tiers loyalty "Loyalty" {
          measure spend over previous calendar week
          level silver "Silver 3%" from 0 accrue 3% bonus
          level gold "Gold 6%" from 5000.00 accrue 6% bonus
        }
        promo round50 "Round to 0.50" {
          priority 940
          round down to 0.50
        }
        restriction cap "No item more than 50% off" {
          discount <= 50% on all
        }
        """))
        // 123.74 → 123.50 by amount, largest remainder.
        var receipt = Receipt(date: aWednesday, minute: 600, lines: [
            Line(sku: 1, category: "A", price: 10000), Line(sku: 2, category: "B", price: 2374),
        ])
        var r = try referenceResult(program, receipt)
        #expect(r.finalTotal == 12_350)
        #expect(r.lines.map(\.discountTotal) == [19, 5])
        // A tier accrual: 3% of 16.50 = 0.495 → 0.50 on the final amount; 4999.99 is silver.
        receipt.lines = [Line(sku: 1, category: "A", price: 1650)]
        receipt.customer = Customer(id: "1", card: true, facts: ["spend(previous calendar week)": .number(499_999)])
        r = try referenceResult(program, receipt)
        #expect(r.accruals.map(\.points) == [50])
        #expect(r.accruals.first?.activates == aWednesday)
        // A level the server sends wins over the measure: gold, 6% of 16.50 = 0.99.
        receipt.customer?.levels = ["loyalty": "gold"]
        r = try referenceResult(program, receipt)
        #expect(r.accruals.map(\.points) == [99])
        // An unknown level is refused with the field named.
        receipt.customer?.levels = ["loyalty": "platinum"]
        #expect(throws: ReferenceError.self) { try referenceResult(program, receipt) }
    }

    @Test func badReceiptsAreRefused() throws {
        let program = try #require(checkedProgram("currency RUB\npromo p \"p\" {\n priority 1\n discount 10% on all\n}\n"))
        #expect(throws: ReferenceError.self) { try referenceResult(program, Receipt(date: LocalDate(year: 2027, month: 2, day: 29), minute: 0)) }
        #expect(throws: ReferenceError.self) { try referenceResult(program, Receipt(date: aWednesday, minute: 1440)) }
        #expect(throws: ReferenceError.self) {
            try referenceResult(program, Receipt(date: aWednesday, minute: 0, lines: [Line(sku: 1, price: 100, quantity: 0)]))
        }
        #expect(throws: ReferenceError.self) { try referenceResult(program, Receipt(date: aWednesday, minute: 0, channel: "fax")) }
    }

    @Test func theComparisonSeesADifference() {
        var a = EvaluationResult()
        a.appendLine(sku: 1, originalAmount: 100, finalAmount: 90, discounts: [LineDiscount(unit: 0, amount: 10)])
        a.originalTotal = 100
        a.discountTotal = 10
        var b = a
        #expect(differences(vm: a, reference: b, names: ["p"]).isEmpty)
        b.lineDiscounts[0].amount = 9
        b.lines[0].finalAmount = 91
        #expect(differences(vm: a, reference: b, names: ["p"]).count == 2)
    }
}
