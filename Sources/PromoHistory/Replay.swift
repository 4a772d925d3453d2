import Dispatch
import Foundation
import GRDB
import GRDBSQLite
import PromoBytecode
import PromoVM
import Synchronization

/// What to replay: the period, a shift of the dates, the shard and the threads.
public struct ReplayOptions: Sendable {
    /// The first and last day replayed (after the shift); nil: from the first or to the last
    /// receipt. Receipts before `from` still give the customers' history figures.
    public var from: LocalDate?
    public var to: LocalDate?
    /// Days every receipt is moved by (a whole number of weeks keeps the weekdays): history
    /// replayed as if it happened when the promos run.
    public var shiftDays = 0
    /// `(index, count)`: only the customers of that shard (and anonymous receipts by receipt
    /// number); nil for all.
    public var shard: (index: Int, count: Int)?
    public var threads = 1
    /// Called now and then with the receipts replayed so far and the total expected.
    public var progress: (@Sendable (Int64, Int64) -> Void)?

    public init() {}
}

/// A promo set to replay: its bundle, and its promos by unit.
public struct ReplaySet: Sendable {
    public let bundle: LoadedBundle
    let promoUnits: [Int]

    public init(bundle: LoadedBundle) {
        self.bundle = bundle
        promoUnits = bundle.model.units.indices.filter { bundle.model.units[$0].kind == .promo }
    }

    var hash: String { bundle.contentHash.map { String($0, radix: 16).leftPadded(2) }.joined() }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}

/// Replays the history's receipts through one or two promo sets: each customer's receipts in
/// time order, their figures computed from the receipts before, their counters, uses, bonus and
/// chips carried from one receipt's result to the next. Customers are independent, so they are
/// split over threads (and shards) by number, and the figures, all sums, add up the same way
/// whatever the split.
public struct Replay: Sendable {
    public let database: HistoryDatabase
    public let main: ReplaySet
    public let baseline: ReplaySet?
    public let plan: FigurePlan

    public init(database: HistoryDatabase, main: ReplaySet, baseline: ReplaySet?, plan: FigurePlan) {
        self.database = database
        self.main = main
        self.baseline = baseline
        self.plan = plan
    }

    public func run(_ options: ReplayOptions) throws(HistoryError) -> DryRunReport {
        let shard = options.shard ?? (0, 1)
        let threads = max(1, options.threads)
        let progress = options.progress
        let total = progress == nil ? 0 : try expectedReceipts(options)
        let done = Counter()
        let finished = Atomic<Bool>(false)
        let reporter: Thread? = progress.map { report in
            let t = Thread {
                while !finished.load(ordering: .acquiring) {
                    report(done.value.load(ordering: .relaxed), total)
                    Thread.sleep(forTimeInterval: 0.2)
                }
            }
            t.start()
            return t
        }
        let replay = self
        let shares = ShareQueue(try partitions(shard: shard, shares: Replay.shares, options: options))
        let tallies = try shares.run(threads: threads) { () throws(HistoryError) in
            try Worker(replay: replay, options: options, done: done)
        } replay: { (worker: inout Worker, share: Partition) throws(HistoryError) in
            try worker.run(share)
        } result: { $0.tally }
        finished.store(true, ordering: .releasing)
        _ = reporter
        progress?(done.value.load(ordering: .relaxed), total)

        var report = DryRunReport()
        report.database = database.name
        report.from = options.from
        report.to = options.to
        report.bundleHash = main.hash
        report.baselineHash = baseline?.hash
        // (Shards are numbered from 1 in reports, as on the command line.)
        report.shard = options.shard.map { ($0.index + 1, $0.count) }
        report.currency = database.currency
        report.decimals = database.decimals
        report.promoSet = PromoSetReport(promos: main.promoUnits.map { main.bundle.name(ofUnit: $0) })
        if let baseline { report.baseline = PromoSetReport(promos: baseline.promoUnits.map { baseline.bundle.name(ofUnit: $0) }) }
        for tally in tallies {
            report.scan.add(tally.scan)
            report.promoSet.add(tally.sets[0].report(main))
            if let baseline { report.baseline!.add(tally.sets[1].report(baseline)) }
            if let d = tally.firstDay { report.firstDay = min(report.firstDay ?? d, d) }
            if let d = tally.lastDay { report.lastDay = max(report.lastDay ?? d, d) }
        }
        return report
    }

    /// The floor of a replay: the same rows read in the same order by the same threads, their
    /// columns read, nothing done with them. Gives the rows (lines) read and a checksum of their
    /// values (so that the reading cannot be left out).
    public func scanOnly(_ options: ReplayOptions) throws(HistoryError) -> (rows: Int64, checksum: Int64) {
        let threads = max(1, options.threads)
        let shard = options.shard ?? (0, 1)
        let database = self.database
        let shares = ShareQueue(try partitions(shard: shard, shares: Replay.shares, options: options))
        struct Floor { let queue: DatabaseQueue; var rows: Int64 = 0, checksum: Int64 = 0 }
        let counts = try shares.run(threads: threads) { () throws(HistoryError) in
            Floor(queue: try database.connection())
        } replay: { (floor: inout Floor, share: Partition) throws(HistoryError) in
            let queue = floor.queue
            let (n, sum) = try HistoryDatabase.mapping(database.name) {
                try queue.read { db throws -> (Int64, Int64) in
                    var n: Int64 = 0, sum: Int64 = 0, id: Int64?
                    for statements in try Worker.statements(db, partition: share, options: options) {
                        let r = statements.receipts.sqliteStatement, s = statements.lines.sqliteStatement
                        while sqlite3_step(s) == SQLITE_ROW {
                            n += 1
                            for i in Int32(0)..<5 { sum &+= sqlite3_column_int64(s, i) }
                            // A new receipt: its row read, as the replay reads it.
                            let receipt = sqlite3_column_int64(s, 0)
                            guard receipt != id else { continue }
                            id = receipt
                            guard Worker.step(r, to: receipt) else { throw HistoryError(file: database.name, "receipt \(receipt) not found") }
                            for i in Int32(0)..<8 where i < 3 || i > 6 { sum &+= sqlite3_column_int64(r, i) }
                            for i in Int32(3)...6 { sum &+= Int64(sqlite3_column_bytes(r, i)) + Int64(sqlite3_column_text(r, i)?.pointee ?? 0) }
                        }
                    }
                    return (n, sum)
                }
            }
            floor.rows += n
            floor.checksum &+= sum
        } result: { ($0.rows, $0.checksum) }
        return counts.reduce((Int64(0), Int64(0))) { ($0.0 + $1.0, $0.1 &+ $1.1) }
    }

