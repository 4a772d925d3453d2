/// A random promo set, as source text cut into its top-level declarations (so that it can be
/// split over several files), with what a receipt generator needs to make its promos fire.
struct GeneratedSet {
    /// Top-level declarations in order; the first is `currency RUB`.
    var declarations: [String]
    var source: String { declarations.joined(separator: "\n\n") + "\n" }
    /// Coupon codes and promo codes worth presenting.
    var coupons: [String] = []
    var codes: [String] = []
    /// Counters the set reads or changes.
    var counters: [String] = []
    /// Promos and restrictions whose earlier use the customer may report.
    var usageNames: [String] = []
    /// Two promos share a priority: the checker accepts the set only when their order provably
    /// cannot change a result (P0501 otherwise).
    var sharesPriority = false
    /// Tier programs and their levels.
    var tiers: [(name: String, levels: [String])] = []
}

/// Generates well-typed promo sets: every mechanic, combination clause, restriction, schedule
/// and audience the language has, drawn from ``Universe`` and kept inside what the checker
/// accepts (distinct priorities, schedules that meet, stacks that cannot pass 100% of a line).
struct PromoSetGenerator {
    var rng: SplitMix64
    var set = GeneratedSet(declarations: ["currency RUB"])
    /// Named item sets declared so far.
    var itemNames: [String] = []
    var segmentNames: [String] = []
    var usedPriorities: Set<Int> = []
    var promoPriorities: [Int] = []
    var counters: [String] = []
    var groups: [String] = []
    /// The levels of the tier program, when the set has one.
    var tierLevels: [String] = []
    /// Choices that keep the worst-case stack of a line within 100% and within caps.
    var hasOriginalBasis = false
    /// Percents of original prices add up past 100%: they come only with a floor on every line.
    var originalAllowed = false
    var hasCap = false
    var hasIgnoring = false

    init(rng: SplitMix64) { self.rng = rng }

    static func generate(_ rng: inout SplitMix64) -> GeneratedSet {
        var g = PromoSetGenerator(rng: rng)
        g.build()
        rng = g.rng
        return g.set
    }

    mutating func build() {
        // Declarations first: item sets and segments the promos use by name.
        for i in 0..<rng.int(1...4) {
            let name = "goods\(i + 1)"
            let title = rng.chance(0.3) ? " \"Goods \(i + 1)\"" : ""
            set.declarations.append("items \(name)\(title) = \(clauseItems(depth: 1))")
            itemNames.append(name)
        }
        for i in 0..<rng.int(0...2) {
            let name = "seg\(i + 1)"
            set.declarations.append("segment \(name) = \(audience(depth: 1, useSegments: false))")
            segmentNames.append(name)
        }
        counters = rng.chance(0.35) ? ["stamps"] : []
        groups = ["personal", "weekly"]
        // Restrictions before promos decide what promos may do.
        if rng.chance(0.55) { restrictions() }
        let withTiers = rng.chance(0.25)
        if withTiers { tierLevels = ["silver", "gold", "diamond"] }
        for i in 0..<rng.int(1...8) { promo(index: i) }
        if withTiers { tiers() }
        set.counters = counters
    }

    // MARK: - Item sets

    mutating func atom() -> String {
        switch rng.int(0...9) {
        case 0, 1, 2: "category \"\(rng.pick(Universe.categories))\""
        case 3, 4: "sku \(rng.some(Universe.skus, count: rng.int(1...3)).map(String.init).joined(separator: ", "))"
        case 5: "brand \"\(rng.pick(Universe.brands))\""
        case 6: rng.chance(0.5) ? "weighed" : "excise"
        case 7: "flag \"\(rng.pick(Universe.flags))\""
        default: itemNames.isEmpty ? "category \"\(rng.pick(Universe.categories))\"" : rng.pick(itemNames)
        }
    }

    /// A single atom usable inside an expression's argument list (no top-level comma).
    mutating func argumentItems() -> String {
        switch rng.int(0...5) {
        case 0, 1: "category \"\(rng.pick(Universe.categories))\""
        case 2: "sku \(rng.pick(Universe.skus))"
        case 3: "brand \"\(rng.pick(Universe.brands))\""
        default: itemNames.isEmpty ? "category \"\(rng.pick(Universe.categories))\"" : rng.pick(itemNames)
        }
    }

