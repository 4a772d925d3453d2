/// What a discount, a bonus or a condition applies to, with a receipt line that matches it.
struct Target {
    /// As written after `on`.
    var text: String
    var label: String
    var labelRu: String
    /// True when `text` is a declared name, so `spend(text)` reads well.
    var isName: Bool
    /// The line a test puts on the receipt to match the target: a SKU or a category, and a price.
    var lineSku: Int?
    var lineCategory: String?
    var unitPrice: Int
    /// True when no other promo names these items (a unique SKU list): safe to lock.
    var isExclusive: Bool

    var testable: Bool { lineSku != nil || lineCategory != nil }
}

/// A receipt a test block puts through one promo, and the discount it expects.
struct TestPlan {
    var name: String
    var promo: String
    var day: Day
    var time: String
    var format: String
    /// (sku, category, price in kopecks, qty) per line.
    var lines: [(sku: Int, category: String?, price: Int, qty: Int)]
    var discount: Int
}

/// The schedule and store filter a promo was given, so its test can pick a receipt inside them.
struct Schedule {
    var start: Day
    var end: Day
    var weekdays: ClosedRange<Int>?
    var hoursFrom: Int?
    var formats: [String]

    /// A promo without `active`: for its stores filter only, never for a test's date.
    static let always = Schedule(start: Day(2026, 12, 1), end: Day(2026, 12, 1), weekdays: nil, hoursFrom: nil,
                                 formats: Assortment.storeFormats)
}

/// The days the campaigns' `active` periods start on.
struct Season {
    var start: Day
    /// Campaigns start on one of the `spread + 1` days from `start`.
    var spread: Int

    /// The 1,000-promo set: campaigns over the winter season from 1 December.
    static let winter = Season(start: Day(2026, 12, 1), spread: 150)
}

/// A receipt line that a promo of the file names by SKU, for receipts that should hit it.
struct NamedLine {
    var sku: Int
    /// Shelf price of one unit, in kopecks.
    var price: Int
    var category: String?
    var weighed = false
}

/// One campaign file: local item sets and segments, then the promos, then their tests.
struct CampaignFile {
    let index: Int
    let promoCount: Int
    var random: SeededRandom
    let slug: String
    let fileName: String
    let regionName: String
    private(set) var testCount = 0

    var out = Lines()
    var tests: [TestPlan] = []
    var localSets: [Target] = []
    var localSegments: [String] = []
    var nextSku: Int
    var promoIndex = 0
    var priorities: [Int] = []
    let season: Season
    static let maxTestsPerFile = 60

    // What the file's promos name, for receipts that should meet them (none of it changes the text).
    /// SKUs named by SKU lists, fixed prices and bundles.
    private(set) var namedLines: [NamedLine] = []
    /// Coupon patterns without their final `*`: `MSK-10OFF7-`.
    private(set) var couponPrefixes: [String] = []
    /// Counters kept per customer.
    private(set) var counters: [String] = []

    /// Every promo of the file holds only in the file's region (`stores region == …`), as a
    /// chain's regional promos do.
    var regionalStores = false
    /// Whether the promo being written has its `stores` clause yet.
    var wroteStores = false

    /// Promos whose order cannot matter share a priority (see ``PromoSetGenerator``); the text is
    /// otherwise the same, and no more random numbers are drawn.
    var sharedPriorities = false
    /// The line of the current promo's `priority` clause.
    var priorityLine = 0
    /// The current promo's `active` period and weekdays, as written.
    var currentActive: (start: Day, end: Day)?
    var currentWeekdays: ClosedRange<Int>?
    /// The priority the file's promos that change no price share.
    var accrualPriority: Int?
    /// Priorities shared by price-changing promos whose schedules never meet, with their schedules.
    var scheduleGroups: [(priority: Int, members: [(start: Day, end: Day, weekdays: ClosedRange<Int>?)])] = []