    /// The number of shares a run (or a shard's run) is cut into (``ShareQueue``): enough that
    /// its threads finish within a small share's time of one another. The same for any number
    /// of threads, so that a run meets its shares, and any bad row in them, in the same order.
    /// (A share costs a few statements made and a seek.)
    static let shares = 256

    /// The `shares` shares of a run of shard `shard` (``Partition``).
    func partitions(shard: (index: Int, count: Int), shares: Int, options: ReplayOptions) throws(HistoryError) -> [Partition] {
        try database.read { db in try Partition.shares(db, shard: shard.index, of: shard.count, shares: shares, options: options) }
    }

    /// The receipts the period holds (for the progress bar), this shard's share of them.
    func expectedReceipts(_ options: ReplayOptions) throws(HistoryError) -> Int64 {
        let (from, to) = Replay.bounds(options)
        do {
            let queue = try database.connection()
            let n = try queue.read { db in
                try Int64.fetchOne(db, sql: "SELECT count(*) FROM receipts WHERE at >= ? AND at < ?", arguments: [from, to]) ?? 0
            }
            return n / Int64(options.shard?.count ?? 1)
        } catch let error as HistoryError {
            throw error
        } catch {
            throw HistoryError(file: database.name, "\(error)")
        }
    }

    /// The period as the database's texts (before the shift): `from ..< to`.
    static func bounds(_ options: ReplayOptions) -> (String, String) {
        let from = options.from.map { Calendar.date(dayNumber: Calendar.dayNumber($0) - options.shiftDays).description + " 00:00" } ?? ""
        let to = options.to.map { Calendar.date(dayNumber: Calendar.dayNumber($0) - options.shiftDays + 1).description + " 00:00" } ?? "9999"
        return (from, to)
    }
}

/// Receipts replayed so far, over every thread.
final class Counter: Sendable {
    let value = Atomic<Int64>(0)
}

/// What one thread found.
struct WorkerTally {
    var scan = ScanFigures()
    var sets: [SetTally]
    var firstDay: LocalDate?
    var lastDay: LocalDate?
}

/// The figures of one promo set as a thread adds them up, by unit number.
struct SetTally {
    let units: Int
    var perUnit: [PromoFigures]
    var all = PromoFigures()
    /// The figures by day (day numbers) and by store (store numbers).
    var byDay: KeyedFigures<Int>
    var byStore: KeyedFigures<Int64>

    init(units: Int) {
        self.units = units
        perUnit = Array(repeating: PromoFigures(), count: units)
        byDay = KeyedFigures(units: units)
        byStore = KeyedFigures(units: units)
    }

    func report(_ set: ReplaySet) -> PromoSetReport {
        let bundle = set.bundle
        var r = PromoSetReport(promos: set.promoUnits.map { bundle.name(ofUnit: $0) })
        func named(_ figures: [PromoFigures]) -> [String: PromoFigures] {
            var out: [String: PromoFigures] = [:]
            for u in set.promoUnits where !figures[u].isZero { out[bundle.name(ofUnit: u)] = figures[u] }
            return out
        }
        for u in set.promoUnits { r.perPromo[bundle.name(ofUnit: u)] = perUnit[u] }
        r.all = all
        for (p, d) in byDay.keys.enumerated() {
            r.byDay[Calendar.date(dayNumber: d)] = named(byDay.figures(at: p))
            r.allByDay[Calendar.date(dayNumber: d)] = byDay.all[p]
        }
        for (p, store) in byStore.keys.enumerated() {
            r.byStore[store] = named(byStore.figures(at: p))
            r.allByStore[store] = byStore.all[p]
        }
        return r
    }
}

/// Figures by a key (a day, a store), each key with a place: its figures by unit are
/// `byUnit[place * units ..< (place + 1) * units]` and over all units `all[place]`. A receipt
/// finds its key's place once, not once a figure.
struct KeyedFigures<Key: BinaryInteger & Hashable & Sendable>: Sendable {
    let units: Int
    private var places: [Key: Int] = [:]
    private(set) var keys: [Key] = []
    var byUnit: [PromoFigures] = []
    var all: [PromoFigures] = []
    /// While the keys lie within ``KeyedFigures/denseSpan`` of each other (days of a few
    /// years, store numbers), each key's place + 1 at `dense[key - base]`, 0 for none: found
    /// without hashing.
    private var dense: [Int32] = []
    private var base = 0
    static var denseSpan: Int { 1 << 16 }

    init(units: Int) { self.units = units }

    /// The place of `key`, made when it has none yet.
    @inline(__always)
    mutating func place(_ key: Key) -> Int {
        // (The distance from `base` as an unsigned number: exact for any key at or above it,
        // and past the table for any below.)
        let i = UInt64(bitPattern: Int64(truncatingIfNeeded: key) &- Int64(base))
        if i < UInt64(dense.count) && dense[Int(i)] != 0 { return Int(dense[Int(i)]) - 1 }
        return slowPlace(key)
    }

    private mutating func slowPlace(_ key: Key) -> Int {
        if let p = places[key] { return p }
        places[key] = keys.count
        keys.append(key)
        byUnit.append(contentsOf: repeatElement(PromoFigures(), count: units))
        all.append(PromoFigures())
        // (A key is new a few hundred times a run: the table is made again each time.)
        // (Numbers far apart, however far, give no table.)
        if let low = keys.min(), let high = keys.max(),
           case let (span, overflow) = Int64(high).subtractingReportingOverflow(Int64(low)), !overflow, span < KeyedFigures.denseSpan {
            base = Int(low)
            dense = Array(repeating: 0, count: Int(high) - base + 1)
            for (p, k) in keys.enumerated() { dense[Int(k) - base] = Int32(p + 1) }
        } else {
            dense = []
        }
        return keys.count - 1
    }

    /// The figures by unit at place `p`.
    func figures(at p: Int) -> [PromoFigures] { Array(byUnit[p * units ..< (p + 1) * units]) }
}

