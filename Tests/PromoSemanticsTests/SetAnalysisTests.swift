import PromoDiagnostics
@testable import PromoSemantics
import Testing

/// The analyses of a whole promo set: the worst-case discount of a line, the order of promos of
/// one priority, the clause conflicts within a promo and the application order.
@Suite struct SetAnalysisTests {
    static func promo(_ name: String, _ priority: Int, _ clauses: String...) -> String {
        "promo \(name) {\n  priority \(priority)\n" + clauses.map { "  \($0)\n" }.joined() + "}\n"
    }

    static func diagnostics(_ text: String, maxDiscount: String? = nil) -> [Diagnostic] {
        let options = FrontendOptions(maxDiscount: maxDiscount.map { Percent(millionths: Int64($0)! * 10_000) })
        return Frontend.check([SourceInput(path: "t.promo", text: "currency RUB\n" + text)], options: options).diagnostics
    }

    // MARK: - The worst-case figure

    @Test func percentsOfTheCurrentPriceTakeAShareOfWhatIsLeft() {
        // 20% then 30% of the 80% left is 44%; then 50% of the 56% left is 72%.
        let text = Self.promo("a", 10, "discount 20% on category \"Food\"")
            + Self.promo("b", 20, "discount 30% on category \"Food/Dairy\"")
            + Self.promo("c", 30, "discount 50% on category \"Food/Dairy/Milk\"")
        let found = Self.diagnostics(text, maxDiscount: "70")
        #expect(found.map(\.code) == [.discountPastPolicy])
        #expect(found.first?.message == "promos `a`, `b` and `c` can take 72% off a line, more than the 70% allowed")
        // At 72% exactly it is allowed.
        #expect(Self.diagnostics(text, maxDiscount: "72").isEmpty)
    }

    @Test func percentsOfTheOriginalPriceAddUp() {
        let text = Self.promo("a", 10, "discount 55% on category \"Home\"", "on original prices")
            + Self.promo("b", 20, "discount 45% on category \"Home/Textile\"", "on original prices")
        // 55% + 45% is exactly 100%: the line is free, not past its price.
        #expect(Self.diagnostics(text).isEmpty)
        let past = Self.promo("a", 10, "discount 55% on category \"Home\"", "on original prices")
            + Self.promo("b", 20, "discount 46% on category \"Home/Textile\"", "on original prices")
        let found = Self.diagnostics(past)
        #expect(found.map(\.code) == [.discountPastLimit])
        #expect(found.first?.message == "promos `a` and `b` can take 101% off a line, more than its price")
    }

    @Test func aCurrentPricePercentAfterOriginalOnesTakesOnlyWhatIsLeft() {
        // 60% of the original, then 50% of the 40% left: 80%, not past 100%; then 30% of the
        // original: 110%.
        let text = Self.promo("a", 10, "discount 60% on category \"Home\"", "on original prices")
            + Self.promo("b", 20, "discount 50% on category \"Home\"")
        #expect(Self.diagnostics(text).isEmpty)
        let found = Self.diagnostics(text + Self.promo("c", 30, "discount 30% on category \"Home\"", "on original prices"))
        #expect(found.first?.message == "promos `a`, `b` and `c` can take 110% off a line, more than its price")
    }

    @Test func aLockOnSomeLinesLeavesTheOthersOpen() {
        // `a` locks only tea; coffee lines still take `b` after it: 60% + 50% of the original.
        let lockTea = Self.promo("a", 10, "discount 60% on category \"Drinks\"", "on original prices", "lock discounts on category \"Drinks/Tea\"")
            + Self.promo("b", 20, "discount 50% on category \"Drinks\"", "on original prices")
        let found = Self.diagnostics(lockTea)
        #expect(found.map(\.code) == [.discountPastLimit])
        #expect(found.first?.message.contains("110%") == true)
        // Locking every line it discounts keeps `b` off them all.
        let lockAll = Self.promo("a", 10, "discount 60% on category \"Drinks\"", "on original prices", "lock discounts")
            + Self.promo("b", 20, "discount 50% on category \"Drinks\"", "on original prices")
        // (`b` is then shadowed by the lock: a warning of its own, and no discount past 100%.)
        #expect(Self.diagnostics(lockAll).map(\.code) == [.shadowedPromo])
    }

