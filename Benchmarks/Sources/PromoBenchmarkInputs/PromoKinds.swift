/// The promo mechanics the generator writes, in proportions a chain's set might have.
extension CampaignFile {
    mutating func writePromo() {
        switch random.weighted([34, 11, 9, 6, 6, 3, 5, 6, 4, 3, 4, 3, 4, 7]) {
        case 0: itemDiscount()
        case 1: fixedPrice()
        case 2: buyGet()
        case 3: bundle()
        case 4: couponReceipt()
        case 5: welcome()
        case 6: winback()
        case 7: receiptBonus()
        case 8: counterReward()
        case 9: chips()
        case 10: issueCoupon()
        case 11: birthday()
        case 12: receiptAmountOff()
        default: categoryBonus()
        }
    }

    func genericSku(_ random: inout SeededRandom) -> Int {
        random.int(1_000...99_999)
    }

    /// `discount 20% on dairy` with a schedule and some of the usual conditions.
    mutating func itemDiscount() {
        let target = pickTarget()
        let percent = random.pick([5, 10, 10, 15, 15, 20, 20, 25, 30, 40, 50])
        let name = promoName(random.pick(["sale", "week", "days", "deal", "offer"]))
        let title = random.chance(50)
            ? "\(target.label.capitalizedFirst): \(percent)% off"
            : "Скидка \(percent)% на \(target.labelRu)"
        open(name, title, comment: "\(target.label.capitalizedFirst) campaign with the supplier, \(percent)% funded")
        var schedule = writeActive()
        writeTimeAndPlace(&schedule, weekdays: 45, hours: 40, stores: 55)
        let hasAudience = random.chance(30)
        if hasAudience { out.clause("audience", pickAudience()) }
        let hasCoupon = !hasAudience && random.chance(8)
        if hasCoupon {
            out.clause("coupon", "\"\(slug.uppercased())-SALE\(promoIndex + 1)-*\"")
            nameCoupon("\(slug.uppercased())-SALE\(promoIndex + 1)-")
        }
        var threshold = 0
        if target.isName, random.chance(60) {
            threshold = pickThreshold()
            out.clause("when", "spend(\(target.text)) >= \(money(threshold))")
        } else if random.chance(35) {
            threshold = pickThreshold()
            out.clause("when", "total >= \(money(threshold))")
        }
        out.clause("discount", "\(percent)% on \(target.text)")
        if target.isExclusive, random.chance(60) { out.clause("lock", "discounts") }
        if random.chance(35) { out.clause("forbid", "redeem on \(target.text)") }
        let bestOf = random.chance(8)
        if bestOf { out.clause("best", "of \(random.chance(50) ? "personal" : "\(slug)_weekend")") }
        if random.chance(35) { out.clause("limit", random.pick(["1 per customer per day", "1 per customer", "2 per customer per week"])) }
        writeMessage(60, english: "\(target.label.capitalizedFirst): you saved {saved}", russian: "Ваша выгода {saved}")
        close()

        guard target.testable, !hasAudience, !hasCoupon, !bestOf else { return }
        let qty = max(1, (threshold + target.unitPrice - 1) / target.unitPrice) + random.int(0...2)
        let sku = target.lineSku ?? genericSku(&random)
        planTest(promo: name, schedule: schedule, lines: [(sku, target.lineCategory, target.unitPrice, qty)],
                 discount: target.unitPrice * qty * percent / 100)
    }