/// A customer's state under one promo set, carried from receipt to receipt: counters, uses,
/// bonus and chips, and which promos already counted the customer as a participant.
struct CarriedState {
    var counters: [String: Int64] = [:]
    /// The units' names, by unit number (``Customer/usage`` is by name).
    let names: [String]
    /// Per unit number: the days and amounts of its uses (empty for a unit not used).
    /// (`month` counts months from year 0: the year and month of `day` in one number.)
    var uses: [[UseEvent]]
    /// The units with uses, in the order of their first.
    var usedUnits: [Int] = []
    var lots: [(activates: Int, expires: Int?, points: Int64)] = []
    var redeemed: Int64 = 0
    var chips: Int64 = 0
    var reached: [Bool]
    var anyReached = false
    var reachedDay: [Int]
    var anyReachedDay = Int.min
    /// Per store place (``KeyedFigures/place(_:)``) and unit, then over all units (place ×
    /// (units + 1) + unit, the last for all): the number of the customer who was last counted
    /// as a participant there. A customer's number is new with each ``reset()``, so that a
    /// mark left by the one before counts for nothing, and nothing needs clearing.
    var storeMarks: [Int] = []
    var customerNumber = 1
    /// ``cachedUsage(day:)`` as last made, for the day it was made for (`Int.min`: to be made
    /// anew), and the unit of each of its entries, in the table's order.
    var usageCache: [String: Usage] = [:]
    var cacheUnits: [Int] = []
    var usageDay = Int.min

    typealias UseEvent = (day: Int, month: Int, uses: Int64, units: Int64)

    init(names: [String]) {
        self.names = names
        let units = names.count
        uses = Array(repeating: [], count: units)
        reached = Array(repeating: false, count: units)
        reachedDay = Array(repeating: Int.min, count: units)
    }

    mutating func reset() {
        counters.removeAll(keepingCapacity: true)
        for u in usedUnits { uses[u].removeAll(keepingCapacity: true) }
        usedUnits.removeAll(keepingCapacity: true)
        lots.removeAll(keepingCapacity: true)
        redeemed = 0
        chips = 0
        for i in reached.indices {
            reached[i] = false
            reachedDay[i] = Int.min
        }
        anyReached = false
        anyReachedDay = Int.min
        customerNumber += 1
        usageCache.removeAll(keepingCapacity: true)
        usageDay = Int.min
    }

    /// The year and month of a date as one number: months since year 0.
    static func month(_ d: LocalDate) -> Int { d.year * 12 + d.month - 1 }

    /// The uses of each unit before a receipt on `day` (this day, week from Monday to Sunday,
    /// month, year and ever), by the unit's name. Made once for a day and kept until a use is
    /// added; its values are replaced in place, and a unit is added to it once, when first used
    /// (no table made anew, no name hashed but a new one's).
    mutating func cachedUsage(day: Int) -> [String: Usage] {
        guard day != usageDay else { return usageCache }
        usageDay = day
        guard !usedUnits.isEmpty else { return usageCache }
        if usageCache.count < usedUnits.count {
            // (The units in the table are the first used: units are only ever added.) Adding
            // may move the entries: the unit of each is found again.
            for u in usedUnits[usageCache.count...] { usageCache[names[u]] = Usage() }
            cacheUnits.removeAll(keepingCapacity: true)
            for name in usageCache.keys {
                for u in usedUnits where names[u] == name {
                    cacheUnits.append(u)
                    break
                }
            }
        }
        let (month, monday) = CarriedState.calendar(day)
        var i = usageCache.startIndex, j = 0
        while i != usageCache.endIndex {
            usageCache.values[i] = CarriedState.usage(of: uses[cacheUnits[j]], day: day, month: month, monday: monday)
            usageCache.formIndex(after: &i)
            j += 1
        }
        return usageCache
    }

    /// The month (``month(_:)``) and the Monday of day `day`.
    static func calendar(_ day: Int) -> (month: Int, monday: Int) {
        (month(Calendar.date(dayNumber: day)), day - Calendar.weekday(dayNumber: day))
    }

    func balance(start: Int64, day: Int) -> Int64 {
        var b = start - redeemed
        for lot in lots where lot.activates <= day && (lot.expires.map { day < $0 } ?? true) { b += lot.points }
        return max(0, b)
    }

    /// One unit's uses before a receipt on `day`, of `month` (``month(_:)``), in the week from
    /// `monday`.
    static func usage(of events: [UseEvent], day: Int, month: Int, monday: Int) -> Usage {
        var u = Usage()
        for e in events {
            u.lifetime += e.uses
            u.unitsLifetime += e.units
            if e.month / 12 == month / 12 {
                u.year += e.uses
                u.unitsYear += e.units
                if e.month == month {
                    u.month += e.uses
                    u.unitsMonth += e.units
                }
            }
            if e.day >= monday {
                u.week += e.uses
                u.unitsWeek += e.units
            }
            if e.day == day {
                u.day += e.uses
                u.unitsDay += e.units
            }
        }
        return u
    }
}

/// One thread's replay of the shares it takes (``ShareQueue``): its tally is the sum of theirs.
struct Worker {
    let replay: Replay
    let options: ReplayOptions
    let done: Counter
    let queue: DatabaseQueue
    let file: String
    var evaluators: [Evaluator]
    var sets: [ReplaySet]
    var tally: WorkerTally
    var carried: [CarriedState]
    var history: CustomerHistory
    /// The catalogue's products as the VM's lines need them (no name: evaluation does not read
    /// it), with the `bought` sets each is in. The lines borrow their texts (see ``Current``).
    var products: [CatalogueEntry] = []
    /// The catalogue's categories and brands, each once; none at place 0.
    var texts: [String?] = [nil]
    /// A product's place in ``products`` by SKU.
    var productIndex: [Int64: Int32] = [:]
    /// The same by SKU number (the place plus one, 0 for none), when the numbers are dense
    /// enough for a table (`denseBase` is the smallest): found without hashing, as every line
    /// looks its product up.
    var dense: [Int32] = []
    var denseBase: Int64 = 0
    /// The longest span of SKU numbers ``dense`` covers: 16 MiB of table at most.
    static let denseLimit: Int64 = 1 << 22
    /// The catalogue by SKU number itself (``CatalogueEntry/known`` false for the numbers no
    /// product has), when the numbers lie close enough for it (``directLimit``; `directBase`
    /// the smallest): a line finds its product in one look-up, not one for its place and one
    /// for the product, each a wait for memory.
    var direct: [CatalogueEntry] = []
    var directBase: Int64 = 0
    /// The longest span of SKU numbers ``direct`` covers: 16 MiB of table at most.
    static let directLimit: Int64 = 1 << 19