    /// An item set where a clause expects one: unions with commas and `except`.
    mutating func clauseItems(depth: Int = 0) -> String {
        var text: String
        switch rng.int(0...6) {
        case 0: text = "all except \(atom())"
        case 1: text = "\(atom()), \(atom())"
        case 2 where depth > 0: text = "\(atom()) and \(atom())"
        default: text = atom()
        }
        if rng.chance(0.2) && !text.hasPrefix("all") { text += " except \(atom())" }
        return text
    }

    // MARK: - Conditions

    mutating func moneyValue(_ range: ClosedRange<Int64>) -> String { (rng.int64(range) * 10).money }

    mutating func customerCondition() -> String {
        switch rng.int(0...15) {
        case 0: return "customer.card"
        case 1: return "customer in \"\(rng.pick(Universe.crmSegments))\""
        case 2: return "customer.age >= \(rng.int(18...70))"
        case 3: return "customer.purchases(last \(rng.pick([30, 90, 180])) days) >= \(rng.int(1...8))"
        case 4: return "customer.spend(previous calendar \(rng.pick(["week", "month"]))) >= \(moneyValue(100...2000))"
        case 5: return "customer.birthday within \(rng.int(0...7)) days"
        case 6: return "customer.registered within \(rng.pick([7, 30, 90])) days"
        case 7: return "customer.gender == \"\(rng.pick(Universe.genders))\""
        case 8: return "customer.days_since_last_purchase >= \(rng.int(30...120))"
        case 9: return "customer.bought(\(argumentItems()), last \(rng.pick([30, 180])) days)"
        case 10: return "customer.region == \"\(rng.pick(Universe.regions))\""
        case 11: return "customer.app"
        case 12: return "customer.average_receipt(last 90 days) > \(moneyValue(50...500))"
        case 13: return "customer.rfm == \"\(rng.pick(Universe.rfmClasses))\""
        case 14: return rng.pick(["churned(\(rng.int(30...120)))", "birthday_within(\(rng.int(1...7)) days)",
                                  "newcomers(\(rng.pick([30, 60])) days)", "aged(\(rng.int(18...40)), \(rng.int(41...80)))"])
        default: return "customer.consent_\(rng.pick(["sms", "email", "push"]))"
        }
    }

    mutating func audience(depth: Int, useSegments: Bool = true) -> String {
        if useSegments, !segmentNames.isEmpty, rng.chance(0.3) { return rng.pick(segmentNames) }
        if useSegments, !tierLevels.isEmpty, rng.chance(0.3) { return "loyalty.\(rng.pick(Array(tierLevels.prefix(2))))" }
        guard depth > 0, rng.chance(0.4) else { return customerCondition() }
        let a = customerCondition(), b = audience(depth: depth - 1, useSegments: useSegments)
        switch rng.int(0...3) {
        case 0: return "\(a) and \(b)"
        case 1: return "\(a) or \(b)"
        case 2: return "(\(a)) except \(b)"
        default: return "not \(a)"
        }
    }

    mutating func receiptCondition() -> String {
        switch rng.int(0...8) {
        case 0, 1: return "total \(rng.pick([">=", ">", "<"])) \(moneyValue(20...300))"
        case 2, 3: return "spend(\(argumentItems())) >= \(moneyValue(10...200))"
        case 4: return "qty(\(argumentItems())) >= \(rng.int(1...4))"
        case 5: return "count(\(argumentItems())) >= \(rng.int(1...2))"
        case 6 where !counters.isEmpty: return "counter \(counters[0]) >= \(rng.int(1...6))"
        case 7: return "customer.chips >= \(rng.int(1...30))"
        default: return "total >= \(moneyValue(10...100)) and spend(\(argumentItems())) > 0.00"
        }
    }

    // MARK: - Schedules and targeting

    mutating func date(_ dayOffset: Int) -> String {
        // Day 0 is 2026-12-01; offsets run from late November into January.
        var y = 2026, m = 12, d = 1 + dayOffset
        while d < 1 { m -= 1; d += 30 }
        while d > 31 { d -= 31; m += 1; if m > 12 { m = 1; y += 1 } }
        func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(y)-\(pad(m))-\(pad(d))"
    }