    /// `price 59.90 on sku 1001`
    mutating func fixedPrice() {
        let products: [(en: String, ru: String, list: Int, category: String)] = [
            ("Milk 1 L", "Молоко 1 л", 8_990, "Food/Dairy/Milk"),
            ("Bread loaf", "Батон нарезной", 5_490, "Food/Bakery/Bread"),
            ("Eggs, 10 pcs", "Яйца, 10 шт.", 12_990, "Food/Eggs"),
            ("Butter 180 g", "Масло сливочное 180 г", 21_990, "Food/Dairy/Butter"),
            ("Bananas 1 kg", "Бананы 1 кг", 14_990, "Food/Fruit/Bananas"),
            ("Coffee beans 1 kg", "Кофе в зёрнах 1 кг", 149_990, "Drinks/Coffee/Beans"),
            ("Sunflower oil 1 L", "Масло подсолнечное 1 л", 15_990, "Food/Grocery/Oil"),
            ("Buckwheat 900 g", "Гречка 900 г", 10_990, "Food/Grocery/Cereals"),
            ("Sugar 1 kg", "Сахар 1 кг", 8_990, "Food/Grocery/Sugar"),
            ("Chicken fillet 1 kg", "Филе куриное 1 кг", 44_990, "Food/Meat/Poultry"),
            ("Cola 2 L", "Кола 2 л", 16_990, "Drinks/Soda"),
            ("Toilet paper, 8 rolls", "Туалетная бумага, 8 рулонов", 29_990, "Household/Paper"),
            ("Cat food 85 g", "Корм для кошек 85 г", 4_990, "Pets/Cats"),
            ("Orange juice 1 L", "Апельсиновый сок 1 л", 17_990, "Drinks/Juice"),
            ("Kefir 1%, 900 ml", "Кефир 1%, 900 мл", 9_990, "Food/Dairy/Kefir"),
        ]
        let product = random.pick(products)
        let price = product.list - random.int(2...6) * product.list / 20 / 100 * 100
        let skus = (0..<random.int(1...2)).map { _ in newSku() }
        for sku in skus { remember(NamedLine(sku: sku, price: product.list, category: product.category)) }
        let name = promoName("price")
        let title = random.chance(50) ? "\(product.en) for \(money(price))" : "\(product.ru) за \(money(price))"
        open(name, title, comment: "Price of the week: \(product.en)")
        var schedule = writeActive()
        writeTimeAndPlace(&schedule, weekdays: 25, hours: 15, stores: 50)
        out.clause("price", "\(money(price)) on sku " + skus.map(String.init).joined(separator: ", "))
        if random.chance(40) { out.clause("lock", "discounts") }
        if random.chance(40) { out.clause("forbid", "redeem on sku " + skus.map(String.init).joined(separator: ", ")) }
        if random.chance(25) { out.clause("limit", "1 per customer per day") }
        writeMessage(50, english: "\(product.en) at the price of the week", russian: "\(product.ru) по цене недели")
        close()

        let qty = random.int(1...3)
        planTest(promo: name, schedule: schedule, lines: [(skus[0], nil, product.list, qty)],
                 discount: (product.list - price) * qty)
    }

    /// `buy 2 of yogurt get 1 free cheapest`
    mutating func buyGet() {
        // `buy … of` takes a list of item sets, not an `except`.
        let target = pickTarget(allowSkus: random.chance(30), allowExcept: false)
        let buy = random.pick([1, 2, 2, 2, 3, 4])
        let name = promoName("\(buy)_plus_1")
        let title = random.chance(50)
            ? "\(buy + 1) \(target.label) for the price of \(buy)"
            : "\(buy)+1: \(target.labelRu)"
        open(name, title, comment: "\(buy)+1 mechanic: of every \(buy + 1) items the cheapest is free")
        var schedule = Schedule.always
        let hasActive = random.chance(85)
        if hasActive { schedule = writeActive() }
        writeStores(&schedule, chance: 50)
        out.clause("buy", "\(buy) of \(target.text) get 1 free cheapest")
        if random.chance(35) { out.clause("limit", "1 per customer per day") }
        writeMessage(55, english: "\(buy)+1 on \(target.label): you saved {saved}", russian: "Акция \(buy)+1: выгода {saved}")
        close()

        guard target.testable, hasActive else { return }
        let sku = target.lineSku ?? genericSku(&random)
        planTest(promo: name, schedule: schedule, lines: [(sku, target.lineCategory, target.unitPrice, buy + 1)],
                 discount: target.unitPrice)
    }