    /// A product as a line needs it, in 32 bytes: each line looks one up, at random, so the
    /// smaller the catalogue, the more of it stays in the processor's caches. (Its texts are
    /// places in ``texts``, a few hundred strings read again and again.)
    struct CatalogueEntry {
        var mask: UInt64
        var minPrice: Int64
        var category: UInt32
        var brand: UInt32
        var hasMinPrice: Bool
        var excise: Bool
        var weighed: Bool
        /// False for a hole of a table by SKU (``direct``): no product has that number.
        var known = true
    }
    /// Per set, whether each unit is a promo (read at every receipt: the thread's own, not the
    /// bundle's, whose counts both threads would write).
    let isPromo: [[Bool]]
    /// Per set, whether an evaluation reads the customer's usage of each unit
    /// (``LoadedBundle/readsUsage``): only those units' uses are carried (as ``isPromo``).
    let readsUsage: [[Bool]]
    /// The stores, with texts of their own (as ``isPromo``).
    let stores: [Int64: Store]
    /// The days read so far (``DayMemo``).
    var days = DayMemo()
    // Scratch of ``add(_:set:lines:day:store:identified:)``, by unit.
    var applied: [Int] = []
    var scratch: [PromoFigures] = []
    var marker: [Int] = []
    var isApplied: [Bool] = []

    init(replay: Replay, options: ReplayOptions, done: Counter) throws(HistoryError) {
        self.replay = replay
        self.options = options
        self.done = done
        queue = try replay.database.connection()
        file = replay.database.name
        sets = [replay.main] + (replay.baseline.map { [$0] } ?? [])
        isPromo = sets.map { set in set.bundle.model.units.map { $0.kind == .promo } }
        readsUsage = sets.map { set in set.bundle.readsUsage.map { $0 } }
        func own(_ s: String?) -> String? { s.map { String(decoding: Array($0.utf8), as: UTF8.self) } }
        stores = Dictionary(uniqueKeysWithValues: replay.database.stores.map { id, s in
            (id, Store(id: s.id, format: own(s.format), region: own(s.region), city: own(s.city), groups: s.groups.map { own($0)! }))
        })
        // The report reads only what applied: promos turned away are not traced.
        evaluators = sets.map {
            var evaluator = Evaluator(bundle: $0.bundle)
            evaluator.traceDetail = .applied
            return evaluator
        }
        tally = WorkerTally(sets: sets.map { SetTally(units: $0.bundle.model.units.count) })
        carried = sets.map { set in CarriedState(names: set.bundle.model.units.indices.map { set.bundle.name(ofUnit: $0) }) }
        history = CustomerHistory(plan: replay.plan)
        let sorted = replay.database.products.values.sorted(by: { $0.sku < $1.sku })
        var places: [String: UInt32] = [:]
        func place(_ text: String?) -> UInt32 {
            guard let text else { return 0 }
            if let p = places[text] { return p }
            places[text] = UInt32(texts.count)
            texts.append(text)
            return UInt32(texts.count - 1)
        }
        for p in sorted {
            productIndex[p.sku] = Int32(products.count)
            products.append(CatalogueEntry(mask: replay.plan.mask(of: p), minPrice: p.minPrice ?? 0,
                                           category: place(p.category), brand: place(p.brand),
                                           hasMinPrice: p.minPrice != nil, excise: p.excise, weighed: p.weighed))
        }
        if let low = sorted.first?.sku, let high = sorted.last?.sku,
           case let (span, overflow) = high.subtractingReportingOverflow(low), !overflow, span < Worker.directLimit {
            directBase = low
            var hole = CatalogueEntry(mask: 0, minPrice: 0, category: 0, brand: 0, hasMinPrice: false, excise: false, weighed: false)
            hole.known = false
            direct = Array(repeating: hole, count: Int(span) + 1)
            for (k, p) in sorted.enumerated() { direct[Int(p.sku - low)] = products[k] }
        } else if let low = sorted.first?.sku, let high = sorted.last?.sku,
           case let (span, overflow) = high.subtractingReportingOverflow(low), !overflow, span < Worker.denseLimit {
            denseBase = low
            dense = Array(repeating: 0, count: Int(high - low) + 1)
            for (k, p) in sorted.enumerated() { dense[Int(p.sku - low)] = Int32(k + 1) }
        }
    }

    /// The place in ``products`` of `sku`, if the catalogue has it.
    @inline(__always)
    func product(_ sku: Int64) -> Int? {
        guard !dense.isEmpty else { return productIndex[sku].map(Int.init) }
        // (The distance from the base as an unsigned number, as ``KeyedFigures/place(_:)``.)
        let i = UInt64(bitPattern: sku &- denseBase)
        guard i < UInt64(dense.count) else { return nil }
        let k = Int(dense[Int(i)])
        return k == 0 ? nil : k - 1
    }

    /// The rows of a partition: its receipts, and their lines with the receipt's number, both
    /// in the same order (customer, time, number), read side by side. (One query joining the
    /// two would give every line its receipt's eight columns again: SQLite makes each row's
    /// columns whether they are read or not, and that was four tenths of its time.) The
    /// anonymous receipts of the period come first (no customer comes before every customer
    /// in that order), then the customers' receipts, all of them up to the period's end: their
    /// history is read from them. (With no end to the period, no receipt's time is compared
    /// with it: the customers' rows are found by their range in the index, their time is not.)
    static let anonymous = "WHERE r.customer IS NULL AND r.at >= ?1 AND r.at < ?2"
    static let identified = "WHERE r.customer >= ?1 AND r.customer <= ?2 AND r.at < ?3"
    static let identifiedEver = "WHERE r.customer >= ?1 AND r.customer <= ?2"
    static func receiptsSQL(_ filter: String) -> String {
        """
        SELECT r.id, r.customer, r.store, r.at, r.channel, r.coupons, r.codes, r.bonus_payment
        FROM receipts r
        \(filter)
        ORDER BY r.customer, r.at, r.id
        """
    }
    ///
    /// (A line's receipt number is read from the line, not from the receipt: SQLite keeps the
    /// line's columns at hand, while the receipt's number it would find again in the index
    /// entry for each line. Its position is not read: it is asked for only to name a line in
    /// an error, ``position(of:ordinal:in:)``.)
    static func linesSQL(_ filter: String) -> String {
        """
        SELECT l.receipt, l.sku, l.price, l.quantity, l.amount
        FROM receipts r JOIN lines l ON l.receipt = r.id
        \(filter)
        ORDER BY r.customer, r.at, r.id, l.position
        """
    }

