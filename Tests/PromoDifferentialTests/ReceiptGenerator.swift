import PromoBytecode
import PromoVM

/// Generates receipts and customers for a compiled set: lines from ``Universe``, every customer
/// fact the bundle reads, counters, earlier uses, tier levels, balances, chips, coupons, codes
/// and bonus payments, so that the set's promos fire often and fail their checks sometimes.
enum ReceiptGenerator {
    static func receipt(_ rng: inout SplitMix64, set: GeneratedSet, bundle: LoadedBundle, distinctAmounts: Bool = false,
                        products: [Universe.Product] = Universe.products, moments: [(date: LocalDate, minute: Int)] = [],
                        stores: [Store] = []) -> Receipt {
        var date = LocalDate(year: 2026, month: 12, day: rng.int(1...31))
        var minute = rng.chance(0.1) ? rng.int(0...1439) : rng.int(7 * 60...23 * 60 + 59)
        if !moments.isEmpty, rng.chance(0.8) {
            let moment = rng.pick(moments)
            date = moment.date
            if rng.chance(0.7) { minute = moment.minute }
        }
        var store = Store()
        if !stores.isEmpty, rng.chance(0.7) {
            store = rng.pick(stores)
        } else if rng.chance(0.9) {
            store = Store(id: rng.pick(Universe.storeIDs), format: rng.chance(0.9) ? rng.pick(Universe.formats) : nil,
                          region: rng.chance(0.7) ? rng.pick(Universe.regions) : nil,
                          city: rng.chance(0.6) ? rng.pick(Universe.cities) : nil,
                          groups: rng.some(Universe.groups, count: rng.int(0...2)))
        }
        var receipt = Receipt(date: date, minute: minute, store: store,
                              channel: rng.chance(0.7) ? rng.pick(Universe.channels) : nil)
        if rng.chance(0.85) { receipt.customer = customer(&rng, set: set, bundle: bundle, date: receipt.date) }
        let offered = set.coupons + Universe.coupons.flatMap(\.matching)
        if rng.chance(0.5) { receipt.coupons = rng.some(offered + Universe.strayCoupons, count: rng.int(1...2)) }
        if rng.chance(0.4) { receipt.codes = rng.some(set.codes + Universe.codes + Universe.strayCodes, count: rng.int(1...2)) }
        if receipt.customer != nil, rng.chance(0.3) { receipt.redeem = rng.int64(0...500) * 100 }

        var used: Set<Int64> = []
        var amounts: Set<Int64> = []
        var prices: Set<Int64> = []
        let count = rng.chance(0.1) ? rng.int(0...1) : rng.int(1...7)
        for _ in 0..<count {
            let product = rng.pick(products)
            var line = Line(sku: product.sku, category: product.category, brand: product.brand, price: product.price,
                            quantity: 1000, excise: product.excise, weighed: product.weighed, minPrice: product.minPrice,
                            flags: product.flags)
            if rng.chance(0.3) { line.price = max(1, product.price + rng.int64(-300...300) * 10 + rng.int64(0...9)) }
            line.quantity = product.weighed ? rng.int64(50...2500) : rng.int64(1...(rng.chance(0.8) ? 3 : 8)) * 1000
            if product.excise, let m = product.minPrice, rng.chance(0.2) {
                // Sometimes the shelf price sits below or at the legal minimum.
                line.price = rng.chance(0.5) ? m : m - rng.int64(1...100) * 100
            }
            if rng.chance(0.08) { line.name = "Товар \(product.sku)" }
            if distinctAmounts {
                let amount = Properties.amount(price: line.price, quantity: line.quantity)
                guard !used.contains(line.sku), amounts.insert(amount).inserted, prices.insert(line.price).inserted else { continue }
            }
            used.insert(line.sku)
            receipt.lines.append(line)
        }
        return receipt
    }

    static func customer(_ rng: inout SplitMix64, set: GeneratedSet, bundle: LoadedBundle, date: LocalDate) -> Customer {
        var c = Customer(id: "c\(rng.int(1...999))", card: rng.chance(0.7))
        if rng.chance(0.2) { c.name = rng.pick(Universe.customerNames) }
        c.segments = rng.some(Universe.crmSegments, count: rng.int(0...2))
        if rng.chance(0.7) { c.bonusBalance = rng.int64(0...2000) * 100 + rng.int64(0...99) }
        if rng.chance(0.5) { c.chips = rng.int64(0...40) }
        let model = bundle.model
        for info in model.facts {
            let key = model.strings[Int(info.key)]
            if ["card", "bonus_balance", "chips"].contains(key) { continue }
            guard rng.chance(0.85) else { continue }
            c.facts[key] = fact(&rng, key: key, tag: info.tag, date: date)
        }
        for counter in set.counters where rng.chance(0.8) { c.counters[counter] = rng.int64(0...8) * 1000 }
        for name in set.usageNames where rng.chance(0.5) {
            let n = rng.int64(0...3)
            c.usage[name] = Usage(day: n, week: n + rng.int64(0...1), month: n + rng.int64(0...2), year: n + 2, lifetime: n + 3,
                                  unitsDay: n * 1000, unitsWeek: n * 1000, unitsMonth: (n + 1) * 1000, unitsYear: (n + 2) * 1000,
                                  unitsLifetime: (n + 3) * 1000)
        }
        for tier in set.tiers where rng.chance(0.4) && !tier.levels.isEmpty { c.levels[tier.name] = rng.pick(tier.levels) }
        return c
    }

    static func fact(_ rng: inout SplitMix64, key: String, tag: ValueTag, date: LocalDate) -> FactValue {
        switch tag {
        case .money: return .number(rng.int64(0...25_000) * 100)
        case .percent: return .number(rng.int64(0...100) * 10_000)
        case .count: return .number(key.hasPrefix("age") ? rng.int64(16...85) : rng.int64(0...130))
        case .quantity: return .number(rng.int64(0...10_000))
        case .bool: return .bool(rng.chance(0.5))
        case .string:
            if key.hasPrefix("gender") { return .text(rng.pick(Universe.genders)) }
            if key.hasPrefix("region") { return .text(rng.pick(Universe.regions)) }
            if key.hasPrefix("city") { return .text(rng.pick(Universe.cities)) }
            if key.hasPrefix("rfm") { return .text(rng.pick(Universe.rfmClasses)) }
            return .text("x")
        case .date, .anniversary, .dateTime:
            // Near the receipt's date, so that `within` holds sometimes.
            let year = tag == .anniversary ? rng.int(1950...2005) : rng.pick([2025, 2026])
            let month = rng.chance(0.7) ? 12 : rng.int(1...12)
            let day = rng.chance(0.7) ? max(1, min(28, date.day + rng.int(-5...5))) : rng.int(1...28)
            return .date(LocalDate(year: year, month: month, day: day))
        case .time, .duration:
            return .number(rng.int64(0...1000))
        }
    }
}
