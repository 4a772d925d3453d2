import PromoVM

/// Receipts for the VM benchmark: a week's supermarket baskets of a fixed number of lines, each
/// with an identified customer whose facts the bundle asks for. The same seed gives the same
/// receipts on every machine.
public enum BenchmarkReceipts {
    public static let defaultSeed: UInt64 = 0x5EED_2026_0030

    /// - Parameters:
    ///   - set: the promo set the receipts are for: they carry SKUs its promos name, its regions,
    ///     coupons of its patterns and its counters.
    ///   - factKeys: the customer facts the bundle needs (`LoadedBundle.factKeys`); each customer
    ///     gets a plausible value for every one of them.
    public static func generate(for set: VMPromoSet, factKeys: [String], count: Int = 16, lines: Int = 30,
                                seed: UInt64 = defaultSeed) -> [Receipt] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { index in
            var basket = Basket(set: set, factKeys: factKeys, index: index, random: SeededRandom(seed: random.next()))
            return basket.receipt(lines: lines)
        }
    }
}

/// A kind of goods on the shelf: a category, a price (of a piece, or of a kilogram when
/// weighed) and the brands it comes in.
struct Shelf {
    var category: String
    var price: Int
    var weighed = false
    var brands: [String] = []
    /// Most pieces of it a customer takes.
    var most = 2
}

/// The goods a receipt draws its lines from, about a supermarket's range.
enum Shelves {
    static let all: [Shelf] = [
        Shelf(category: "Food/Dairy/Milk", price: 8_990, brands: ["Prostokvashino", "Domik v Derevne", "Premium Farm"], most: 3),
        Shelf(category: "Food/Dairy/Yogurt", price: 5_490, brands: ["Savushkin", "Агуша", "Prostokvashino"], most: 4),
        Shelf(category: "Food/Dairy/Yogurt", price: 4_290, brands: ["Вкусвилл", "Агуша"], most: 3),
        Shelf(category: "Food/Dairy/Kefir", price: 8_490, brands: ["Domik v Derevne", "Вкусвилл"]),
        Shelf(category: "Food/Dairy/Cheese", price: 89_900, weighed: true, brands: ["Premium Farm", "Savushkin"]),
        Shelf(category: "Food/Dairy/Butter", price: 18_990, brands: ["Vkusnoteevo", "Prostokvashino"]),
        Shelf(category: "Food/Dairy/Cottage Cheese", price: 12_490, brands: ["Savushkin"]),
        Shelf(category: "Food/Bakery/Bread", price: 5_490, brands: ["Красная цена"]),
        Shelf(category: "Food/Bakery/Pastry", price: 7_990, most: 3),
        Shelf(category: "Food/Meat/Pork", price: 49_900, weighed: true, brands: ["Мираторг"]),
        Shelf(category: "Food/Meat/Beef", price: 64_900, weighed: true, brands: ["Мираторг"]),
        Shelf(category: "Food/Meat/Poultry", price: 32_900, weighed: true, brands: ["Черкизово"]),
        Shelf(category: "Food/Meat/Sausages", price: 27_990, brands: ["Deli Gold", "Черкизово"]),
        Shelf(category: "Food/Fish/Fresh", price: 54_900, weighed: true),
        Shelf(category: "Food/Fish/Canned", price: 14_990, most: 3),
        Shelf(category: "Food/Fruit/Apples", price: 14_990, weighed: true),
        Shelf(category: "Food/Fruit/Bananas", price: 13_990, weighed: true),
        Shelf(category: "Food/Fruit/Citrus", price: 17_990, weighed: true),
        Shelf(category: "Food/Vegetables/Tomatoes", price: 19_990, weighed: true),
        Shelf(category: "Food/Vegetables/Potatoes", price: 6_990, weighed: true),
        Shelf(category: "Food/Vegetables/Cucumbers", price: 19_990, weighed: true),
        Shelf(category: "Food/Grocery/Rice", price: 11_990),
        Shelf(category: "Food/Grocery/Pasta", price: 8_990, brands: ["Barilla", "Makfa"], most: 3),
        Shelf(category: "Food/Grocery/Cereals", price: 15_990),
        Shelf(category: "Food/Grocery/Oil", price: 21_990),
        Shelf(category: "Food/Grocery/Salt", price: 2_990, most: 1),
        Shelf(category: "Food/Grocery/Sugar", price: 8_990),
        Shelf(category: "Food/Eggs", price: 12_990),
        Shelf(category: "Food/Sweets/Chocolate", price: 9_990, brands: ["Milka", "Alpen Gold", "Бабаевский"], most: 3),
        Shelf(category: "Food/Sweets/Cookies", price: 12_990, brands: ["Бабаевский"]),
        Shelf(category: "Food/Sweets/Candy", price: 34_900, weighed: true),
        Shelf(category: "Food/Frozen/Dumplings", price: 34_990),
        Shelf(category: "Food/Frozen/Ice Cream", price: 7_990, most: 3),
        Shelf(category: "Food/Frozen/Vegetables", price: 18_990),
        Shelf(category: "Drinks/Soda", price: 8_990, most: 3),
        Shelf(category: "Drinks/Juice", price: 12_990, brands: ["Dobry", "Rich"], most: 3),
        Shelf(category: "Drinks/Water", price: 3_990, most: 6),
        Shelf(category: "Drinks/Coffee", price: 44_990, brands: ["Jacobs", "Lavazza"], most: 1),
        Shelf(category: "Drinks/Coffee/Beans", price: 89_990, brands: ["Lavazza"], most: 1),
        Shelf(category: "Drinks/Tea", price: 19_990, brands: ["Greenfield"]),
        Shelf(category: "Drinks/Tea/Green", price: 24_990, brands: ["Greenfield"]),
        Shelf(category: "Household/Cleaning", price: 24_990, brands: ["Fairy"]),
        Shelf(category: "Household/Laundry", price: 59_990),
        Shelf(category: "Household/Paper", price: 29_990, brands: ["Zewa"]),
        Shelf(category: "Cosmetics/Skin", price: 39_990, brands: ["Nivea"], most: 1),
        Shelf(category: "Cosmetics/Hair", price: 34_990, most: 1),
        Shelf(category: "Pets/Cats", price: 4_990, brands: ["Whiskas", "Purina"], most: 6),
        Shelf(category: "Pets/Dogs", price: 29_990, brands: ["Purina"], most: 1),
        Shelf(category: "Baby/Food", price: 8_990, brands: ["Фрутоняня", "Агуша"], most: 4),
        Shelf(category: "Baby/Diapers", price: 129_990, brands: ["Pampers", "Huggies"], most: 1),
    ]
}