    /// `bundle { 1 of sku 2001, 1 of category "Food/Fries", 1 of category "Drinks/Soda" } price 299.00`
    mutating func bundle() {
        let combos: [(en: String, ru: String, parts: [(text: String?, category: String?, count: Int, price: Int)])] = [
            ("Burger + fries + drink", "Бургер + фри + напиток",
             [(nil, nil, 1, 19_900), ("category \"Food/Fries\"", "Food/Fries", 1, 9_900), ("category \"Drinks/Soda\"", "Drinks/Soda", 1, 8_900)]),
            ("Breakfast set", "Завтрак",
             [("category \"Food/Bakery/Pastry\"", "Food/Bakery/Pastry", 2, 7_900), (nil, nil, 1, 18_900)]),
            ("Pasta dinner", "Ужин с пастой",
             [("pasta", "Food/Grocery/Pasta", 1, 8_900), (nil, nil, 1, 24_900), ("category \"Food/Dairy/Cheese\"", "Food/Dairy/Cheese", 1, 39_900)]),
            ("Barbecue kit", "Набор для шашлыка",
             [(nil, nil, 1, 59_900), ("category \"Drinks/Soda\"", "Drinks/Soda", 2, 8_900), ("vegetables", "Food/Vegetables/Tomatoes", 1, 19_900)]),
            ("Tea time", "Чаепитие",
             [("tea", "Drinks/Tea", 1, 19_900), ("chocolate", "Food/Sweets/Chocolate", 2, 9_900)]),
            ("Baby care set", "Набор для малыша",
             [("diapers", "Baby/Diapers", 1, 129_900), (nil, nil, 1, 34_900)]),
        ]
        let combo = random.pick(combos)
        var parts: [(text: String, sku: Int, category: String?, count: Int, price: Int)] = []
        for part in combo.parts {
            if let text = part.text {
                parts.append((text, genericSku(&random), part.category, part.count, part.price))
            } else {
                let sku = newSku()
                parts.append(("sku \(sku)", sku, nil, part.count, part.price))
                remember(NamedLine(sku: sku, price: part.price, category: nil))
            }
        }
        let full = parts.reduce(0) { $0 + $1.count * $1.price }
        let price = full * random.int(70...85) / 100 / 100 * 100 - 100
        let name = promoName("combo")
        let title = random.chance(50) ? "\(combo.en) = \(money(price))" : "\(combo.ru) за \(money(price))"
        open(name, title)
        var schedule = writeActive()
        writeTimeAndPlace(&schedule, weekdays: 20, hours: 40, stores: 20)
        out.clause("bundle", "{ " + parts.map { "\($0.count) of \($0.text)" }.joined(separator: ", ") + " } price \(money(price))")
        writeMessage(50, english: "\(combo.en): you saved {saved}", russian: "\(combo.ru): выгода {saved}")
        close()

        planTest(promo: name, schedule: schedule, lines: parts.map { ($0.sku, $0.category, $0.price, $0.count) },
                 discount: full - price)
    }

    /// `coupon "HALF-*"` with a discount on the whole receipt.
    mutating func couponReceipt() {
        let percent = random.pick([5, 10, 10, 15, 20])
        let name = promoName("coupon")
        let title = random.chance(50) ? "\(percent)% off the whole receipt with coupon" : "Скидка \(percent)% на чек по купону"
        open(name, title, comment: "Coupons handed out at the store openings in \(regionName)")
        var schedule = writeActive()
        writeStores(&schedule, chance: 40)
        out.clause("coupon", "\"\(slug.uppercased())-\(percent)OFF\(promoIndex + 1)-*\"")
        nameCoupon("\(slug.uppercased())-\(percent)OFF\(promoIndex + 1)-")
        if random.chance(50) { out.clause("when", "total >= \(money(pickThreshold()))") }
        out.clause("discount", "\(percent)% on receipt except alcohol, tobacco")
        if random.chance(60) { out.clause("on", "original prices") }
        if random.chance(40) { out.clause("limit", "1 per customer") }
        writeMessage(50, english: "Coupon accepted: you saved {saved}", russian: "Купон принят, выгода {saved}")
        close()
    }

    /// Bonuses for a first purchase.
    mutating func welcome() {
        let amount = random.pick([200, 300, 500, 500, 1_000])
        let name = promoName("welcome")
        let title = random.chance(50) ? "Welcome: \(amount) bonuses on the first purchase" : "\(amount) бонусов за первую покупку"
        open(name, title, comment: "Welcome offer for customers who joined the loyalty program")
        var schedule = Schedule.always
        if random.chance(60) { schedule = writeActive() }
        writeStores(&schedule, chance: 40)
        out.clause("audience", random.chance(50)
            ? "newcomers"
            : "customer.purchases(all time) == 0 and customer.registered within \(random.pick([14, 30, 60])) days")
        out.clause("when", "total >= \(money(random.pick([500_00, 1_000_00, 1_500_00])))")
        out.clause("accrue", "\(amount) bonus activates after 1 day expires after \(random.pick([14, 30])) days")
        writeMessage(70, english: "Welcome! \(amount) bonuses are on your card", russian: "Добро пожаловать! Вам начислено \(amount) бонусов")
        close()
    }

