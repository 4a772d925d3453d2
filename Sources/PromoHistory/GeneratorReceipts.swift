import GRDB

extension HistoryGenerator {
    /// Receipts per weekday, Monday first: the weekend is busiest.
    static let weekdayWeights = [100, 98, 102, 106, 125, 140, 118]
    /// Receipts per month, January first: December before the holidays is busiest.
    static let monthWeights = [90, 94, 100, 99, 102, 98, 100, 102, 99, 100, 104, 118]
    /// Receipts per hour of the day in stores open 8:00–23:00: the evening is busiest.
    static let dayHours = [0, 0, 0, 0, 0, 0, 0, 0, 30, 45, 55, 62, 70, 72, 65, 64, 72, 92, 110, 112, 92, 60, 28, 0]
    /// Receipts per hour in stores open around the clock.
    static let allDayHours = [6, 4, 3, 2, 2, 3, 8, 18, 30, 45, 55, 62, 70, 72, 65, 64, 72, 92, 110, 112, 92, 60, 38, 18]
    /// Orders per hour in the web shop and the app.
    static let onlineHours = [12, 8, 5, 4, 4, 5, 10, 20, 35, 45, 50, 55, 58, 60, 58, 58, 60, 70, 85, 100, 110, 100, 75, 35]

    /// Coupons presented at the till, with their weights: patterns and codes of the promo set
    /// (`HALF-*` dated by the day, `SALE50-*` numbered) and a stale one no promo takes.
    static let coupons: [(code: String, weight: Int)] = [
        ("HALF-", 35), ("SALE50-", 25), ("NEXT10", 14), ("CBEAN15", 8), ("CDISH5", 7), ("D-COMEBACK15", 6),
        ("FULL-2026", 5),
    ]
    /// Promo codes entered, with their weights; `WELCOME10` is one no promo takes.
    static let promoCodes: [(code: String, weight: Int)] = [("SUMMER", 40), ("SUN30", 35), ("SUMMER27", 10), ("WELCOME10", 15)]

    /// Receipt heads are sorted by a key: the minute of the period above bit 40, the head's
    /// number below.
    static let sequenceBits: UInt64 = 40