/// One receipt being put together.
struct Basket {
    let set: VMPromoSet
    let factKeys: [String]
    let index: Int
    var random: SeededRandom
    var lines: [Line] = []

    init(set: VMPromoSet, factKeys: [String], index: Int, random: SeededRandom) {
        self.set = set
        self.factKeys = factKeys
        self.index = index
        self.random = random
    }

    mutating func receipt(lines count: Int) -> Receipt {
        let day = VMPromoSet.week.adding(index % 7)
        let (year, month, dayOfMonth) = day.civil
        // Every other receipt in the morning, when the bakery promo runs.
        let minute = index % 2 == 0 ? random.int(8 * 60...11 * 60 + 59) : random.int(12 * 60...21 * 60 + 59)
        let region = random.pick(set.regions)
        let format = ["Supermarket", "Supermarket", "Supermarket", "Hypermarket", "Hypermarket", "Convenience",
                      "Convenience", "Discounter"][random.int(0...7)]
        let store = Store(id: Int64(random.int(100...999)), format: format, region: region)

        fill(count)
        var coupons: [String] = []
        if random.chance(40) { coupons.append("HOME-\(random.int(1_000...9_999))") }
        if random.chance(30), !set.couponPrefixes.isEmpty { coupons.append(random.pick(set.couponPrefixes) + "2026") }
        let redeem: Int64? = random.chance(25) ? Int64(random.int(1...5) * 100_00) : nil
        return Receipt(date: LocalDate(year: year, month: month, day: dayOfMonth), minute: minute, store: store,
                       channel: "pos", customer: customer(region: region, day: day), coupons: coupons, redeem: redeem,
                       lines: lines)
    }