    /// Bonuses to bring a lapsed customer back.
    mutating func winback() {
        let amount = random.pick([150, 200, 300, 500])
        let name = promoName("winback")
        let title = random.chance(50) ? "Come back: \(amount) bonuses" : "Возвращайтесь: \(amount) бонусов"
        open(name, title, comment: "Win-back: customers who stopped coming get bonuses for one purchase")
        var schedule = Schedule.always
        if random.chance(70) { schedule = writeActive() }
        writeStores(&schedule, chance: 30)
        out.clause("audience", random.pick(["churned", "outflow", "\(slug)_lapsed"]))
        if random.chance(40) { out.clause("when", "total >= \(money(random.pick([500_00, 700_00, 1_000_00])))") }
        out.clause("accrue", "\(amount) bonus expires after \(random.pick([14, 30, 45])) days")
        out.clause("limit", "1 per customer")
        writeMessage(60, english: "Glad to see you again", russian: "Рады видеть вас снова")
        close()
    }

    /// `accrue 0.5% bonus on all except alcohol` by receipt size.
    mutating func receiptBonus() {
        let percent = random.pick(["0.5%", "1%", "1.5%", "2%", "3%"])
        let name = promoName("receipt_bonus")
        let small = random.chance(50)
        let title = switch (small, random.chance(50)) {
        case (true, true): "+\(percent) bonuses if the receipt is under 1000"
        case (true, false): "+\(percent) бонусов за чек до 1000"
        case (false, true): "+\(percent) bonuses on a receipt from 3000"
        case (false, false): "+\(percent) бонусов за чек от 3000"
        }
        open(name, title, comment: "Bonus accrual by receipt size")
        var schedule = Schedule.always
        if random.chance(60) { schedule = writeActive() }
        writeStores(&schedule, chance: 50)
        out.clause("audience", random.pick(["customer.card", "card_holders"]))
        out.clause("when", small ? "total < 1000.00" : "total >= 3000.00")
        out.clause("accrue", "\(percent) bonus on all except alcohol")
        writeMessage(70, english: "Bonus scheme by receipt size", russian: "Бонусы за размер чека")
        close()
    }

    /// Every n-th item free, with a counter kept per customer.
    mutating func counterReward() {
        let goods: [(text: String, en: String, ru: String)] = [
            ("category \"Drinks/Coffee\"", "coffee", "кофе"), ("coffee", "coffee", "кофе"),
            ("category \"Food/Bakery/Pastry\"", "pastry", "выпечка"), ("tea", "tea", "чай"),
            ("ice_cream", "ice cream", "мороженое"), ("category \"Food/Frozen/Ice Cream\"", "ice cream", "мороженое"),
        ]
        let good = random.pick(goods)
        let every = random.pick([5, 6, 6, 8, 10])
        let counter = "\(slug)_\(good.en.replacingSpaces)_\(promoIndex + 1)"
        nameCounter(counter)
        let name = promoName("loyalty_card")
        let title = random.chance(50) ? "Every \(every)th \(good.en) free" : "Каждый \(every)-й \(good.ru) в подарок"
        open(name, title, comment: "Loyalty card: purchases of \(good.en) are counted per customer")
        var schedule = Schedule.always
        if random.chance(60) { schedule = writeActive() }
        writeStores(&schedule, chance: 40)
        out.clause("counter", "\(counter) += qty(\(good.text))")
        out.clause("when", "counter \(counter) >= \(every)")
        out.clause("discount", "100% on 1 cheapest of \(good.text)")
        out.clause("then", "counter \(counter) -= \(every)")
        writeMessage(50, english: "Every \(every)th \(good.en) is on us", russian: "Каждый \(every)-й \(good.ru) в подарок")
        close()
    }

    /// `accrue 1 chip per 500.00 of total`
    mutating func chips() {
        let step = random.pick([300_00, 500_00, 500_00, 1_000_00])
        let name = promoName("chips")
        let title = random.chance(50) ? "1 chip per \(money(step))" : "Фишка за каждые \(money(step))"
        open(name, title, comment: "Chips collection: knives, pans and towels for chips")
        var schedule = writeActive()
        writeStores(&schedule, chance: 40)
        if random.chance(30) { out.clause("audience", "customer.card") }
        out.clause("accrue", "1 chip per \(money(step)) of total")
        writeMessage(70, english: "Collect chips for kitchen knives", russian: "Собирайте фишки и получайте ножи")
        close()
    }