    init(index: Int, promoCount: Int, random: SeededRandom, season: Season = .winter, regionalStores: Bool = false) {
        self.regionalStores = regionalStores
        self.index = index
        self.promoCount = promoCount
        self.random = random
        self.season = season
        let region = Assortment.regions[index % Assortment.regions.count]
        let round = index / Assortment.regions.count
        slug = round == 0 ? region.slug : "\(region.slug)\(round + 1)"
        fileName = round == 0 ? region.file : "\(region.file)-\(round + 1)"
        regionName = region.name
        nextSku = 300_000 + index * 5_000
    }

    mutating func text() -> String {
        writeHeader()
        writeLocalDeclarations()
        assignPriorities()
        for j in 0..<promoCount {
            promoIndex = j
            out.blank()
            if j % 10 == 0 {
                out.add("# ---- Wave \(j / 10 + 1) of the season's campaigns ----")
                out.blank()
            }
            writePromo()
        }
        writeTests()
        return out.text
    }

    // MARK: - Declarations

    mutating func writeHeader() {
        out.add("# Promos of the region \(regionName) (\(fileName).promo), season 2026/27.")
        out.add("# Item sets and segments not declared here come from common.promo.")
        out.add("currency RUB")
        out.blank()
    }

    mutating func writeLocalDeclarations() {
        let brandA = random.pick(Assortment.brands)
        let brandB = random.pick(Assortment.brands.filter { $0 != brandA })
        let skus = (0..<4).map { _ in newSku() }
        out.add("# Regional assortment.")
        out.add("items \(slug)_house_brand = brand \"\(brandA)\"")
        out.add("items \(slug)_promo_skus  = sku " + skus.map(String.init).joined(separator: ", "))
        out.add("items \(slug)_fresh       = category \"Food/Fruit\", category \"Food/Vegetables\" except brand \"\(brandB)\"")
        out.add("items \(slug)_breakfast   = category \"Food/Dairy/Yogurt\", category \"Food/Grocery/Cereals\", category \"Drinks/Coffee\"")
        out.add("items \(slug)_local_dairy = category \"Food/Dairy\" except brand \"\(brandA)\", brand \"\(brandB)\"")
        out.add("items \(slug)_treats      = sweets, ice_cream except chocolate")
        out.add("items \(slug)_bbq         = category \"Food/Meat\", category \"Drinks/Soda\"")
        out.add("items \(slug)_seasonal    = category \"Food/Fruit/Citrus\", category \"Food/Sweets/Candy\"")
        out.add("items \(slug)_school      = category \"Food/Grocery/Cereals\", category \"Drinks/Juice\" except brand \"\(brandB)\"")
        out.add("items \(slug)_cleaning    = category \"Household/Cleaning\", category \"Household/Laundry\"")
        out.add("items \(slug)_pets        = cat_food, category \"Pets/Dogs\"")
        out.blank()
        out.add("# Local producers, by SKU.")
        let bakery = (0..<5).map { _ in newSku() }
        let farmMeat = (0..<4).map { _ in newSku() }
        let farmMilk = (0..<4).map { _ in newSku() }
        out.add("items \(slug)_local_bakery = sku " + bakery.map(String.init).joined(separator: ", "))
        out.add("items \(slug)_farm_meat    = sku " + farmMeat.map(String.init).joined(separator: ", "))
        out.add("items \(slug)_farm_milk    = sku " + farmMilk.map(String.init).joined(separator: ", "))
        for (k, sku) in skus.enumerated() {
            remember(NamedLine(sku: sku, price: 19_900 - k * 1_000, category: ["Food/Grocery/Oil", "Food/Fish/Canned",
                                                                          "Food/Grocery/Rice", "Drinks/Tea"][k]))
        }
        for (k, sku) in bakery.enumerated() { remember(NamedLine(sku: sku, price: 6_900 + k * 500, category: "Food/Bakery/Bread")) }
        for sku in farmMeat { remember(NamedLine(sku: sku, price: 59_900, category: "Food/Meat/Beef", weighed: true)) }
        for (k, sku) in farmMilk.enumerated() { remember(NamedLine(sku: sku, price: 11_900 + k * 1_000, category: "Food/Dairy/Milk")) }
        localSets = [
            Target(text: "\(slug)_promo_skus", label: "selected goods", labelRu: "товары недели", isName: true,
                   lineSku: skus[0], lineCategory: nil, unitPrice: 19_900, isExclusive: false),
            Target(text: "\(slug)_fresh", label: "fresh produce", labelRu: "свежие овощи и фрукты", isName: true,
                   lineSku: nil, lineCategory: "Food/Fruit/Bananas", unitPrice: 13_900, isExclusive: false),
            Target(text: "\(slug)_breakfast", label: "breakfast", labelRu: "всё для завтрака", isName: true,
                   lineSku: nil, lineCategory: "Food/Grocery/Cereals", unitPrice: 15_900, isExclusive: false),
            Target(text: "\(slug)_local_dairy", label: "local dairy", labelRu: "местная молочка", isName: true,
                   lineSku: nil, lineCategory: "Food/Dairy/Kefir", unitPrice: 8_900, isExclusive: false),
            Target(text: "\(slug)_treats", label: "treats", labelRu: "сладости и мороженое", isName: true,
                   lineSku: nil, lineCategory: "Food/Sweets/Cookies", unitPrice: 12_900, isExclusive: false),
            Target(text: "\(slug)_bbq", label: "barbecue", labelRu: "всё для шашлыка", isName: true,
                   lineSku: nil, lineCategory: "Food/Meat/Pork", unitPrice: 49_900, isExclusive: false),
            Target(text: "\(slug)_seasonal", label: "New Year table", labelRu: "новогодний стол", isName: true,
                   lineSku: nil, lineCategory: "Food/Fruit/Citrus", unitPrice: 17_900, isExclusive: false),
            Target(text: "\(slug)_school", label: "school breakfast", labelRu: "школьный завтрак", isName: true,
                   lineSku: nil, lineCategory: "Drinks/Juice", unitPrice: 12_900, isExclusive: false),
            Target(text: "\(slug)_cleaning", label: "cleaning", labelRu: "средства для уборки", isName: true,
                   lineSku: nil, lineCategory: "Household/Laundry", unitPrice: 59_900, isExclusive: false),
            Target(text: "\(slug)_pets", label: "pet food", labelRu: "корма для животных", isName: true,
                   lineSku: nil, lineCategory: "Pets/Cats", unitPrice: 4_900, isExclusive: false),
            Target(text: "\(slug)_local_bakery", label: "local bakery", labelRu: "хлеб местной пекарни", isName: true,
                   lineSku: bakery[0], lineCategory: nil, unitPrice: 6_900, isExclusive: false),
            Target(text: "\(slug)_farm_meat", label: "farm meat", labelRu: "фермерское мясо", isName: true,
                   lineSku: farmMeat[0], lineCategory: nil, unitPrice: 59_900, isExclusive: false),
            Target(text: "\(slug)_farm_milk", label: "farm milk", labelRu: "фермерское молоко", isName: true,
                   lineSku: farmMilk[0], lineCategory: nil, unitPrice: 11_900, isExclusive: false),
            Target(text: "\(slug)_house_brand", label: brandA, labelRu: brandA, isName: true,
                   lineSku: nil, lineCategory: nil, unitPrice: 19_900, isExclusive: false),
        ]
        out.blank()
        out.add("segment \(slug)_app         = customer.app and customer.region == \"\(regionName)\"")
        out.add("segment \(slug)_loyal       = customer.region == \"\(regionName)\" and customer.purchases(last 90 days) >= 6")
        out.add("segment \(slug)_big_basket  = customer.region == \"\(regionName)\"")
        out.add("                              and customer.average_receipt(last 90 days) > 2500.00")
        out.add("segment \(slug)_lapsed      = customer.region == \"\(regionName)\" and customer.days_since_last_purchase >= 45")
        out.add("segment \(slug)_families    = customer.bought(category \"Baby\", last 120 days) and customer.region == \"\(regionName)\"")
        out.add("segment \(slug)_pet_people  = cat_owners or dog_owners")
        out.add("segment \(slug)_students    = students and customer.region == \"\(regionName)\"")
        out.add("segment \(slug)_newcomers   = newcomers and customer.region == \"\(regionName)\"")
        out.add("segment \(slug)_best        = vip or \(slug)_big_basket")
        out.add("segment \(slug)_sleeping    = \(slug)_lapsed except churned")
        localSegments = ["app", "loyal", "big_basket", "lapsed", "families", "pet_people", "students", "newcomers",
                         "best", "sleeping"].map { "\(slug)_\($0)" }
    }