    /// The lines: the fixed-price milk in half of the baskets, a few goods the regional promos
    /// name by SKU, often a bottle of wine or cigarettes, the rest from the shelves.
    mutating func fill(_ count: Int) {
        if random.chance(50) {
            add(Line(sku: CorePromos.milkSku, name: "Milk 3.2% 1 L", category: "Food/Dairy/Milk", brand: "Prostokvashino",
                     price: 8_990, quantity: Int64(random.int(1...3) * 1_000)))
        }
        for _ in 0..<random.int(2...5) where !set.namedLines.isEmpty {
            let named = random.pick(set.namedLines)
            let category = named.category ?? random.pick(["Food/Grocery/Oil", "Food/Sweets/Cookies", "Drinks/Juice",
                                                          "Household/Cleaning", "Food/Frozen/Dumplings"])
            add(Line(sku: Int64(named.sku), category: category, price: Int64(named.price),
                     quantity: named.weighed ? weight() : Int64(random.int(1...2) * 1_000), weighed: named.weighed))
        }
        if random.chance(45) {
            // Breakfast: pastries and a pack of coffee.
            add(Line(sku: 100_801, category: "Food/Bakery/Pastry", price: 7_990, quantity: Int64(random.int(1...3) * 1_000)))
            add(Line(sku: 103_700 + Int64(random.int(0...1)), category: "Drinks/Coffee", brand: random.pick(["Jacobs", "Lavazza"]),
                     price: Int64(random.pick([34_990, 44_990, 52_990])), quantity: 1_000))
        }
        if random.chance(60) {
            add(Line(sku: 700_001 + Int64(random.int(0...20)), name: "Wine 0.75 L", category: "Alcohol/Wine",
                     price: Int64(random.int(4...15) * 10_000 - 10), quantity: 1_000, excise: true, minPrice: 30_000))
        }
        if random.chance(25) {
            add(Line(sku: 800_001 + Int64(random.int(0...5)), name: "Cigarettes", category: "Tobacco/Cigarettes",
                     price: 19_900, quantity: 1_000))
        }
        while lines.count < count {
            let shelfIndex = random.int(0...(Shelves.all.count - 1))
            let shelf = Shelves.all[shelfIndex]
            let variant = random.int(0...3)
            // Brands and sizes change the price a little: 89.90, 94.90, 99.90, 104.90.
            let price = Int64(shelf.price + variant * 500)
            let brand = shelf.brands.isEmpty ? nil : shelf.brands[variant % shelf.brands.count]
            let sku = Int64(100_000 + shelfIndex * 100 + variant)
            let quantity = shelf.weighed ? weight() : Int64(random.int(1...shelf.most) * 1_000)
            add(Line(sku: sku, category: shelf.category, brand: brand, price: price, quantity: quantity, weighed: shelf.weighed))
        }
    }

    mutating func add(_ line: Line) {
        lines.append(line)
    }

    /// A weighed quantity: 0.150 to 1.800 kg in steps of 5 g.
    mutating func weight() -> Int64 {
        Int64(random.int(30...360) * 5)
    }

    mutating func customer(region: String, day: Day) -> Customer {
        var facts: Facts = [:]
        for key in factKeys {
            if let value = fact(key, region: region, day: day) { facts[key] = value }
        }
        var segments: [String] = []
        if random.chance(25) { segments.append("Important") }
        if random.chance(15) { segments.append("Students") }
        var counters: [String: Int64] = [:]
        for counter in set.counters where random.chance(30) { counters[counter] = Int64(random.int(0...9) * 1_000) }
        var usage: [String: Usage] = [:]
        if random.chance(15) { usage["core_home_coupon"] = Usage(day: 1, week: 1, month: 2, year: 5, lifetime: 9) }
        return Customer(id: String(random.int(10_000_000...99_999_999)), card: random.chance(85), name: "Анна",
                        segments: segments, facts: facts, counters: counters, usage: usage,
                        bonusBalance: Int64(random.int(0...4_000) * 100), chips: Int64(random.int(0...30)))
    }

    /// A plausible value of a customer fact by its key in the bundle's manifest; nil for the
    /// facts a receipt carries itself (`card`, the bonus balance, chips).
    mutating func fact(_ key: String, region: String, day: Day) -> FactValue? {
        switch key {
        case "card", "bonus_balance", "chips": return nil
        case "app": return .bool(random.chance(50))
        case "region": return .text(region)
        case "days_since_last_purchase": return .number(Int64(random.int(1...120)))
        case "birthday":
            // One customer in eight has a birthday this week.
            let date = random.chance(12) ? day.adding(random.int(-3...3)) : Day(random.int(1960...2006), random.int(1...12), random.int(1...28))
            let (_, m, d) = date.civil
            return .date(LocalDate(year: random.int(1960...2006), month: m, day: d))
        case "registered":
            let date = random.chance(10) ? day.adding(-random.int(1...29)) : Day(random.int(2015...2025), random.int(1...12), random.int(1...28))
            let (y, m, d) = date.civil
            return .date(LocalDate(year: y, month: m, day: d))
        default:
            break
        }
        if key == "purchases(all time)" { return .number(random.chance(8) ? 0 : Int64(random.int(3...300))) }
        if key.hasPrefix("purchases(") { return .number(Int64(random.int(0...24))) }
        if key.hasPrefix("average_receipt(") { return .number(Int64(random.int(800...6_000) * 100)) }
        if key.hasPrefix("bought(") { return .bool(random.chance(40)) }
        if key.hasPrefix("spend") { return .number(Int64(random.int(0...150) * 100_00)) }
        return .number(Int64(random.int(0...10)))
    }
}
