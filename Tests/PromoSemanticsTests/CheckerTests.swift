import PromoDiagnostics
import PromoSyntax
import Testing
@testable import PromoSemantics

@Suite struct CheckerTests {
    @Test func literalsBecomeExactValues() throws {
        let p = try #require(program("""
            currency RUB
            items x = sku 1
            promo a {
              priority 7
              discount 12.5% on x
              discount 59.90 each on x
              accrue 500 bonus activates after 1 day expires after 2 weeks
            }
            """))
        let promo = try #require(p.promos.first)
        #expect(promo.priority == 7)
        let expected: [Effect] = [
            .discount(amount: .percent(Percent(millionths: 125_000)), perUnit: false, target: .lines(.sku(1))),
            .discount(amount: .money(Money(minor: 5990)), perUnit: true, target: .lines(.sku(1))),
            .accrue(Accrual(currency: .bonus, amount: .points(50_000), scope: nil,
                            activatesAfter: Duration(amount: 1, unit: .days), expiresAfter: Duration(amount: 2, unit: .weeks),
                            excludingRedeemed: false)),
        ]
        #expect(promo.effects == expected)
    }

    @Test func moneyFollowsTheCurrencysDecimals() throws {
        // Yen have no minor unit; money is still written with a point, so `500` alone stays a count.
        let yen = check("currency JPY\npromo a {\n priority 1\n discount 500.0 on all\n}")
        #expect(yen.diagnostics.isEmpty)
        #expect(yen.program?.promos.first?.effects.first == .discount(amount: .money(Money(minor: 500)), perUnit: false, target: .lines(.all)))
        let dinar = check("currency KWD\npromo a {\n priority 1\n discount 1.250 on all\n}")
        #expect(dinar.diagnostics.isEmpty)
        #expect(dinar.program?.promos.first?.effects.first == .discount(amount: .money(Money(minor: 1250)), perUnit: false, target: .lines(.all)))
        let rub = check("currency RUB\npromo a {\n priority 1\n discount 1.255 on all\n}")
        #expect(rub.diagnostics.map(\.code) == [.tooManyDecimals])
        #expect(rub.diagnostics.first?.message == "RUB has 2 decimals, `1.255` has 3")
    }

    @Test func itemSetsFollowTheirDeclarations() throws {
        let p = try #require(program("""
            items dairy = category "Food/Dairy" except brand "Premium Farm"
            items both = dairy, category "Food / Bakery"
            """))
        #expect(p.itemSets["dairy"] == .difference(.category("Food/Dairy"), .brand("Premium Farm")))
        #expect(p.itemSets["both"] == .union([.difference(.category("Food/Dairy"), .brand("Premium Farm")), .category("Food/Bakery")]))
    }

    @Test func scheduleIsResolved() throws {
        let p = try #require(program("""
            promo a {
              priority 1
              active   2026-12-01 .. 2026-12-07
              hours    08:00 .. 22:00, 23:00 .. 02:00
              weekdays mon .. wed, fri
              days     1 .. 3, -1
              stores   751, 752
              channels pos, web
              message  slip "hi {name}"
            }
            """))
        let e = try #require(p.promos.first).eligibility
        let day = Int64(DateLiteral(year: 2026, month: 12, day: 1).dayNumber)
        #expect(e.active == (day * 1440)..<((day + 7) * 1440))
        #expect(e.hours == [TimeWindow(start: 480, end: 1320), TimeWindow(start: 1380, end: 120)])
        #expect(e.weekdays == [.monday, .tuesday, .wednesday, .friday])
        #expect(e.days == [1, 2, 3, -1])
        #expect(e.stores == .oneOf(.store(.id), [.count(751), .count(752)]))
        #expect(e.channels == ["pos", "web"])
        #expect(p.promos[0].messages == [Message(target: .slip, parts: [.text("hi "), .placeholder("name")])])
    }

    @Test func templatesExpandWithTheirArguments() throws {
        let p = try #require(program("""
            items yogurt = category "Food/Dairy/Yogurt"
            promo y {
              priority 10
              use n_plus_one(2, 1, yogurt)
              use weekends()
            }
            segment lapsed = churned(90)
            """))
        let y = try #require(p.promos.first)
        #expect(y.effects == [.buyGet(buy: 2, of: .category("Food/Dairy/Yogurt"), get: 1, getOf: nil, reward: .free,
                                      order: .cheapest, repeating: true)])
        #expect(y.eligibility.weekdays == [.saturday, .sunday])
        let fact = Fact(name: "days_since_last_purchase", arguments: [], type: .count)
        #expect(p.segments["lapsed"] == .compare(.greaterEqual, .fact(fact), .constant(.count(90))))
    }

    @Test func theBundleListsTheFactsItNeeds() throws {
        let p = try #require(program("""
            currency RUB
            segment churned = customer.days_since_last_purchase >= 90
            segment cats = customer.bought(category "Pets/Cats", last 180 days)
            promo a {
              priority 1
              audience churned or cats or customer.average_receipt(last 90 days) > 4000.00
              accrue 100 bonus
            }
            tiers t {
              measure spend over previous calendar week
              level s from 0 accrue 3% bonus
            }
            """))
        #expect(p.facts.map(\.description) == [
            "average_receipt(last 90 days)",
            "bought(category \"Pets/Cats\", last 180 days)",
            "days_since_last_purchase",
            "spend(previous calendar week)",
        ])
    }

    @Test func testBlocksBecomeCases() throws {
        let p = try #require(program("""
            currency RUB
            promo a {
              priority 1
              discount 10% on all
            }
            test "t" {
              receipt at 2026-12-02 10:00 store 751 format "Supermarket" customer 5 card coupon "X"
              line sku 1042 category "Food/Dairy/Milk" price 100.00 qty 0.350 kg
              given customer.purchases(last 90 days) = 3
              given customer in "VIP"
              expect discount 3.50 by a
              expect accrued 300 bonus
            }
            """))
        let t = try #require(p.tests.first)
        #expect(t.receipt.store == 751 && t.receipt.format == "Supermarket" && t.receipt.customer == 5 && t.receipt.card)
        #expect(t.receipt.coupons == ["X"])
        #expect(t.receipt.at == Int64(DateLiteral(year: 2026, month: 12, day: 2).dayNumber) * 1440 + 600)
        #expect(t.lines.count == 1)
        #expect(t.lines[0].price == Money(minor: 10000) && t.lines[0].quantity == Quantity(milli: 350))
        #expect(t.givens == [.fact(Fact(name: "purchases", arguments: [.constant(.window(.last(Duration(amount: 90, unit: .days))))], type: .count), .count(3)),
                             .membership("VIP")])
        #expect(t.expectations.map(\.0) == [.discount(Money(minor: 350), by: "a"), .accrued(30_000, currency: .bonus, by: nil, activates: nil, expires: nil)])
    }

    @Test func aUserDeclarationHidesTheLibrarys() throws {
        let p = try #require(program("segment first_purchase = customer.card"))
        #expect(p.segments["first_purchase"] == .fact(Fact(name: "card", arguments: [], type: .bool)))
    }

    @Test func oneMistakeGivesOneError() {
        let result = check("""
            currency RUB
            promo a {
              priority 1
              when spend(dairy) >= 500.00 and total > 100.00
              discount 20% on dairy
            }
            """)
        // `dairy` is unknown twice; each use is reported once, and nothing follows from it.
        #expect(result.diagnostics.map(\.code) == [.unknownName, .unknownName])
    }

    @Test func cyclesAreReported() {
        let result = check("items a = b\nitems b = a, sku 1")
        #expect(result.diagnostics.map(\.code) == [.cyclicDefinition])
        #expect(result.diagnostics[0].notes == ["the chain is `a` → `b` → `a`"])
    }
}