    /// Every promo of the file gets its own priority in the file's band, in shuffled order.
    mutating func assignPriorities() {
        let band = max(1_000, (promoCount * 10 + 999) / 1_000 * 1_000)
        var steps = Array(0..<promoCount)
        for i in stride(from: steps.count - 1, to: 0, by: -1) {
            steps.swapAt(i, random.int(0...i))
        }
        priorities = steps.map { (index + 1) * band + $0 * 10 + 10 }
    }

    mutating func remember(_ line: NamedLine) {
        namedLines.append(line)
    }

    mutating func nameCoupon(_ prefix: String) {
        couponPrefixes.append(prefix)
    }

    mutating func nameCounter(_ counter: String) {
        counters.append(counter)
    }

    mutating func newSku() -> Int {
        nextSku += 1
        return nextSku
    }

    // MARK: - Shared choices

    var priority: Int { priorities[promoIndex] }

    func promoName(_ kind: String) -> String {
        "\(slug)_\(kind)_\(promoIndex + 1)"
    }

    /// Opens a promo block: an optional comment, the header and the priority.
    mutating func open(_ name: String, _ title: String, comment: String? = nil) {
        if let comment, random.chance(85) { out.add("# " + comment) }
        if random.chance(60) {
            switch random.int(0...2) {
            case 0:
                let team = random.pick(["fresh", "grocery", "non-food", "loyalty", "regional marketing"])
                out.add("# Owner: \(team) team, ticket MKT-\(random.int(1_000...9_999))")
            case 1:
                out.add("# Supplier-funded: \(random.pick(Assortment.brands)), budget \(random.int(50...900)) 000 roubles")
            default:
                out.add("# Approved by the \(regionName) regional director")
            }
        }
        if random.chance(40) {
            out.add("# " + random.pick([
                "Runs alongside the regional flyer, week \(random.int(1...52))",
                "Repeats last season's offer, which paid back \(random.int(105...180))%",
                "Cashiers announce it at the checkout",
                "Not in franchise stores: they run their own price list",
                "Stock checked with the distribution centre",
            ]))
        }
        out.add("promo \(name) \"\(title)\" {")
        priorityLine = out.lines.count
        out.clause("priority", "\(priority)")
        wroteStores = false
        currentActive = nil
        currentWeekdays = nil
    }