    mutating func scheduleClauses(into clauses: inout [String]) {
        // Days of the month only without a period, so that the two always meet.
        let days = rng.chance(0.1)
        if !days && rng.chance(0.35) {
            let start = rng.int(-5...20)
            clauses.append("active \(date(start)) .. \(date(start + rng.int(7...25)))")
        }
        if rng.chance(0.2) {
            let from = rng.int(0...15), to = rng.int(from + 2...23)
            clauses.append(rng.chance(0.2) ? "hours 22:00 .. 03:00" : "hours \(from):00 .. \(to):\(rng.pick(["00", "30"]))")
        }
        if rng.chance(0.2) {
            clauses.append(rng.pick(["weekdays mon .. fri", "weekdays sat, sun", "weekdays tue, thu .. sat", "weekdays wed"]))
        }
        if days {
            clauses.append(rng.pick(["days 1 .. 10", "days -3 .. -1", "days 5, 15, 25", "days 20 .. 31"]))
        }
        if rng.chance(0.2) {
            clauses.append("stores " + rng.pick([
                "format != \"Discounter\"", "format == \"Hypermarket\" and city == \"Kazan\"",
                "region == \"Moscow\" except format == \"Discounter\"", "group == \"North\"", "id in (1, 751)",
                "751, 752", "format == \"Supermarket\" or format == \"Convenience\"",
            ]))
        }
        if rng.chance(0.12) {
            clauses.append("channels " + rng.some(Universe.channels, count: rng.int(1...3)).joined(separator: ", "))
        }
    }

    // MARK: - Promos

    mutating func priority() -> Int {
        while true {
            let p = rng.int(1...999)
            if usedPriorities.insert(p).inserted { return p }
        }
    }

    /// A promo's priority: now and then one an earlier promo has.
    mutating func promoPriority() -> Int {
        if !promoPriorities.isEmpty && rng.chance(0.1) {
            set.sharesPriority = true
            return rng.pick(promoPriorities)
        }
        let p = priority()
        promoPriorities.append(p)
        return p
    }

    mutating func percent(_ range: ClosedRange<Int>) -> String {
        rng.chance(0.15) ? "\(rng.int(range.lowerBound...max(range.lowerBound, range.upperBound - 1))).5%" : "\(rng.int(range))%"
    }

    mutating func target() -> String {
        rng.chance(0.2) ? "\(rng.int(1...2)) \(rng.pick(["cheapest", "most expensive"])) of \(clauseItems())" : clauseItems()
    }

    /// What a promo's effects are, for the clauses that must agree with them.
    struct Shape {
        var changesPrices = false
        var usesBasis = false
        var bonusAccrual = false
        var effects = 0
    }