    /// The receipts and lines statements of a partition, with their arguments set: the
    /// anonymous receipts', then the customers'. (Made once per connection, and set again for
    /// each share: GRDB makes a statement with what it reads of the schema, which costs more
    /// than a small share's rows.)
    static func statements(_ db: Database, partition: Partition, options: ReplayOptions) throws
        -> [(receipts: Statement, lines: Statement)] {
        let (_, to) = Replay.bounds(options)
        let anonymous: StatementArguments = [partition.anonymousFrom, partition.anonymousTo]
        let identified: (String, StatementArguments) = options.to == nil
            ? (Worker.identifiedEver, [partition.customerLow, partition.customerHigh])
            : (Worker.identified, [partition.customerLow, partition.customerHigh, to])
        return try [(Worker.anonymous, anonymous), identified].map { filter, arguments in
            let receipts = try db.cachedStatement(sql: receiptsSQL(filter)), lines = try db.cachedStatement(sql: linesSQL(filter))
            try receipts.setArguments(arguments)
            try lines.setArguments(arguments)
            return (receipts, lines)
        }
    }

    /// The position of the `ordinal`-th line (from 0) of receipt `id`, in position order, as
    /// the lines statement gives them; "?" if it cannot be read.
    static func position(of id: Int64, ordinal: Int, in db: Database) -> String {
        let sql = "SELECT position FROM lines WHERE receipt = ? ORDER BY position LIMIT 1 OFFSET ?"
        return ((try? Int64.fetchOne(db, sql: sql, arguments: [id, ordinal])) ?? nil).map(String.init) ?? "?"
    }

    /// Steps the receipts statement `r` to receipt `id` (receipts without lines, which the lines
    /// statement does not give, are passed over); false when it has no such receipt.
    static func step(_ r: OpaquePointer, to id: Int64) -> Bool {
        while sqlite3_step(r) == SQLITE_ROW {
            if sqlite3_column_int64(r, 0) == id { return true }
        }
        return false
    }

    /// Replays a share, adding its figures to ``tally``.
    mutating func run(_ share: Partition) throws(HistoryError) {
        let queue = self.queue
        try HistoryDatabase.mapping(file) { try queue.read { db throws in try self.scan(db, share) } }
    }

    /// The receipt being read: its number, customer, and the receipt the VM gets.
    ///
    /// Its lines are kept from receipt to receipt and filled again in place: the receipt's own
    /// are the first ``lineCount``, and the VM evaluates those only, so that the list stays as
    /// long as the longest receipt's (no line made or dropped as receipts grow and shrink).
    /// Their category and brand are borrowed from ``texts``: a line holds the catalogue's string
    /// without counting a reference to it (about 16 million references counted and dropped for
    /// 8 million lines otherwise). The catalogue outlives every receipt; the lines' texts are
    /// set to nil without releasing them (``returnTexts(from:of:)``) before the receipt goes, so
    /// no borrowed text is ever released.
    struct Current {
        var id: Int64 = 0
        var customer: Int64?
        /// The customer whose number, card and segments `receipt.customer` has.
        var customerSet: Int64?
        var store: Int64 = 0
        var day = 0
        var inPeriod = false
        /// The `bought` sets its products are in (``Worker/placeProducts(_:_:)``).
        var mask: UInt64 = 0
        /// The receipt's lines (read so far); `receipt.lines` beyond them are the last
        /// receipts' leftovers.
        var lineCount = 0
        var receipt = Receipt(date: LocalDate(year: 2000, month: 1, day: 1), minute: 0)
    }

    /// The days a scan has read, by their text (`YYYY-MM-DD`): a receipt's time is read as its
    /// day's number and date (moved by the shift) found again, and only its hour and minute
    /// read. (A history's receipts fall on a few hundred days, read again and again.)
    struct DayMemo {
        static let size = 1024
        /// The text of the day in each entry, its first 8 bytes and its last 2 (0 for none: no
        /// text of a day begins with a 0 byte).
        private var heads = [UInt64](repeating: 0, count: DayMemo.size)
        private var tails = [UInt16](repeating: 0, count: DayMemo.size)
        private var numbers = [Int](repeating: 0, count: DayMemo.size)
        private var dates = [LocalDate](repeating: LocalDate(year: 2000, month: 1, day: 1), count: DayMemo.size)

