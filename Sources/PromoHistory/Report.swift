import PromoVM

/// The figures of one promo (or of every promo together) over some receipts: the columns of the
/// seed platforms' "cash mechanics" analytics. Every figure is a sum, so the figures of disjoint
/// sets of customers add up to those of their union (shards, threads).
public struct PromoFigures: Sendable, Hashable {
    /// Receipts the promo applied to.
    public var receipts: Int64 = 0
    /// Units of the goods it discounted, in thousandths (a receipt whose lines it did not
    /// discount, a bonus or coupon promo, counts all its lines).
    public var units: Int64 = 0
    /// The final amount of those lines, minor units.
    public var turnover: Int64 = 0
    /// Identified customers (loyalty card holders) it applied to, each once.
    public var participants: Int64 = 0
    public var couponsIssued: Int64 = 0
    public var couponsApplied: Int64 = 0
    /// The discount it gave, minor units.
    public var discount: Int64 = 0
    /// Bonus accrued, minor units.
    public var bonus: Int64 = 0
    /// Chips accrued, whole.
    public var chips: Int64 = 0

    public init() {}

    public init(receipts: Int64, units: Int64, turnover: Int64, participants: Int64, couponsIssued: Int64,
                couponsApplied: Int64, discount: Int64, bonus: Int64, chips: Int64) {
        self.receipts = receipts
        self.units = units
        self.turnover = turnover
        self.participants = participants
        self.couponsIssued = couponsIssued
        self.couponsApplied = couponsApplied
        self.discount = discount
        self.bonus = bonus
        self.chips = chips
    }

    public var isZero: Bool { self == PromoFigures() }

    public mutating func add(_ o: PromoFigures) {
        receipts += o.receipts
        units += o.units
        turnover += o.turnover
        participants += o.participants
        couponsIssued += o.couponsIssued
        couponsApplied += o.couponsApplied
        discount += o.discount
        bonus += o.bonus
        chips += o.chips
    }

    /// `self - o`, figure by figure (a dry-run against its baseline).
    public func minus(_ o: PromoFigures) -> PromoFigures {
        PromoFigures(receipts: receipts - o.receipts, units: units - o.units, turnover: turnover - o.turnover,
                     participants: participants - o.participants, couponsIssued: couponsIssued - o.couponsIssued,
                     couponsApplied: couponsApplied - o.couponsApplied, discount: discount - o.discount,
                     bonus: bonus - o.bonus, chips: chips - o.chips)
    }
}

/// What the replayed receipts were, whatever the promos did.
public struct ScanFigures: Sendable, Hashable {
    /// Receipts replayed, and of them those of identified customers.
    public var receipts: Int64 = 0
    public var identifiedReceipts: Int64 = 0
    public var lines: Int64 = 0
    /// Distinct customers among them.
    public var customers: Int64 = 0
    /// The receipts' amounts before and after the promos, minor units.
    public var originalTotal: Int64 = 0
    public var finalTotal: Int64 = 0

    public init() {}

    public init(receipts: Int64, identifiedReceipts: Int64, lines: Int64, customers: Int64, originalTotal: Int64,
                finalTotal: Int64) {
        self.receipts = receipts
        self.identifiedReceipts = identifiedReceipts
        self.lines = lines
        self.customers = customers
        self.originalTotal = originalTotal
        self.finalTotal = finalTotal
    }

    public mutating func add(_ o: ScanFigures) {
        receipts += o.receipts
        identifiedReceipts += o.identifiedReceipts
        lines += o.lines
        customers += o.customers
        originalTotal += o.originalTotal
        finalTotal += o.finalTotal
    }
}

/// The figures of one promo set over the replayed receipts: per promo, per promo and day, per
/// promo and store, and over all promos together (`all`: a receipt any promo applied to counts
/// once, a customer any promo reached once).
public struct PromoSetReport: Sendable, Hashable {
    /// The promos of the bundle, in the bundle's order (those that never applied included).
    public var promos: [String] = []
    public var perPromo: [String: PromoFigures] = [:]
    public var all = PromoFigures()
    public var byDay: [LocalDate: [String: PromoFigures]] = [:]
    /// Over all promos, by day.
    public var allByDay: [LocalDate: PromoFigures] = [:]
    public var byStore: [Int64: [String: PromoFigures]] = [:]
    public var allByStore: [Int64: PromoFigures] = [:]

    public init(promos: [String] = []) { self.promos = promos }

    public mutating func add(_ o: PromoSetReport) {
        for p in o.promos where !promos.contains(p) { promos.append(p) }
        for (p, f) in o.perPromo { perPromo[p, default: PromoFigures()].add(f) }
        all.add(o.all)
        for (d, m) in o.byDay { for (p, f) in m { byDay[d, default: [:]][p, default: PromoFigures()].add(f) } }
        for (d, f) in o.allByDay { allByDay[d, default: PromoFigures()].add(f) }
        for (s, m) in o.byStore { for (p, f) in m { byStore[s, default: [:]][p, default: PromoFigures()].add(f) } }
        for (s, f) in o.allByStore { allByStore[s, default: PromoFigures()].add(f) }
    }
}

/// A dry-run's report: what was replayed and the figures of the promo set, and of the baseline
/// set when one was given. A shard's partial report has `shard` set; `promo report merge` adds
/// partials of the same run (same bundles, database and period) into the report of the whole.
public struct DryRunReport: Sendable, Hashable {
    /// The database file's name, the period asked for (nil: from the first or to the last
    /// receipt), and the days the replayed receipts span.
    public var database: String = ""
    public var from: LocalDate?
    public var to: LocalDate?
    public var firstDay: LocalDate?
    public var lastDay: LocalDate?
    /// The bundles' content hashes (hex), so that only partials of one run are merged.
    public var bundleHash: String = ""
    public var baselineHash: String?
    /// `(index, count)` of a shard's partial report; nil for a whole run.
    public var shard: (index: Int, count: Int)?
    /// The shards merged into this report (for a merged one: all `count` of them).
    public var shardsMerged: [Int] = []
    public var currency: String = ""
    public var decimals: Int = 2
    public var scan = ScanFigures()
    public var promoSet = PromoSetReport()
    public var baseline: PromoSetReport?

    public init() {}

    public static func == (a: DryRunReport, b: DryRunReport) -> Bool {
        a.database == b.database && a.from == b.from && a.to == b.to && a.firstDay == b.firstDay && a.lastDay == b.lastDay
            && a.bundleHash == b.bundleHash && a.baselineHash == b.baselineHash
            && a.shard?.index == b.shard?.index && a.shard?.count == b.shard?.count && a.shardsMerged == b.shardsMerged
            && a.currency == b.currency && a.decimals == b.decimals && a.scan == b.scan && a.promoSet == b.promoSet
            && a.baseline == b.baseline
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(bundleHash)
        hasher.combine(scan)
        hasher.combine(promoSet)
    }
}