    mutating func effect(_ shape: inout Shape, clauses: inout [String], name: String) {
        shape.effects += 1
        switch rng.int(0...19) {
        case 0, 1, 2:
            clauses.append("discount \(percent(5...40)) on \(target())")
            shape.changesPrices = true; shape.usesBasis = true
        case 3:
            clauses.append("discount \(moneyValue(1...60)) on \(clauseItems())")
            shape.changesPrices = true
        case 4:
            clauses.append("discount \(moneyValue(1...20)) each on \(target())")
            shape.changesPrices = true
        case 5:
            let except = rng.chance(0.6) ? " except \(rng.chance(0.5) ? atom() : "\(atom()), \(atom())")" : ""
            if rng.chance(0.6) {
                clauses.append("discount \(percent(3...25)) on receipt\(except)")
            } else {
                clauses.append("discount \(moneyValue(5...80)) on receipt\(except)")
            }
            shape.changesPrices = true; shape.usesBasis = true
        case 6:
            clauses.append("discount 100% on 1 cheapest of \(clauseItems())")
            shape.changesPrices = true; shape.usesBasis = true
        case 7:
            let chips = rng.chance(0.2) ? " for \(rng.int(1...20)) chips" : ""
            let on = chips.isEmpty && rng.chance(0.5) ? clauseItems() : "1 cheapest of \(clauseItems())"
            clauses.append("price \(moneyValue(1...80)) on \(on)\(chips)")
            shape.changesPrices = true
        case 8:
            let parts = (0..<rng.int(2...3)).map { _ in "\(rng.int(1...2)) of \(argumentItems())" }
            clauses.append("bundle { \(parts.joined(separator: ", ")) } price \(moneyValue(20...200))\(rng.chance(0.3) ? " once" : "")")
            shape.changesPrices = true
        case 9, 10:
            let reward = rng.pick(["free", "at \(percent(10...50)) off", "for \(moneyValue(1...10))"])
            let getOf = rng.chance(0.3) ? " of \(argumentItems())" : ""
            let order = rng.pick(["", " cheapest", " most expensive"])
            clauses.append("buy \(rng.int(1...3)) of \(argumentItems()) get \(rng.int(1...2))\(getOf) \(reward)\(order)\(rng.chance(0.2) ? " once" : "")")
            shape.changesPrices = true; shape.usesBasis = true
        case 11:
            clauses.append("round \(rng.pick(["down", "half up"])) to \(rng.pick(["1.00", "0.50", "0.10", "10.00"]))\(rng.chance(0.4) ? " on \(clauseItems())" : "")")
            shape.changesPrices = true
        case 12, 13:
            var options: [String] = []
            if rng.chance(0.4) { options.append("on \(clauseItems())") }
            if rng.chance(0.3) { options.append("activates after \(rng.int(1...14)) days") }
            if rng.chance(0.4) { options.append("expires after \(rng.int(1...3)) \(rng.pick(["days", "months"]))") }
            if rng.chance(0.2) { options.append("excluding redeemed") }
            rng.shuffle(&options)
            let amount = rng.chance(0.6) ? percent(1...10) : "\(rng.int(1...500))"
            clauses.append((["accrue \(amount) bonus"] + options).joined(separator: " "))
            shape.bonusAccrual = true
        case 14:
            let basis = rng.chance(0.5) ? "total" : argumentItems()
            clauses.append("accrue \(rng.int(1...3)) \(rng.pick(["chip", "chips", "bonus"])) per \(moneyValue(20...100)) of \(basis)")
            if clauses.last!.contains(" bonus ") { shape.bonusAccrual = true }
        case 15:
            clauses.append("gift \(rng.chance(0.5) ? "\(rng.int(1...3)) of " : "")sku \(rng.pick([7001, 1031, 2011]))")
        case 16:
            let code = rng.pick(["NEXT10", "CB15", "HALF-9"])
            var text = "issue coupon \"\(code)\" discount \(rng.chance(0.7) ? percent(5...20) : moneyValue(10...50))"
            if rng.chance(0.4) { text += " on \(clauseItems())" }
            if rng.chance(0.6) { text += " valid \(rng.int(1...30)) days" }
            clauses.append(text)
            set.coupons.append(code)
        case 17 where !counters.isEmpty:
            clauses.append("counter \(counters[0]) \(rng.pick(["+=", "="])) \(rng.pick(["qty(\(argumentItems()))", "1", "2"]))")
        case 18:
            clauses.append("redeem \(rng.int(1...10)) chips")
        default:
            clauses.append("discount \(percent(5...30)) on \(clauseItems())")
            shape.changesPrices = true; shape.usesBasis = true
        }
    }

    /// A call of one of the standard library's promo templates.
    mutating func template() -> String {
        func goods(_ g: inout PromoSetGenerator) -> String { g.itemNames.isEmpty ? "category \"Food\"" : g.rng.pick(g.itemNames) }
        let g1 = goods(&self), g2 = goods(&self)
        var calls = [
            "n_plus_one(2, 1, \(g1))", "n_plus_m_dearest(3, 1, \(g1))", "percent_off(\(percent(5...30)), \(g1))",
            "welcome_bonus(\(rng.int(100...500)), 30 days)", "fixed_price(\(moneyValue(5...50)), \(g1))",
            "second_at_percent(50%, \(g1))", "cashback(\(percent(1...5)))", "chips_per_step(1, \(moneyValue(20...100)))",
            "winback_bonus(300, 90, 30 days)", "exclusive_percent(\(percent(5...30)), \(g1))",
            "percent_without_bonus_payment(\(percent(5...30)), \(g1))", "percent_without_accrual(\(percent(5...30)), \(g1))",
            "percent_daily(1, \(percent(5...30)), \(g1))", "big_ticket_stop(\(moneyValue(50...300)), \(percent(5...20)), \(g1))",
            "happy_hours_discount(\(percent(5...30)), 17:00, 21:00, \(g1))", "month_end_discount(5, \(percent(5...30)), \(g1))",
            "birthday_discount(\(percent(5...20)))", "birthday_gift(1.00, 7 days, \(g1))",
            "goods_bonus(\(percent(1...10)), \(g1), 1 days, 30 days)", "step_bonus(10, \(moneyValue(10...100)), \(g1))",
            "small_receipt_cashback(1%, 500.00, \"Discounter\")", "goods_for_chips(\(moneyValue(1...20)), \(g1), \(rng.int(1...20)))",
            "coupon_for_next_visit(\"NEXT10\", 10%, \(g1), \(moneyValue(20...200)), 14 days)", "coupon_redemption(\"NEXT10\", 10%, \(g1))",
            "coupon_percent_off_one(20%, \"CB*\")",
            "promo_code(\"SUMMER\", \(percent(5...20)), \(g1))", "amount_off_each(\(moneyValue(1...20)), \(g1))",
            "amount_off_goods(\(moneyValue(1...50)), \(g1))", "gift_for_price(2, \(g1), sku 7001, 1.00)",
            "combo3(\(g1), \(g2), category \"Drinks\", \(moneyValue(20...150)))", "amount_off_receipt(\(moneyValue(10...100)), \(moneyValue(50...300)), excise)",
            "round_total_down(1.00)", "round_goods_half_up(0.10, \(g1))", "analogue_discount(20%, \(g1), \(g2), last 180 days)",
        ]
        // Both take their percent of original prices.
        if originalAllowed && !hasOriginalBasis {
            calls.append("extra_on_original(\(percent(5...20)), \(g1))")
            calls.append("coupon_percent_off_receipt(\(percent(5...20)), \"HALF-*\", excise)")
        }
        let call = rng.pick(calls)
        if call.hasPrefix("extra_on_original") || call.hasPrefix("coupon_percent_off_receipt") { hasOriginalBasis = true }
        set.coupons += ["NEXT10", "HALF-3", "cb1"]
        set.codes.append("SUMMER")
        return call
    }

