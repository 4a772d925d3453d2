import GRDB

extension HistoryGenerator {
    /// How a customer shops over the period: the days they come (`from` … `to`, day offsets in
    /// the period; a churning customer stops early, a newcomer starts on registering), how
    /// often, and where.
    struct Shopper {
        var from: Int32
        var to: Int32
        /// Visits per thousand days.
        var rate: Int32
        /// Index of the home store in the catalogue's stores.
        var home: Int32
        /// Index of the online store of the customer's region.
        var online: Int32
        var app: Bool
        /// 0: no pet, 1: a cat, 2: a dog.
        var pet: UInt8
    }

    /// The visiting habits: share of customers in percent, visits per thousand days.
    static let habits: [(share: Int, rate: Int)] = [(22, 120), (40, 30), (28, 10), (10, 3)]

    /// The RFM classes the CRM would give each habit (`habits` order), then a churned customer's.
    static let rfmClasses: [[String]] = [
        ["champions", "loyal"], ["loyal", "potential", "at_risk"], ["potential", "at_risk", "hibernating"],
        ["hibernating", "lost"], ["at_risk", "hibernating", "lost"],
    ]

    /// Writes `customers` and returns each one's habits (index: id − 1).
    func writeCustomers(_ db: Database, catalogue: Catalogue, first: Int, last: Int) throws -> [Shopper] {
        let days = last - first + 1
        var random = Random(seed: options.seed, stream: 1)
        let offline = catalogue.stores.indices.filter { !catalogue.stores[$0].isOnline }
        let offlineTraffic = Self.cumulative(offline.map { catalogue.stores[$0].traffic })
        let fallbackOnline = catalogue.stores.firstIndex { $0.isOnline } ?? -1
        var onlineByRegion: [String: Int] = [:]
        for (index, store) in catalogue.stores.enumerated() where store.isOnline && onlineByRegion[store.region] == nil {
            onlineByRegion[store.region] = index
        }
        let habitShares = Self.cumulative(Self.habits.map(\.share))
        let oldest = Day.number(year: 2014, month: 1, day: 1)

        let insert = try Insert(db, """
            INSERT INTO customers (id, card, gender, birth_date, region, city, registered, app, consent_sms,
                consent_email, consent_push, rfm, segments, bonus_balance)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var shoppers: [Shopper] = []
        shoppers.reserveCapacity(options.customers)
        var segments: [String] = []
        for id in stride(from: 1, through: options.customers, by: 1) {
            // Joined long ago, or (9%) during the period.
            let newcomer = random.percent(9)
            let registered = newcomer ? first + random.below(days)
                : (oldest < first ? oldest + random.below(first - oldest) : first - 1 - random.below(365))
            let habit = random.pick(habitShares)
            let rate = Self.habits[habit].rate * (50 + random.below(101)) / 100
            let from = max(0, registered - first)
            var to = days - 1
            let churned = !newcomer && random.percent(15)
            if churned { to = days * 3 / 10 + random.below(max(1, days * 6 / 10)) }
            to = max(to, from)

            let home = offline.isEmpty ? 0 : offline[random.pick(offlineTraffic)]
            let store = catalogue.stores[home]
            let online = onlineByRegion[store.region] ?? fallbackOnline
            let located = !random.percent(5)
            let sex = random.below(100)
            let gender: String? = sex < 55 ? "female" : sex < 93 ? "male" : nil
            var age: Int?
            if !random.percent(9) {
                let bucket = random.below(100)
                age = bucket < 20 ? random.within(18 ... 29) : bucket < 55 ? random.within(30 ... 44)
                    : bucket < 80 ? random.within(45 ... 59) : random.within(60 ... 85)
            }
            let birth = age.map { Day.text(last - $0 * 365 - random.below(365)) }
            let app = random.percent(age.map { $0 < 45 ? 48 : 22 } ?? 35)
            let sms = random.percent(62), email = random.percent(48), push = app && random.percent(75)
            let pet: UInt8 = random.percent(12) ? (random.percent(60) ? 1 : 2) : 0

            var rfm: String?
            if !random.percent(8) {
                rfm = newcomer ? (random.percent(70) ? "new" : "potential")
                    : random.element(Self.rfmClasses[churned ? 4 : habit])
            }
            segments.removeAll(keepingCapacity: true)
            if random.percent(habit == 0 ? 8 : 1) { segments.append("VIP") }
            if random.percent(4) { segments.append("Important") }
            if random.percent(habit == 0 ? 20 : habit == 1 ? 6 : 1) { segments.append("Gold") }
            if pet != 0 && random.percent(pet == 2 ? 50 : 25) { segments.append("PetClub") }
            if random.percent(1) { segments.append("Staff") }
            if let age, age < 25, random.percent(40) { segments.append("Students") }
            if let age, age >= 60, random.percent(60) { segments.append("Pensioners") }
            let tier = random.below(100)
            let balance = tier < 20 ? 0 : tier < 75 ? random.within(10 ... 1500) * 100
                : tier < 96 ? random.within(1500 ... 6000) * 100 : random.within(6000 ... 25000) * 100

            insert.set(1, id)
            insert.set(2, "27" + Day.digits((id * 7919 + 1_234_567) % 100_000_000_000, 11))
            insert.set(3, gender)
            insert.set(4, birth)
            insert.set(5, located ? store.region : nil)
            insert.set(6, located ? store.city : nil)
            insert.set(7, Day.text(registered))
            insert.set(8, app ? 1 : 0)
            insert.set(9, sms ? 1 : 0)
            insert.set(10, email ? 1 : 0)
            insert.set(11, push ? 1 : 0)
            insert.set(12, rfm)
            insert.set(13, segments.joined(separator: ","))
            insert.set(14, balance)
            try insert.run()
            shoppers.append(Shopper(from: Int32(from), to: Int32(to), rate: Int32(rate), home: Int32(home),
                                    online: Int32(online), app: app, pet: pet))
        }
        return shoppers
    }
}