    /// `issue coupon "NEXT10" discount 10% valid 14 days`
    mutating func issueCoupon() {
        let percent = random.pick([5, 10, 15])
        let name = promoName("next_visit")
        let title = random.chance(50) ? "Coupon for the next visit" : "Купон на следующую покупку"
        open(name, title, comment: "Coupon for the next visit, printed on the slip")
        var schedule = Schedule.always
        if random.chance(75) { schedule = writeActive() }
        writeStores(&schedule, chance: 40)
        out.clause("when", "total >= \(money(random.pick([1_500_00, 2_000_00, 3_000_00])))")
        out.clause("issue", "coupon \"\(slug.uppercased())-NEXT\(promoIndex + 1)\" discount \(percent)% valid \(random.pick([7, 14, 30])) days")
        writeMessage(60, english: "Your coupon for the next visit is on the slip", russian: "Купон на следующую покупку напечатан на чеке")
        close()
    }

    /// A personal discount in the best-of group `personal`.
    mutating func birthday() {
        let percent = random.pick([10, 15, 20])
        let days = random.pick([3, 7])
        let name = promoName("birthday")
        let title = random.chance(50) ? "Birthday week: \(percent)% off" : "Скидка \(percent)% в день рождения"
        open(name, title, comment: "Personal offer: only the best offer of the group `personal` applies")
        var schedule = Schedule.always
        writeStores(&schedule, chance: 40)
        out.clause("audience", "customer.birthday within \(days) days")
        out.clause("discount", "\(percent)% on all except alcohol, tobacco")
        out.clause("best", "of personal")
        if random.chance(50) { out.clause("limit", "1 per customer per year") }
        writeMessage(75, english: "Happy birthday!", russian: "С днём рождения!")
        close()
    }

    /// A fixed amount off a large receipt.
    mutating func receiptAmountOff() {
        let threshold = random.pick([2_000_00, 3_000_00, 5_000_00])
        let off = threshold / 10
        let name = promoName("amount_off")
        let title = random.chance(50) ? "\(money(off)) off a receipt from \(money(threshold))" : "Скидка \(money(off)) на чек от \(money(threshold))"
        open(name, title)
        var schedule = writeActive()
        writeTimeAndPlace(&schedule, weekdays: 35, hours: 15, stores: 50)
        out.clause("when", "total >= \(money(threshold))")
        out.clause("discount", "\(money(off)) on receipt except alcohol, tobacco")
        let limited = random.chance(40)
        if limited { out.clause("limit", "1 per customer per week") }
        writeMessage(55, english: "You saved {saved}", russian: "Ваша выгода {saved}")
        close()

        // Goods for a little over the threshold.
        let set = random.pick(Assortment.discountable)
        let qty = threshold / set.unitPrice + 1
        planTest(promo: name, schedule: schedule, lines: [(genericSku(&random), set.lineCategory, set.unitPrice, qty)],
                 discount: off)
    }

    /// Extra bonuses on a category.
    mutating func categoryBonus() {
        let target = pickTarget(allowSkus: false)
        let percent = random.pick([5, 7, 10, 15, 20])
        let name = promoName("bonus")
        let title = random.chance(50) ? "\(percent)% bonuses on \(target.label)" : "\(percent)% бонусами за \(target.labelRu)"
        open(name, title)
        var schedule = writeActive()
        writeTimeAndPlace(&schedule, weekdays: 30, hours: 15, stores: 40)
        if random.chance(55) { out.clause("audience", pickAudience()) }
        let expiry = random.chance(50) ? " expires after \(random.pick([30, 60, 90])) days" : ""
        out.clause("accrue", "\(percent)% bonus on \(target.text)\(expiry)")
        writeMessage(60, english: "Extra bonuses on \(target.label)", russian: "Повышенные бонусы: \(target.labelRu)")
        close()
    }
}

extension String {
    var capitalizedFirst: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }

    var replacingSpaces: String {
        String(map { $0 == " " ? "_" : $0 })
    }
}