    mutating func promo(index: Int) {
        let name = "p\(index + 1)"
        var clauses = ["priority \(promoPriority())"]
        if rng.chance(0.15) {
            // A template from the standard library instead of the promo's own effects.
            let call = template()
            clauses.append("use " + call)
            // A calendar template too, unless the first one has a schedule of its own.
            if !call.hasPrefix("happy_hours") && !call.hasPrefix("month_end") && rng.chance(0.3) { clauses.append("use " + rng.pick(["weekends()", "working_days()", "happy_hours(18:00, 22:00)", "month_start(10)"])) }
            set.declarations.append("promo \(name) {\n  " + clauses.joined(separator: "\n  ") + "\n}")
            return
        }
        scheduleClauses(into: &clauses)
        if rng.chance(0.35) { clauses.append("audience \(audience(depth: 1))") }
        if rng.chance(0.12) {
            let coupon = rng.pick(Universe.coupons)
            clauses.append("coupon \"\(coupon.pattern)\"")
            set.coupons += coupon.matching
        } else if rng.chance(0.08) {
            let code = rng.pick(Universe.codes)
            clauses.append("code \"\(code)\"")
            set.codes.append(code)
        }
        if rng.chance(0.3) { clauses.append("when \(receiptCondition())") }
        if rng.chance(0.2) {
            switch rng.int(0...3) {
            case 0: clauses.append("limit \(rng.int(1...3)) per receipt")
            case 1:
                clauses.append("limit \(rng.int(1...4)) units per \(rng.chance(0.5) ? "receipt" : "customer per \(rng.pick(["day", "month"]))")")
            default:
                clauses.append("limit \(rng.int(1...3)) per customer\(rng.pick(["", " per day", " per week", " per month", " per year"]))")
            }
            set.usageNames.append(name)
        }

        var shape = Shape()
        var seen: Set<String> = []
        for _ in 0..<rng.int(1...2) {
            // One clause of each kind: an effect whose keyword is taken is dropped.
            var one = Shape(), effects: [String] = []
            effect(&one, clauses: &effects, name: name)
            guard let text = effects.first, seen.insert(String(text.prefix { $0 != " " })).inserted else { continue }
            clauses.append(text)
            shape.changesPrices = shape.changesPrices || one.changesPrices
            shape.usesBasis = shape.usesBasis || one.usesBasis
            shape.bonusAccrual = shape.bonusAccrual || one.bonusAccrual
            shape.effects += 1
        }

        if rng.chance(0.25) {
            let text = rng.pick(["Вы сэкономили {saved}", "{promo}: {accrued} bonuses, balance {balance}", "Total {total}, chips {chips}",
                                 "{name}, coupon {coupon}", "plain text \\{saved\\}"])
            clauses.append("message \(rng.pick(["slip", "cashier", "display"])) \"\(text)\"")
        }
        if !counters.isEmpty, !clauses.contains(where: { $0.hasPrefix("counter") }), rng.chance(0.3) {
            clauses.append("then counter \(counters[0]) \(rng.pick(["-=", "+="])) \(rng.int(1...6))")
        }
        combinationClauses(&clauses, shape: shape)
        rng.shuffle(&clauses)
        set.declarations.append("promo \(name)\(rng.chance(0.3) ? " \"Promo \(index + 1)\"" : "") {\n  " + clauses.joined(separator: "\n  ") + "\n}")
    }