    @Test func aStopEndsTheChainAndABestOfGroupGivesOneMember() {
        let stop = Self.promo("a", 10, "discount 60% on all", "on original prices", "stop")
            + Self.promo("b", 20, "discount 50% on all", "on original prices")
        #expect(Self.diagnostics(stop).map(\.code) == [.shadowedPromo])
        let group = Self.promo("a", 10, "discount 60% on all", "on original prices", "best of personal")
            + Self.promo("b", 20, "discount 50% on all", "on original prices", "best of personal")
        #expect(Self.diagnostics(group).isEmpty)
        let apart = Self.promo("a", 10, "discount 60% on all", "on original prices", "best of personal")
            + Self.promo("b", 20, "discount 50% on all", "on original prices", "best of other")
        #expect(Self.diagnostics(apart).map(\.code) == [.discountPastLimit])
    }

    @Test func aCapHoldsThePromosThatKeepToRestrictions() {
        let cap = "restriction cap {\n  discount <= 50% on all\n}\n"
        let keep = Self.promo("a", 10, "discount 40% on category \"Shoes\"") + Self.promo("b", 20, "discount 30% on all")
        #expect(Self.diagnostics(cap + keep).isEmpty)
        // With the cap, the figure is 50%: within a policy of 50%, past one of 49%.
        #expect(Self.diagnostics(cap + keep, maxDiscount: "50").isEmpty)
        #expect(Self.diagnostics(cap + keep, maxDiscount: "49").first?.message.contains("can take 50% off") == true)
        // `b` ignores restrictions: 40% (held at the cap) then 30% of 60% is 58%.
        let ignoring = Self.promo("a", 10, "discount 40% on category \"Shoes\"")
            + Self.promo("b", 20, "discount 30% on all", "ignore restrictions")
        let found = Self.diagnostics(cap + ignoring)
        #expect(found.map(\.code) == [.discountPastLimit])
        #expect(found.first?.message == "promos `a` and `b` can take 58% off a line, past the 50% cap of restriction `cap`")
        // A promo that ignores restrictions may pass the cap alone: 60% is what it says.
        let alone = Self.promo("b", 20, "discount 60% on all", "ignore restrictions")
        #expect(Self.diagnostics(cap + alone).isEmpty)
    }

    @Test func promosThatCannotMeetDoNotStack() {
        let weekdays = Self.promo("a", 10, "weekdays mon", "discount 60% on all", "on original prices")
            + Self.promo("b", 20, "weekdays tue", "discount 50% on all", "on original prices")
        #expect(Self.diagnostics(weekdays).isEmpty)
        let audiences = Self.promo("a", 10, "audience customer.card", "discount 60% on all", "on original prices")
            + Self.promo("b", 20, "audience not customer.card", "discount 50% on all", "on original prices")
        #expect(Self.diagnostics(audiences).isEmpty)
        let siblings = Self.promo("a", 10, "discount 60% on category \"Food/Fish\"", "on original prices")
            + Self.promo("b", 20, "discount 50% on category \"Food/Meat\"", "on original prices")
        #expect(Self.diagnostics(siblings).isEmpty)
        // The same two on one store format: reported.
        let stores = Self.promo("a", 10, "stores format == \"Hyper\"", "discount 60% on all", "on original prices")
            + Self.promo("b", 20, "stores format != \"Discounter\"", "discount 50% on all", "on original prices")
        #expect(Self.diagnostics(stores).map(\.code) == [.discountPastLimit])
    }

    @Test func aFreeUnitIsAHundredPercent() {
        let text = Self.promo("a", 10, "buy 2 of category \"Food/Dairy/Yogurt\" get 1 free cheapest")
        let found = Self.diagnostics(text, maxDiscount: "50")
        #expect(found.map(\.code) == [.discountPastPolicy])
        #expect(found.first?.message == "promo `a` can take 100% off a line, more than the 50% allowed")
    }