    mutating func close() {
        if regionalStores && !wroteStores { out.clause("stores", "region == \"\(regionName)\"") }
        if sharedPriorities { sharePriority() }
        out.add("}")
    }

    /// Gives the promo just written a priority it shares with others of the file whose order
    /// against it cannot matter: none of them changes a price, or their schedules never meet.
    mutating func sharePriority() {
        let keywords = out.lines[priorityLine...].map { $0.split(separator: " ").first.map(String.init) ?? "" }
        let changesPrices = keywords.contains { ["discount", "price", "bundle", "buy", "round", "lock", "stop", "counter"].contains($0) }
        var shared = priority
        if !changesPrices {
            if let accrualPriority { shared = accrualPriority } else { accrualPriority = priority }
        } else if let active = currentActive {
            let weekdays = currentWeekdays
            func apart(_ m: (start: Day, end: Day, weekdays: ClosedRange<Int>?)) -> Bool {
                if m.end < active.start || active.end < m.start { return true }
                if let w = m.weekdays, let v = weekdays, !w.overlaps(v) { return true }
                return false
            }
            if let k = scheduleGroups.firstIndex(where: { $0.members.allSatisfy(apart) }) {
                shared = scheduleGroups[k].priority
                scheduleGroups[k].members.append((active.start, active.end, weekdays))
            } else {
                scheduleGroups.append((priority, [(active.start, active.end, weekdays)]))
            }
        }
        out.replaceClause(at: priorityLine, "priority", "\(shared)")
    }