    mutating func combinationClauses(_ clauses: inout [String], shape: Shape) {
        var inGroup = false
        if rng.chance(0.15) {
            clauses.append("best of \(rng.pick(groups))")
            inGroup = true
        }
        if shape.changesPrices {
            if rng.chance(0.12) { clauses.append("lock discounts\(rng.chance(0.4) ? " on \(clauseItems())" : "")") }
            if rng.chance(0.12) && !shape.bonusAccrual {
                clauses.append("forbid \(rng.pick(["redeem", "accrue"]))\(rng.chance(0.4) ? " on \(clauseItems())" : "")")
            } else if rng.chance(0.08) {
                clauses.append("forbid redeem")
            }
            if rng.chance(0.06) && !inGroup { clauses.append("stop") }
        } else if rng.chance(0.1) {
            clauses.append("lock \(rng.pick(["discounts", "redemption", "discounts, redemption"])) on \(clauseItems())")
        }
        if shape.usesBasis && originalAllowed && !hasOriginalBasis && rng.chance(0.4) {
            clauses.append("on original prices")
            hasOriginalBasis = true
        } else if rng.chance(0.05) {
            clauses.append("on current prices")
        }
        if shape.changesPrices && !hasCap && rng.chance(0.12) {
            clauses.append("ignore restrictions")
            hasIgnoring = true
        }
    }

    // MARK: - Restrictions and tiers

    mutating func restrictions() {
        var index = 0
        func add(_ rules: [String], _ g: inout PromoSetGenerator, narrow: Bool = true) {
            index += 1
            var clauses = rules
            if narrow && g.rng.chance(0.15) { clauses.append("active \(g.date(-3)) .. \(g.date(40))") }
            if narrow && g.rng.chance(0.1) { clauses.append("stores format != \"Discounter\"") }
            g.set.declarations.append("restriction r\(index) {\n  " + clauses.joined(separator: "\n  ") + "\n}")
        }
        if rng.chance(0.5) { add(["price >= line.min_price on excise"], &self) }
        if rng.chance(0.35) { add(["price >= \(moneyValue(1...20)) on \(clauseItems())"], &self) }
        if rng.chance(0.3) {
            add(["price >= \(moneyValue(0...10)) on all"], &self, narrow: false)
            originalAllowed = true
        }
        if !originalAllowed && rng.chance(0.35) {
            add(["discount <= \(rng.pick([30, 50, 70]))% on all\(rng.chance(0.5) ? " except excise" : "")"], &self)
            hasCap = true
        }
        if rng.chance(0.3) { add(["discount <= \(rng.pick([5, 10, 20]))% of total\(rng.chance(0.3) ? " on \(clauseItems())" : "")"], &self) }
        if rng.chance(0.35) { add(["redeem <= \(rng.pick([20, 30, 50]))% of total\(rng.chance(0.3) ? " on \(clauseItems())" : "")"], &self) }
        if rng.chance(0.25) {
            let per = rng.pick(["per receipt", "per customer per day", "per customer per month", "per customer"])
            add(["qty <= \(rng.int(1...3)) \(per) on \(clauseItems())"], &self)
            set.usageNames.append("r\(index)")
        }
    }

    mutating func tiers() {
        var levels: [String] = []
        var lines = ["measure \(rng.pick(["spend over previous calendar week", "spend over previous calendar month", "purchases over last 30 days"]))"]
        let money = lines[0].contains("spend")
        let thresholds = money ? ["0", "5000.00", "10000.00"] : ["0", "3", "8"]
        for (i, level) in ["silver", "gold", "diamond"].enumerated() where i < 2 || rng.chance(0.6) {
            var text = "level \(level) from \(thresholds[i]) accrue \(i * 3 + 3)% bonus"
            if rng.chance(0.2) { text += " discount \(i + 2)% on \(clauseItems())" }
            lines.append(text)
            levels.append(level)
        }
        if rng.chance(0.4) { lines.insert("priority \(priority())", at: 0) }
        set.declarations.append("tiers loyalty \"Loyalty\" {\n  " + lines.joined(separator: "\n  ") + "\n}")
        set.tiers.append((name: "loyalty", levels: levels))
    }
}