        /// `YYYY-MM-DD HH:MM` (or with a `T`) as the day's number and date, moved `shift` days,
        /// and the minute of the day; nil when it is not one.
        mutating func dayTime(_ p: UnsafeBufferPointer<UInt8>, shift: Int) -> (day: Int, date: LocalDate, minute: Int)? {
            guard let minute = HistoryDatabase.minuteOfDay(p) else { return nil }
            let raw = UnsafeRawPointer(p.baseAddress!)
            let head = raw.loadUnaligned(as: UInt64.self), tail = raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self)
            var h = (head ^ UInt64(tail) << 48) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 31
            let slot = Int(truncatingIfNeeded: h >> 54) & (DayMemo.size - 1)
            if heads[slot] == head && tails[slot] == tail { return (numbers[slot], dates[slot], minute) }
            guard let date = HistoryDatabase.date(p, at: 0) else { return nil }
            let day = Calendar.dayNumber(date) + shift
            heads[slot] = head
            tails[slot] = tail
            numbers[slot] = day
            dates[slot] = shift == 0 ? date : Calendar.date(dayNumber: day)
            return (day, dates[slot], minute)
        }
    }

    /// A line to be filled in place (a copy of it is cheaper than a line made anew).
    static let blankLine = Line(sku: 0, price: 0)

    /// Sets the borrowed texts of `current`'s lines from `first` on to nil without releasing them.
    static func returnTexts(from first: Int, of current: inout Current) {
        current.receipt.lines.withUnsafeMutableBufferPointer { lines in
            guard let base = lines.baseAddress else { return }
            for i in first..<lines.count {
                (base + i).pointer(to: \.category)!.initialize(to: nil)
                (base + i).pointer(to: \.brand)!.initialize(to: nil)
            }
        }
    }


    mutating func scan(_ db: Database, _ partition: Partition) throws {
        let phases = try Worker.statements(db, partition: partition, options: options)
        let profilesStatement = try db.cachedStatement(sql: HistoryDatabase.profilesSQL)
        try profilesStatement.setArguments([partition.customerLow, partition.customerHigh])
        let profiles = profilesStatement.sqliteStatement
        // (The statements are kept until the end: their SQLite statements are stepped here.)
        defer { withExtendedLifetime((phases, profilesStatement)) {} }
        var phase = 0
        var r = phases[0].receipts.sqliteStatement, s = phases[0].lines.sqliteStatement
        let fromDay = options.from.map(Calendar.dayNumber) ?? Int.min
        let toDay = options.to.map(Calendar.dayNumber) ?? Int.max

        var current = Current()
        var result = EvaluationResult()
        // (The lines' borrowed texts go back before the receipt does, however the scan ends.)
        defer { Worker.returnTexts(from: 0, of: &current) }
        var open = false
        var profile: CustomerProfile?
        var customerID: Int64?
        var channelCache: (bytes: [UInt8], text: String) = ([], "")
        var counted: Int64 = 0

        // (Texts are the receipt's, from the receipts statement.)
        func text(_ i: Int32) -> UnsafeBufferPointer<UInt8> {
            guard let p = sqlite3_column_text(r, i) else { return UnsafeBufferPointer(start: nil, count: 0) }
            return UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(r, i)))
        }
        func string(_ i: Int32) -> String { String(decoding: text(i), as: UTF8.self) }

        while true {
            let rc = sqlite3_step(s)
            if rc == SQLITE_DONE {
                phase += 1
                guard phase < phases.count else { break }
                r = phases[phase].receipts.sqliteStatement
                s = phases[phase].lines.sqliteStatement
                continue
            }
            guard rc == SQLITE_ROW else {
                throw HistoryError(file: file, String(cString: sqlite3_errmsg(sqlite3_db_handle(s))))
            }
            let id = sqlite3_column_int64(s, 0)
            if !open || id != current.id {
                if open {
                    try placeProducts(&current, db)
                    try finish(&current, profile, into: &result)
                    counted += 1
                    if counted & 1023 == 0 { done.value.add(1024, ordering: .relaxed) }
                }
                open = true
                // A new receipt: its columns from the receipts statement, in the same order.
                guard Worker.step(r, to: id) else {
                    throw HistoryError(file: file, "lines of receipt \(id) came without their receipt: "
                        + (sqlite3_errcode(sqlite3_db_handle(r)) == SQLITE_OK ? "was the history changed while it was read?"
                           : String(cString: sqlite3_errmsg(sqlite3_db_handle(r)))))
                }
                let customer: Int64? = sqlite3_column_type(r, 1) == SQLITE_NULL ? nil : sqlite3_column_int64(r, 1)
                if customer != customerID || customer == nil {
                    if let customer {
                        if customer != customerID {
                            profile = try nextProfile(profiles, customer)
                            history.reset()
                            for k in carried.indices { carried[k].reset() }
                            tally.scan.customers += 1
                        }
                    } else {
                        profile = nil
                    }
                    customerID = customer
                }
                current.id = id
                current.customer = customer
                let storeID = sqlite3_column_int64(r, 2)
                // (The store the last receipt had is kept: not looked up, nor its texts counted again.)
                if current.receipt.store.id != storeID {
                    guard let store = stores[storeID] else {
                        throw HistoryError(file: file, "receipts row \(id): unknown store \(storeID)")
                    }
                    current.receipt.store = store
                }
                current.store = storeID
                guard let (day, date, minute) = days.dayTime(text(3), shift: options.shiftDays) else {
                    throw HistoryError(file: file, "receipts row \(id): at \"\(string(3))\" is not a date and time (YYYY-MM-DD HH:MM)")
                }
                current.day = day
                current.inPeriod = current.day >= fromDay && current.day <= toDay
                current.receipt.date = date
                current.receipt.minute = minute
                let channel = text(4)
                if !channel.elementsEqual(channelCache.bytes) {
                    channelCache = (Array(channel), String(decoding: channel, as: UTF8.self))
                }
                current.receipt.channel = channel.isEmpty ? nil : channelCache.text
                current.receipt.coupons = text(5).isEmpty ? [] : HistoryDatabase.list(string(5))
                current.receipt.codes = text(6).isEmpty ? [] : HistoryDatabase.list(string(6))
                let bonus = sqlite3_column_int64(r, 7)
                guard bonus >= 0 else { throw HistoryError(file: file, "receipts row \(id): bonus_payment \(bonus) is below 0") }
                current.receipt.redeem = bonus > 0 ? bonus : nil
                current.lineCount = 0
            }
            // A line.
            let sku = sqlite3_column_int64(s, 1)
            let price = sqlite3_column_int64(s, 2), quantity = sqlite3_column_int64(s, 3), amount = sqlite3_column_int64(s, 4)
            // (The place, its position looked up, is named only for an error.)
            func at() -> String { "lines row (receipt \(id), position \(Worker.position(of: id, ordinal: current.lineCount, in: db)))" }
            guard quantity > 0 else { throw HistoryError(file: file, "\(at()): quantity \(quantity) is not above 0") }
            guard price >= 0 else { throw HistoryError(file: file, "\(at()): price \(price) is below 0") }
            guard amount >= 0 else { throw HistoryError(file: file, "\(at()): amount \(amount) is below 0") }
            let n = current.lineCount
            if n == current.receipt.lines.count { current.receipt.lines.append(Worker.blankLine) }
            current.receipt.lines.withUnsafeMutableBufferPointer { lines in
                let line = lines.baseAddress! + n
                line.pointee.sku = sku
                line.pointee.price = price
                line.pointee.quantity = quantity
                line.pointee.amount = amount
            }
            current.lineCount = n + 1
        }
        if open {
            try placeProducts(&current, db)
            try finish(&current, profile, into: &result)
            counted += 1
        }
        done.value.add(counted & 1023, ordering: .relaxed)
    }

    /// Gives the receipt's lines, read with their numbers only, what the catalogue says of
    /// their products, and the receipt the `bought` sets its products are in.
    ///
    /// (Once the receipt is read, not as each line is: a product is a look-up at random in
    /// tables larger than the processor's nearest caches, and the lines' look-ups, made one
    /// after another in a short loop, wait for memory together instead of one by one.)
    func placeProducts(_ current: inout Current, _ db: Database) throws(HistoryError) {
        let n = current.lineCount, id = current.id
        var mask: UInt64 = 0
        var unknown: Int?
        products.withUnsafeBufferPointer { products in
          direct.withUnsafeBufferPointer { direct in
            texts.withUnsafeBufferPointer { texts in
                current.receipt.lines.withUnsafeMutableBufferPointer { lines in
                    for i in 0..<n {
                        let line = lines.baseAddress! + i
                        let entry: UnsafePointer<CatalogueEntry>
                        // (An empty list's buffer may have an address all the same.)
                        if !direct.isEmpty, let d = direct.baseAddress {
                            // (The distance from the base as an unsigned number, as
                            // ``KeyedFigures/place(_:)``.)
                            let k = UInt64(bitPattern: line.pointee.sku &- directBase)
                            guard k < UInt64(direct.count), d[Int(k)].known else {
                                unknown = i
                                return
                            }
                            entry = d + Int(k)
                        } else {
                            guard let k = product(line.pointee.sku) else {
                                unknown = i
                                return
                            }
                            entry = products.baseAddress! + k
                        }
                        let product = entry
                        line.pointee.excise = product.pointee.excise
                        line.pointee.weighed = product.pointee.weighed
                        line.pointee.minPrice = product.pointee.hasMinPrice ? product.pointee.minPrice : nil
                        // Borrowed: the bits of the catalogue's strings, no reference counted (see
                        // ``Current``); what the line held was borrowed too.
                        UnsafeMutableRawPointer(line.pointer(to: \.category)!)
                            .copyMemory(from: texts.baseAddress! + Int(product.pointee.category), byteCount: MemoryLayout<String?>.size)
                        UnsafeMutableRawPointer(line.pointer(to: \.brand)!)
                            .copyMemory(from: texts.baseAddress! + Int(product.pointee.brand), byteCount: MemoryLayout<String?>.size)
                        mask |= product.pointee.mask
                    }
                }
            }
          }
        }
        if let i = unknown {
            throw HistoryError(file: file, "lines row (receipt \(id), position \(Worker.position(of: id, ordinal: i, in: db))): "
                + "unknown sku \(current.receipt.lines[i].sku)")
        }
        current.mask = mask
    }

    /// The profile of customer `id`, from the partition's profiles in number order (the receipts
    /// come in the same order).
    func nextProfile(_ profiles: OpaquePointer, _ id: Int64) throws(HistoryError) -> CustomerProfile {
        while true {
            let rc = sqlite3_step(profiles)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw HistoryError(file: file, String(cString: sqlite3_errmsg(sqlite3_db_handle(profiles)))) }
            let found = sqlite3_column_type(profiles, 0) == SQLITE_INTEGER ? sqlite3_column_int64(profiles, 0) : Int64.min
            if found == id { return try HistoryDatabase.profile(profiles, file: file) }
            if found > id { break }
        }
        throw HistoryError(file: file, "receipts: customer \(id) is not in the customers table")
    }

    /// A receipt read whole: replayed when in the period, then added to its customer's history.
    /// Its result is given in `result`, whose lists the evaluator takes in exchange and fills at
    /// the next receipt (``Evaluator/evaluate(at:lines:into:)``): no list copied, counted or
    /// made anew.
    mutating func finish(_ current: inout Current, _ profile: CustomerProfile?, into result: inout EvaluationResult) throws {
        let n = current.lineCount
        let amount = current.receipt.lines.withUnsafeBufferPointer { $0[..<n].reduce(Int64(0)) { $0 + ($1.amount ?? 0) } }
        if current.inPeriod {
            let date = current.receipt.date
            tally.firstDay = min(tally.firstDay ?? date, date)
            tally.lastDay = max(tally.lastDay ?? date, date)
            tally.scan.receipts += 1
            tally.scan.lines += Int64(current.lineCount)
            tally.scan.originalTotal += amount
            if let profile {
                tally.scan.identifiedReceipts += 1
                history.advance(to: current.day)
                // The customer is filled in place, receipt after receipt (a copy taken out and
                // put back would copy its facts each time). (Whether there is one, asked through
                // a field: comparing the optional with nil would copy it.)
                // (Its number, card and segments are set once a customer.)
                // (A new customer takes the last one's place: its facts are emptied, their lists
                // kept, not made again and grown fact by fact.)
                if current.receipt.customer?.card == nil {
                    current.receipt.customer = Customer(id: String(profile.id))
                    current.customerSet = nil
                }
                if current.customerSet != profile.id {
                    current.receipt.customer!.id = String(profile.id)
                    current.receipt.customer!.card = profile.card != nil
                    current.receipt.customer!.segments = profile.segments
                    current.receipt.customer!.facts.removeAll(keepingCapacity: true)
                    current.customerSet = profile.id
                }
                history.figures(profile, day: current.day, date: date, into: &current.receipt.customer!.facts)
            } else {
                current.receipt.customer = nil
            }
            for k in sets.indices {
                if let profile {
                    current.receipt.customer!.counters = carried[k].counters
                    // (Let go of the last receipt's table first, so that the cache's is not
                    // shared when it is brought up to date in place.)
                    current.receipt.customer!.usage = [:]
                    current.receipt.customer!.usage = carried[k].cachedUsage(day: current.day)
                    current.receipt.customer!.bonusBalance = carried[k].balance(start: profile.bonusBalance, day: current.day)
                    current.receipt.customer!.chips = carried[k].chips
                }
                do {
                    // (Read in place: passing the receipt would copy it.)
                    try withUnsafePointer(to: &current.receipt) { (p) throws(EvaluationError) in
                        try evaluators[k].evaluate(at: p, lines: current.lineCount, into: &result)
                    }
                } catch {
                    throw HistoryError(file: file, "receipts row \(current.id): \(error.field.isEmpty ? "" : error.field + ": ")\(error.message)")
                }
                if k == 0 { tally.scan.finalTotal += result.finalTotal }
                current.receipt.lines.withUnsafeBufferPointer { lines in
                    add(result, set: k, lines: lines, day: current.day, store: current.store, identified: profile != nil)
                }
                if profile != nil { carry(result, set: k, day: current.day) }
            }
        }
        if profile != nil { history.append(day: current.day, amount: amount, mask: current.mask) }
    }

    /// Adds a result's figures to set `k`'s tally: the receipt's `lines` (its own first, as the
    /// result's), on `day` in `store`. (Scratch arrays by unit, kept from receipt to receipt: no
    /// table is made per receipt. The receipt's lines in place: no receipt is copied.)
    mutating func add(_ r: EvaluationResult, set k: Int, lines: UnsafeBufferPointer<Line>, day: Int, store: Int64, identified: Bool) {
        applied.removeAll(keepingCapacity: true)
        for t in r.trace where t.applied && isPromo[k][t.unit] {
            applied.append(t.unit)
        }
        guard !applied.isEmpty else { return }
        let units = tally.sets[k].units
        if scratch.count < units {
            scratch = Array(repeating: PromoFigures(), count: units)
            marker = Array(repeating: -1, count: units)
            isApplied = Array(repeating: false, count: units)
        }
        for u in applied {
            scratch[u] = PromoFigures()
            scratch[u].receipts = 1
            marker[u] = -1
            isApplied[u] = true
        }
        var all = PromoFigures()
        all.receipts = 1
        var anyTouched = false
        // Lines each promo discounted (once per line, however many discounts it gave there),
        // and the whole receipt, for a promo that discounted no line (bonus, coupons,
        // messages). (Through the lists' buffers: no slice of the discounts made a line, no
        // storage checked a figure.)
        var wholeUnits: Int64 = 0, wholeMoney: Int64 = 0
        r.lines.withUnsafeBufferPointer { results in
            r.lineDiscounts.withUnsafeBufferPointer { discounts in
                scratch.withUnsafeMutableBufferPointer { scratch in
                    marker.withUnsafeMutableBufferPointer { marker in
                        isApplied.withUnsafeBufferPointer { isApplied in
                            for i in 0..<results.count {
                                let quantity = lines[i].quantity, final = results[i].finalAmount
                                var touched = false
                                for j in results[i].discountRange where isApplied[discounts[j].unit] {
                                    let u = discounts[j].unit
                                    scratch[u].discount += discounts[j].amount
                                    touched = true
                                    if marker[u] != i {
                                        marker[u] = i
                                        scratch[u].units += quantity
                                        scratch[u].turnover += final
                                    }
                                }
                                if touched {
                                    anyTouched = true
                                    all.units += quantity
                                    all.turnover += final
                                }
                                wholeUnits += quantity
                                wholeMoney += final
                            }
                        }
                    }
                }
            }
        }
        if !anyTouched {
            all.units = wholeUnits
            all.turnover = wholeMoney
        }
        for c in r.couponsIssued where isApplied[c.unit] { scratch[c.unit].couponsIssued += 1 }
        for c in r.couponsApplied where isApplied[c.unit] { scratch[c.unit].couponsApplied += 1 }
        for a in r.accruals where isApplied[a.unit] {
            if a.chips { scratch[a.unit].chips += a.points } else { scratch[a.unit].bonus += a.points }
        }
        for u in applied {
            if marker[u] == -1 {
                scratch[u].units = wholeUnits
                scratch[u].turnover = wholeMoney
            }
            all.couponsIssued += scratch[u].couponsIssued
            all.couponsApplied += scratch[u].couponsApplied
            all.discount += scratch[u].discount
            all.bonus += scratch[u].bonus
            all.chips += scratch[u].chips
        }
        // Participants: each customer once per promo in the totals, per day and per store.
        let dayPlace = tally.sets[k].byDay.place(day), storePlace = tally.sets[k].byStore.place(store)
        let marks = storePlace * (units + 1)
        if identified && carried[k].storeMarks.count < marks + units + 1 {
            carried[k].storeMarks.append(contentsOf: repeatElement(0, count: marks + units + 1 - carried[k].storeMarks.count))
        }
        let customer = carried[k].customerNumber
        for u in applied {
            var f = scratch[u]
            f.participants = 0
            var total = f, perDay = f, perStore = f
            if identified {
                if !carried[k].reached[u] { carried[k].reached[u] = true; total.participants = 1 }
                if carried[k].reachedDay[u] != day { carried[k].reachedDay[u] = day; perDay.participants = 1 }
                if carried[k].storeMarks[marks + u] != customer { carried[k].storeMarks[marks + u] = customer; perStore.participants = 1 }
            }
            tally.sets[k].perUnit[u].add(total)
            tally.sets[k].byDay.byUnit[dayPlace * units + u].add(perDay)
            tally.sets[k].byStore.byUnit[storePlace * units + u].add(perStore)
            isApplied[u] = false
        }
        var allTotal = all, allDay = all, allStore = all
        if identified {
            if !carried[k].anyReached { carried[k].anyReached = true; allTotal.participants = 1 }
            if carried[k].anyReachedDay != day { carried[k].anyReachedDay = day; allDay.participants = 1 }
            if carried[k].storeMarks[marks + units] != customer { carried[k].storeMarks[marks + units] = customer; allStore.participants = 1 }
        }
        tally.sets[k].all.add(allTotal)
        tally.sets[k].byDay.all[dayPlace].add(allDay)
        tally.sets[k].byStore.all[storePlace].add(allStore)
    }

    /// Carries a result into the customer's state under set `k`.
    mutating func carry(_ r: EvaluationResult, set k: Int, day: Int) {
        for c in r.counterChanges {
            let old = carried[k].counters[c.counter] ?? 0
            switch c.operation {
            case .add: carried[k].counters[c.counter] = old + c.value
            case .subtract: carried[k].counters[c.counter] = old - c.value
            case .set: carried[k].counters[c.counter] = c.value
            }
        }
        // (The uses of the units whose usage an evaluation reads; the others' are never asked.)
        for u in r.usage where readsUsage[k][u.unit] {
            if carried[k].uses[u.unit].isEmpty { carried[k].usedUnits.append(u.unit) }
            carried[k].uses[u.unit].append((day, CarriedState.month(Calendar.date(dayNumber: day)), u.uses, u.units))
            carried[k].usageDay = Int.min
        }
        for a in r.accruals {
            if a.chips {
                carried[k].chips += a.points
            } else {
                carried[k].lots.append((Calendar.dayNumber(a.activates), a.expires.map(Calendar.dayNumber), a.points))
            }
        }
        for c in r.chipsSpent { carried[k].chips -= c.chips }
        carried[k].redeemed += r.redeemed
    }
}