    /// The region condition added to a store filter when promos hold only in their region.
    var regionCondition: String { regionalStores ? " and region == \"\(regionName)\"" : "" }

    /// A discount target: a shared item set, a regional one, an inline category or unique SKUs.
    mutating func pickTarget(allowSkus: Bool = true, allowExcept: Bool = true) -> Target {
        switch random.weighted([55, 22, 15, 8]) {
        case 0:
            let set = random.pick(Assortment.discountable)
            return Target(text: set.name, label: set.label, labelRu: set.labelRu, isName: true, lineSku: nil,
                          lineCategory: set.lineCategory, unitPrice: set.unitPrice, isExclusive: false)
        case 1:
            return random.pick(localSets)
        case 2:
            let leaf = random.pick(Assortment.leafCategories)
            let label = String(leaf.path.split(separator: "/").last ?? "")
            if allowExcept, random.chance(30) {
                let brand = random.pick(Assortment.brands)
                return Target(text: "category \"\(leaf.path)\" except brand \"\(brand)\"", label: label.lowercased(),
                              labelRu: leaf.ru, isName: false, lineSku: nil, lineCategory: leaf.path,
                              unitPrice: leaf.price, isExclusive: false)
            }
            return Target(text: "category \"\(leaf.path)\"", label: label.lowercased(), labelRu: leaf.ru, isName: false,
                          lineSku: nil, lineCategory: leaf.path, unitPrice: leaf.price, isExclusive: false)
        default:
            guard allowSkus else { return pickTarget(allowSkus: false, allowExcept: allowExcept) }
            let skus = (0..<random.int(1...3)).map { _ in newSku() }
            let price = random.int(5...40) * 1_000 - 100
            for sku in skus { remember(NamedLine(sku: sku, price: price, category: nil)) }
            return Target(text: "sku " + skus.map(String.init).joined(separator: ", "), label: "selected goods",
                          labelRu: "товары по акции", isName: false, lineSku: skus[0], lineCategory: nil,
                          unitPrice: price, isExclusive: true)
        }
    }

    /// `active` over a period of the season; returned for tests.
    mutating func writeActive() -> Schedule {
        let start = season.start.adding(random.int(0...season.spread))
        let end = start.adding(random.pick([7, 7, 14, 14, 21, 30, 45, 60]) - 1)
        out.clause("active", "\(start.text) .. \(end.text)")
        currentActive = (start, end)
        return Schedule(start: start, end: end, weekdays: nil, hoursFrom: nil, formats: Assortment.storeFormats)
    }

    /// Optional weekdays, hours and store filter, each with the given chance.
    mutating func writeTimeAndPlace(_ schedule: inout Schedule, weekdays: Int, hours: Int, stores: Int) {
        if random.chance(weekdays) {
            let range = random.pick(Assortment.weekdayRanges)
            out.clause("weekdays", range.text)
            schedule.weekdays = range.days
            currentWeekdays = range.days
        }
        if random.chance(hours) {
            let range = random.pick(Assortment.hourRanges)
            out.clause("hours", range.text)
            schedule.hoursFrom = range.from
        }
        writeStores(&schedule, chance: stores)
    }