    @Test func percentFiguresAreRoundedUpToAHundredthOfAPercent() {
        #expect(WorstCaseAnalysis.percentText(440_000_000_000) == "44%")
        #expect(WorstCaseAnalysis.percentText(702_500_000_000) == "70.25%")
        #expect(WorstCaseAnalysis.percentText(745_000_000_000) == "74.5%")
        #expect(WorstCaseAnalysis.percentText(100_000_000_001) == "10.01%")
        #expect(WorstCaseAnalysis.percentText(1_100_000_000_000) == "110%")
    }

    // MARK: - Order of one priority

    static func orderCodes(_ a: String, _ b: String) -> [DiagnosticCode] {
        diagnostics(promo("a", 10, a) + promo("b", 10, b)).map(\.code)
    }

    @Test func sharedPriorityIsRefusedOnlyWhenOrderCanMatter() {
        #expect(Self.orderCodes("discount 10% on category \"Food\"", "discount 5% on category \"Food/Dairy\"") == [.ambiguousOrder])
        #expect(Self.orderCodes("discount 10% on category \"Food/Fish\"", "discount 5% on category \"Food/Dairy\"").isEmpty)
        // A stop against anything that can meet it.
        #expect(Self.orderCodes("discount 10% on category \"Food\"\n  stop", "accrue 1% bonus") == [.ambiguousOrder])
        // Two tier levels of one program never meet.
        let tiers = "tiers club {\n  measure spend over previous calendar month\n  level s from 0 accrue 1% bonus\n  level g from 5000.00 accrue 2% bonus\n}\n"
        let levels = Self.diagnostics(tiers + Self.promo("a", 10, "audience club.s", "discount 10% on all")
                                      + Self.promo("b", 10, "audience club.g", "discount 5% on all"))
        #expect(levels.isEmpty)
        // Ranges of a customer figure that do not meet, and ones that do.
        #expect(Self.orderCodes("audience customer.purchases(last 90 days) >= 3\n  discount 10% on all",
                                "audience customer.purchases(last 90 days) <= 2\n  discount 5% on all").isEmpty)
        #expect(Self.orderCodes("audience customer.purchases(last 90 days) >= 3\n  discount 10% on all",
                                "audience customer.purchases(last 90 days) <= 3\n  discount 5% on all") == [.ambiguousOrder])
        // Counters: two additions commute; a condition that reads the counter does not.
        #expect(Self.orderCodes("counter c += 1\n  accrue 1 bonus", "counter c += 2\n  accrue 1 bonus").isEmpty)
        #expect(Self.orderCodes("counter c += 1\n  accrue 1 bonus", "when counter c >= 5\n  accrue 1 bonus\n  then counter c -= 5")
                == [.ambiguousOrder])
        #expect(Self.orderCodes("counter c += 1\n  accrue 1 bonus", "counter c = 0\n  accrue 1 bonus") == [.ambiguousOrder])
    }

    // MARK: - The application order

    @Test func theOrderExplainsEachPlace() throws {
        let text = "currency RUB\n" + Self.promo("b", 10, "discount 10% on category \"Food/Fish\"")
            + Self.promo("a", 10, "discount 5% on category \"Food/Meat\"")
            + Self.promo("c", 20, "discount 5% on all", "best of g") + Self.promo("d", 30, "discount 7% on all", "best of g", "lock discounts")
            + "tiers club {\n  measure spend over previous calendar month\n  level s from 0 accrue 1% bonus\n}\n"
        let program = try #require(Frontend.check([SourceInput(path: "t.promo", text: text)]).program)
        let entries = ApplicationOrder.entries(program)
        #expect(entries.map(\.name) == ["a", "b", "c", "d", "club"])
        #expect(entries[0].reasons == ["runs first: the lowest priority number"])
        #expect(entries[1].reasons == ["shares priority 10 with `a`, and runs after it by name: they change prices of different lines"])
        #expect(entries[2].reasons.first == "after `b`: priority 10 is lower")
        #expect(entries[3].reasons.contains("best of `g`: tried together with `c` at its place, on the receipt as it stands there; only the member giving the most applies"))
        #expect(entries[3].reasons.contains("locks discounts on the lines it changes for every later promo"))
        #expect(entries[4].reasons == ["tier program without a priority: after every promo"])
    }
}