    /// Writes `receipts` and `lines` and returns the number of lines.
    func writeReceipts(_ db: Database, catalogue: Catalogue, shoppers: [Shopper], first: Int, last: Int) throws -> Int {
        let days = last - first + 1
        let total = options.receipts
        let identified = shoppers.isEmpty ? 0 : (total * 7 + 5) / 10

        // Day weights over the period, for rejection sampling.
        var dayWeights: [Int] = []
        var dayTexts: [String] = []
        var couponDates: [String] = []
        for offset in 0 ..< days {
            let date = Day.date(first + offset)
            var weight = Self.weekdayWeights[Day.weekday(first + offset)] * Self.monthWeights[date.month - 1]
            if date.month == 12 && date.day >= 27 { weight = weight * 3 / 2 }
            dayWeights.append(weight)
            dayTexts.append(Day.text(first + offset))
            couponDates.append(Day.digits(date.month, 2) + Day.digits(date.day, 2))
        }
        let heaviest = dayWeights.max() ?? 1
        let clock = (0 ..< 1440).map { Day.digits($0 / 60, 2) + ":" + Day.digits($0 % 60, 2) }
        let dayHours = Self.cumulative(Self.dayHours)
        let allDayHours = Self.cumulative(Self.allDayHours)
        let onlineHours = Self.cumulative(Self.onlineHours)

        let stores = catalogue.stores
        let offline = stores.indices.filter { !stores[$0].isOnline }
        let offlineTraffic = Self.cumulative(offline.map { stores[$0].traffic })
        var regionStores: [String: [Int]] = [:]
        for index in offline { regionStores[stores[index].region, default: []].append(index) }

        // Receipt heads: when, where, who. Sorted by time, they become receipts 1, 2, ….
        var random = Random(seed: options.seed, stream: 2)
        var keys: [UInt64] = []
        var storeOf: [Int32] = []
        var customerOf: [Int32] = []
        keys.reserveCapacity(total)
        storeOf.reserveCapacity(total)
        customerOf.reserveCapacity(total)

        func pickDay(_ from: Int, _ to: Int, _ random: inout Random) -> Int {
            var day = from
            for _ in 0 ..< 24 {
                day = from + random.below(to - from + 1)
                if random.below(heaviest) < dayWeights[day] { break }
            }
            return day
        }
        func addHead(day: Int, store: Int, customer: Int, _ random: inout Random) {
            let hours = stores[store].isOnline ? onlineHours : stores[store].allDay ? allDayHours : dayHours
            let minute = random.pick(hours) * 60 + random.below(60)
            keys.append(UInt64(day * 1440 + minute) << Self.sequenceBits | UInt64(keys.count))
            storeOf.append(Int32(store))
            customerOf.append(Int32(customer))
        }

        if identified > 0 {
            var expected: [Int] = []
            expected.reserveCapacity(shoppers.count)
            var sum = 0
            for shopper in shoppers {
                sum += Int(shopper.rate) * Int(shopper.to - shopper.from + 1)
                expected.append(sum)
            }
            var given = 0
            for (index, shopper) in shoppers.enumerated() {
                let upto = sum > 0 ? Int(UInt128(identified) * UInt128(expected[index]) / UInt128(sum)) : 0
                let count = upto - given
                given = upto
                let home = Int(shopper.home)
                let region = regionStores[stores[home].region] ?? [home]
                for _ in 0 ..< count {
                    let day = pickDay(Int(shopper.from), Int(shopper.to), &random)
                    var store = home
                    if shopper.online >= 0 && random.percent(shopper.app ? 14 : 4) {
                        store = Int(shopper.online)
                    } else {
                        let place = random.below(100)
                        if place >= 94 {
                            store = offline.isEmpty ? home : offline[random.pick(offlineTraffic)]
                        } else if place >= 80 {
                            store = random.element(region)
                        }
                    }
                    addHead(day: day, store: store, customer: index + 1, &random)
                }
            }
        }
        while keys.count < total && !offline.isEmpty {
            let day = pickDay(0, days - 1, &random)
            addHead(day: day, store: offline[random.pick(offlineTraffic)], customer: 0, &random)
        }
        keys.sort()

        // The receipts in time order, each with its basket.
        let receiptInsert = try Insert(db, """
            INSERT INTO receipts (id, store, at, customer, channel, coupons, codes, bonus_payment)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let lineInsert = try Insert(db, """
            INSERT INTO lines (receipt, position, sku, price, quantity, amount) VALUES (?, ?, ?, ?, ?, ?)
            """)
        var basket = Basket(catalogue: catalogue, seed: options.seed)
        var couponText = ""
        let couponWeights = Self.cumulative(Self.coupons.map(\.weight))
        let codeWeights = Self.cumulative(Self.promoCodes.map(\.weight))
        random = Random(seed: options.seed, stream: 3)
        var lineCount = 0
        let mask = (UInt64(1) << Self.sequenceBits) - 1
        for (index, key) in keys.enumerated() {
            let head = Int(key & mask)
            let minuteOfPeriod = Int(key >> Self.sequenceBits)
            let day = minuteOfPeriod / 1440, minute = minuteOfPeriod % 1440
            let store = stores[Int(storeOf[head])]
            let customer = Int(customerOf[head])
            let shopper: Shopper? = customer > 0 ? shoppers[customer - 1] : nil
            let id = index + 1

            basket.fill(store: store, customer: customer, pet: shopper?.pet ?? 0, hour: minute / 60, random: &random)
            var amount = 0
            for (position, line) in basket.lines.enumerated() {
                let item = catalogue.items[line.item]
                let cost = (item.price * line.quantity + 500) / 1000
                amount += cost
                lineInsert.set(1, id)
                lineInsert.set(2, position)
                lineInsert.set(3, item.sku)
                lineInsert.set(4, item.price)
                lineInsert.set(5, line.quantity)
                lineInsert.set(6, cost)
                try lineInsert.run()
            }
            lineCount += basket.lines.count

            let channel = store.isOnline ? (shopper?.app == true && random.percent(70) ? "app" : "web") : "pos"
            couponText.removeAll(keepingCapacity: true)
            if random.permille(store.isOnline ? 60 : 40) {
                let presented = random.permille(100) ? 2 : 1
                var previous = -1
                for _ in 0 ..< presented {
                    let choice = random.pick(couponWeights)
                    if choice == previous { continue }
                    previous = choice
                    if !couponText.isEmpty { couponText += "," }
                    let code = Self.coupons[choice].code
                    couponText += code == "HALF-" ? code + couponDates[day]
                        : code == "SALE50-" ? code + String(random.within(1000 ... 9999)) : code
                }
            }
            let codes = random.permille(store.isOnline ? 30 : 6) ? Self.promoCodes[random.pick(codeWeights)].code : ""
            var bonus = 0
            if customer > 0 && random.percent(7) {
                let cap = amount / 200
                if cap >= 1 { bonus = min(cap, random.within(50 ... 1500)) * 100 }
            }

            receiptInsert.set(1, id)
            receiptInsert.set(2, store.id)
            receiptInsert.set(3, dayTexts[day] + " " + clock[minute])
            receiptInsert.set(4, customer > 0 ? customer : nil)
            receiptInsert.set(5, channel)
            receiptInsert.set(6, couponText)
            receiptInsert.set(7, codes)
            receiptInsert.set(8, bonus)
            try receiptInsert.run()
        }
        return lineCount
    }

    /// The lines of one receipt: how many, which products (a customer's favourites now and
    /// then), and how much of each.
    struct Basket {
        struct Line {
            var item: Int
            var quantity: Int
        }

        let catalogue: Catalogue
        let seed: UInt64
        /// The product ranges of cat and dog goods, for pet owners' favourites.
        let petRanges: [[Range<Int>]]
        /// A product that is not excise goods, for a receipt whose every draw was.
        let plain: Int
        var lines: [Line] = []

        init(catalogue: Catalogue, seed: UInt64) {
            self.catalogue = catalogue
            self.seed = seed
            func ranges(_ paths: [String]) -> [Range<Int>] {
                paths.compactMap { catalogue.category($0).map { catalogue.ranges[$0] } }.filter { !$0.isEmpty }
            }
            petRanges = [[], ranges(["Pets/Cats/Food", "Pets/Cats/Litter", "Pets/Cats"]),
                         ranges(["Pets/Dogs/Food", "Pets/Treats", "Pets/Dogs"])]
            plain = catalogue.items.firstIndex { !$0.excise } ?? 0
            lines.reserveCapacity(40)
        }

        mutating func fill(store: Store, customer: Int, pet: UInt8, hour: Int, random: inout Random) {
            lines.removeAll(keepingCapacity: true)
            // Geometric number of lines with the store's mean, 1 to 40.
            let stop = 10_000 / max(store.meanLinesTenths, 10)
            var count = 1
            while true {
                if random.permille(stop) { break }
                count += 1
                if count > 40 { count = 1 }
            }
            // No alcohol online, nor from 23:00 to 8:00.
            let noExcise = store.isOnline || hour < 8 || hour >= 23
            for _ in 0 ..< count {
                var chosen = -1
                for _ in 0 ..< 4 {
                    let item = customer > 0 && random.percent(30)
                        ? favourite(customer, random.below(10), pet: pet) : random.pick(catalogue.demand)
                    if noExcise && catalogue.items[item].excise { continue }
                    chosen = item
                    break
                }
                guard chosen >= 0 else { continue }
                let item = catalogue.items[chosen]
                let quantity = item.weighed ? Self.grams(&random) : Self.pieces(price: item.price, &random)
                if let same = lines.firstIndex(where: { $0.item == chosen }) {
                    lines[same].quantity += quantity
                } else {
                    lines.append(Line(item: chosen, quantity: quantity))
                }
            }
            if lines.isEmpty {
                let item = catalogue.items[plain]
                lines.append(Line(item: plain, quantity: item.weighed ? Self.grams(&random) : 1000))
            }
        }

        /// The customer's favourite number `k` (0 …< 10): the same product on every visit.
        func favourite(_ customer: Int, _ k: Int, pet: UInt8) -> Int {
            var own = Random(seed: seed ^ 0xFA40_0817_E5, stream: UInt64(customer) &* 16 &+ UInt64(k))
            let ranges = petRanges[Int(min(pet, 2))]
            if k < 2 && !ranges.isEmpty {
                let range = ranges[own.below(ranges.count)]
                return range.lowerBound + own.below(range.count)
            }
            return own.pick(catalogue.demand)
        }

        /// A weighed quantity, grams (thousandths of a kilogram).
        static func grams(_ random: inout Random) -> Int {
            150 + random.below(600) + (random.percent(20) ? random.below(1200) : 0)
        }

        /// A piece quantity in thousandths: cheap goods go by several.
        static func pieces(price: Int, _ random: inout Random) -> Int {
            if price >= 500_000 { return 1000 }
            let roll = random.below(100)
            if price < 5000 {
                return (roll < 55 ? 1 : roll < 82 ? 2 : roll < 94 ? 3 : random.within(4 ... 8)) * 1000
            }
            return (roll < 80 ? 1 : roll < 93 ? 2 : roll < 98 ? 3 : random.within(4 ... 6)) * 1000
        }
    }
}