    mutating func writeStores(_ schedule: inout Schedule, chance: Int) {
        guard random.chance(chance) else { return }
        wroteStores = true
        if random.chance(75) {
            out.clause("stores", "format != \"Discounter\"" + regionCondition)
            schedule.formats = ["Supermarket", "Hypermarket", "Convenience"]
        } else {
            let format = random.pick(["Hypermarket", "Supermarket"])
            out.clause("stores", "format == \"\(format)\"" + regionCondition)
            schedule.formats = [format]
        }
    }

    mutating func pickAudience() -> String {
        switch random.weighted([35, 35, 15, 15]) {
        case 0:
            return random.pick(["vip", "students", "app_users", "card_holders", "frequent", "big_basket",
                                "coffee_lovers", "young_parents", "cat_owners", "big_app_moscow"])
        case 1:
            return random.pick(localSegments)
        case 2:
            return random.pick(["customer.card", "customer.app", "customer.app and customer.card"])
        default:
            // A condition continued on the next line, as marketers write longer ones.
            return "customer.card and customer.region == \"\(regionName)\"\n"
                + "           and customer.purchases(last \(random.pick([30, 60, 90])) days) >= \(random.int(2...6))"
        }
    }

    mutating func pickThreshold() -> Int {
        random.pick([300_00, 500_00, 500_00, 700_00, 1_000_00, 1_500_00, 2_000_00])
    }

    mutating func writeMessage(_ chance: Int, english: String, russian: String) {
        guard random.chance(chance) else { return }
        let target = random.pick(["slip", "slip", "slip", "cashier", "display"])
        out.clause("message", "\(target) \"\(random.chance(50) ? english : russian)\"")
    }

    // MARK: - Tests

    /// Plans a test for a promo whose effect on a plain receipt is known.
    mutating func planTest(promo: String, schedule: Schedule, lines: [(sku: Int, category: String?, price: Int, qty: Int)],
                           discount: Int) {
        guard tests.count < CampaignFile.maxTestsPerFile, random.chance(95) else { return }
        var day = schedule.start.adding(random.int(0...2))
        if day > schedule.end { day = schedule.start }
        if let weekdays = schedule.weekdays {
            while !weekdays.contains(day.weekday) { day = day.adding(1) }
        }
        let hour = schedule.hoursFrom.map { $0 + 1 } ?? random.int(9...20)
        let time = "\(pad2(hour)):\(random.pick(["05", "15", "30", "45"]))"
        let weekday = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][day.weekday]
        tests.append(TestPlan(name: "\(promo) on a \(weekday)", promo: promo, day: day, time: time,
                              format: random.pick(schedule.formats), lines: lines, discount: discount))
    }

    mutating func writeTests() {
        guard !tests.isEmpty else { return }
        out.blank()
        out.add("# Tests: one receipt per promo, inside its schedule.")
        for test in tests {
            out.blank()
            out.add("test \"\(test.name)\" {")
            let store = random.int(100...999)
            let customer = random.int(10_000_000...99_999_999)
            out.add("  receipt at \(test.day.text) \(test.time) store \(store) format \"\(test.format)\" customer \(customer) card")
            var lines = test.lines
            if random.chance(80) {
                // Other goods on the receipt that the promo leaves alone.
                let fillers: [(category: String, price: Int)] = [
                    ("Food/Bakery/Bread", 4_900), ("Drinks/Water", 3_900), ("Food/Vegetables/Potatoes", 6_900),
                    ("Household/Paper", 19_900), ("Food/Grocery/Salt", 2_900),
                ]
                for _ in 0..<random.int(1...3) {
                    let filler = random.pick(fillers)
                    lines.append((random.int(1_000...99_999), filler.category, filler.price, random.int(1...3)))
                }
            }
            for line in lines {
                let category = line.category.map { " category \"\($0)\"" } ?? ""
                out.add("  line sku \(line.sku)\(category) price \(money(line.price)) qty \(line.qty)")
            }
            out.add("  expect discount \(money(test.discount)) by \(test.promo)")
            out.add("}")
        }
        testCount = tests.count
    }
}
