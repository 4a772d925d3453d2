import PromoSemantics
import PromoVM

/// A window over a customer's history (stdlib/customer.promo): the days it covers for a receipt
/// on day `d`, as day numbers `lo ..< hi`. Every bound only grows with `d`, so a customer's
/// receipts in time order enter and leave a window once each.
enum WindowRange: Hashable {
    /// `last N days` (weeks are 7 days): `d - N ..< d`, ending the day before the receipt.
    case lastDays(Int)
    /// `last N months` (years are 12 months): from the same day N months before.
    case lastMonths(Int)
    case previousWeek
    case previousMonth
    /// Every receipt before this one, those earlier the same day too.
    case allTime

    init(_ window: Window) {
        switch window {
        case .allTime: self = .allTime
        case .previousCalendarWeek: self = .previousWeek
        case .previousCalendarMonth: self = .previousMonth
        case .last(let d):
            switch d.unit {
            case .days: self = .lastDays(Int(d.amount))
            case .weeks: self = .lastDays(Int(d.amount) * 7)
            case .months: self = .lastMonths(Int(d.amount))
            case .years: self = .lastMonths(Int(d.amount) * 12)
            // Shorter than a day: the days they reach into, at least the day before.
            case .hours: self = .lastDays(max(1, Int((d.amount + 23) / 24)))
            case .minutes: self = .lastDays(max(1, Int((d.amount + 1439) / 1440)))
            }
        }
    }

    /// `lo ..< hi` in day numbers for a receipt on day `d` (`hi` is `Int.max` for all time).
    func range(_ d: Int) -> (lo: Int, hi: Int) {
        switch self {
        case .lastDays(let n): return (d - n, d)
        case .lastMonths(let n):
            return (Calendar.dayNumber(Calendar.adding(months: -n, to: Calendar.date(dayNumber: d))), d)
        case .previousWeek:
            let monday = d - Calendar.weekday(dayNumber: d)
            return (monday - 7, monday)
        case .previousMonth:
            let date = Calendar.date(dayNumber: d)
            let first = Calendar.dayNumber(LocalDate(year: date.year, month: date.month, day: 1))
            let before = Calendar.adding(months: -1, to: LocalDate(year: date.year, month: date.month, day: 1))
            return (Calendar.dayNumber(before), first)
        case .allTime: return (Int.min, Int.max)
        }
    }
}

/// How one figure of the bundle's manifest is found from history.
enum FigureSource {
    case gender, age, birthday, region, city, registered, app, consentSMS, consentEmail, consentPush, rfm
    case purchases(window: Int)
    case spend(window: Int)
    case averageReceipt(window: Int)
    case daysSinceLastPurchase
    /// Item set `set` (a bit of each receipt's mask) bought in the window.
    case bought(set: Int, window: Int)
    /// The receipt carries it (card, bonus balance, chips): the replay fills the customer's.
    case receipt
    /// Not a figure history can give (one a promo file declares itself): absent.
    case unknown

    /// A figure of the customer's profile alone: the same on each of the customer's receipts.
    var isProfile: Bool {
        switch self {
        case .gender, .birthday, .region, .city, .registered, .app, .consentSMS, .consentEmail, .consentPush, .rfm: return true
        default: return false
        }
    }
}

/// The figures a bundle needs and how each is computed: the windows they read and the item
/// sets `bought` asks about (matched once per product).
public struct FigurePlan: Sendable {
    /// The manifest keys, in order (sorted, as the bundle lists them).
    public let keys: [String]
    let sources: [FigureSource]
    let windows: [WindowRange]
    /// `bought` item sets, at most 64: bit k of a product's mask is set k.
    let itemSets: [ItemSet]
    /// Figures no history gives, for a warning.
    public let unknown: [String]

    public init(facts: [Fact]) throws(HistoryError) {
        var keys: [String] = [], sources: [FigureSource] = [], windows: [WindowRange] = [], sets: [ItemSet] = []
        var unknown: [String] = []
        func window(_ arguments: [FactArgument]) -> Int? {
            for case .constant(.window(let w)) in arguments {
                let range = WindowRange(w)
                if let i = windows.firstIndex(of: range) { return i }
                windows.append(range)
                return windows.count - 1
            }
            return nil
        }
        for fact in facts {
            keys.append(fact.description)
            let w = window(fact.arguments)
            let source: FigureSource
            switch (fact.name, w) {
            case ("gender", _): source = .gender
            case ("age", _): source = .age
            case ("birthday", _): source = .birthday
            case ("region", _): source = .region
            case ("city", _): source = .city
            case ("registered", _): source = .registered
            case ("app", _): source = .app
            case ("consent_sms", _): source = .consentSMS
            case ("consent_email", _): source = .consentEmail
            case ("consent_push", _): source = .consentPush
            case ("rfm", _): source = .rfm
            case ("card", _), ("bonus_balance", _), ("chips", _): source = .receipt
            case ("days_since_last_purchase", _): source = .daysSinceLastPurchase
            case ("purchases", let w?): source = .purchases(window: w)
            case ("spend", let w?): source = .spend(window: w)
            case ("average_receipt", let w?): source = .averageReceipt(window: w)
            case ("bought", let w?):
                var found: ItemSet?
                for case .items(let set) in fact.arguments { found = set }
                guard let set = found else { source = .unknown; break }
                if let k = sets.firstIndex(of: set) {
                    source = .bought(set: k, window: w)
                } else {
                    guard sets.count < 64 else {
                        throw HistoryError(file: "", "more than 64 different item sets in `bought` figures; the dry-run computes at most 64")
                    }
                    sets.append(set)
                    source = .bought(set: sets.count - 1, window: w)
                }
            default: source = .unknown
            }
            if case .unknown = source { unknown.append(fact.description) }
            sources.append(source)
        }
        self.keys = keys
        self.sources = sources
        self.windows = windows
        self.itemSets = sets
        self.unknown = unknown
    }

    private init(keys: [String], sources: [FigureSource], windows: [WindowRange], itemSets: [ItemSet], unknown: [String]) {
        self.keys = keys
        self.sources = sources
        self.windows = windows
        self.itemSets = itemSets
        self.unknown = unknown
    }

    /// The plan with lists and keys of its own, new storage: a thread that reads it at every
    /// receipt counts no reference on another thread's (two cores writing the same count slow
    /// each other down).
    func ownCopy() -> FigurePlan {
        FigurePlan(keys: keys.map { String(decoding: Array($0.utf8), as: UTF8.self) }, sources: sources.map { $0 },
                   windows: windows.map { $0 }, itemSets: itemSets.map { $0 }, unknown: unknown)
    }

    /// The `bought` sets product `p` is in, as a mask.
    func mask(of p: Product) -> UInt64 {
        var mask: UInt64 = 0
        for (k, set) in itemSets.enumerated() where FigurePlan.contains(set, p) { mask |= 1 << UInt64(k) }
        return mask
    }

    /// Whether a product is in an item set: a category names its subcategories too.
    static func contains(_ set: ItemSet, _ p: Product) -> Bool {
        switch set {
        case .all: return true
        case .category(let c): return p.category == c || (p.category.hasPrefix(c) && p.category.dropFirst(c.count).first == "/")
        case .sku(let s): return p.sku == s
        case .brand(let b): return p.brand == b
        case .flag(let f): return (f == "excise" && p.excise) || (f == "weighed" && p.weighed)
        case .union(let parts): return parts.contains { contains($0, p) }
        case .intersection(let parts): return parts.allSatisfy { contains($0, p) }
        case .difference(let a, let b): return contains(a, p) && !contains(b, p)
        }
    }
}

/// One customer's history as the replay reaches it: the receipts before the current one (day,
/// amount, the `bought` sets they had), and per window the receipts inside it, kept up to date
/// as the days go by.
struct CustomerHistory {
    let plan: FigurePlan
    /// A receipt before the current one: its day, amount, and the `bought` sets it had.
    struct Entry {
        var day: Int
        var amount: Int64
        var mask: UInt64
    }
    private(set) var entries: [Entry] = []
    /// Per window: the receipts `lo ..< hi` inside it, and their amount.
    struct Window {
        var lo = 0
        var hi = 0
        var sum: Int64 = 0
    }
    private var windows: [Window]
    /// Per window and `bought` set (`w × sets + set`): how many of the window's receipts had it.
    private var bought: [Int32]
    /// Each window's days for a receipt on a day, worked out once a day and kept (customers
    /// come one after another, and their receipts fall on the same few hundred days): the
    /// place in `dayRanges` of a day's, one range a window.
    private var dayPlaces: [Int: Int] = [:]
    private var dayRanges: [(lo: Int, hi: Int)] = []

    init(plan: FigurePlan) {
        self.plan = plan.ownCopy()
        windows = Array(repeating: Window(), count: plan.windows.count)
        bought = Array(repeating: 0, count: plan.windows.count * max(1, plan.itemSets.count))
    }

    /// Starts another customer.
    mutating func reset() {
        entries.removeAll(keepingCapacity: true)
        for w in windows.indices { windows[w] = Window() }
        for i in bought.indices { bought[i] = 0 }
    }

    /// Adds a receipt after it was replayed (receipts come in time order).
    mutating func append(day: Int, amount: Int64, mask: UInt64) {
        entries.append(Entry(day: day, amount: amount, mask: mask))
    }

    /// Moves every window to a receipt on day `d`.
    mutating func advance(to d: Int) {
        let sets = plan.itemSets.count
        let place: Int
        if let p = dayPlaces[d] {
            place = p
        } else {
            place = dayRanges.count
            dayPlaces[d] = place
            for window in plan.windows { dayRanges.append(window.range(d)) }
        }
        // (Through the lists' buffers: each checked once for its own storage, not once a
        // receipt and window.)
        dayRanges.withUnsafeBufferPointer { ranges in
            entries.withUnsafeBufferPointer { entries in
                windows.withUnsafeMutableBufferPointer { windows in
                    bought.withUnsafeMutableBufferPointer { bought in
                        for w in 0..<windows.count {
                            let (from, to) = ranges[place + w]
                            var window = windows[w]
                            // Receipts come into the window at its end, and leave it at its start.
                            while window.hi < entries.count && entries[window.hi].day < to {
                                let e = entries[window.hi]
                                window.sum += e.amount
                                var m = e.mask
                                while m != 0 {
                                    bought[w * sets + m.trailingZeroBitCount] += 1
                                    m &= m - 1
                                }
                                window.hi += 1
                            }
                            while window.lo < window.hi && entries[window.lo].day < from {
                                let e = entries[window.lo]
                                window.sum -= e.amount
                                var m = e.mask
                                while m != 0 {
                                    bought[w * sets + m.trailingZeroBitCount] -= 1
                                    m &= m - 1
                                }
                                window.lo += 1
                            }
                            windows[w] = window
                        }
                    }
                }
            }
        }
    }

    /// The customer's figures for a receipt on day `d` (after ``advance(to:)``), into `facts`
    /// in the plan's key order. `facts` is empty, or holds this customer's figures for an
    /// earlier receipt.
    func figures(_ profile: CustomerProfile, day d: Int, date: LocalDate, into facts: inout Facts) {
        let sets = plan.itemSets.count
        // The facts are the plan's keys (its own strings) in its order, each with a value: a
        // key the last receipt had too is where this one's goes, and only its value is set; a
        // key without a value now is taken out, a key that had none is put in, and the rest
        // stay where they are. (Averages and days since the last purchase come and go from
        // receipt to receipt.)
        var placed = 0
        for (k, source) in plan.sources.enumerated() {
            let here = placed < facts.count && CustomerHistory.identical(facts.keys[placed], plan.keys[k])
            // A figure of the profile that is there already is this customer's, as it was.
            if source.isProfile && here {
                placed += 1
                continue
            }
            let value: FactValue?
            switch source {
            case .gender: value = profile.gender.map { .text($0) }
            case .age:
                value = profile.birthDate.map { b in
                    var years = date.year - b.year
                    if (date.month, date.day) < (b.month, b.day) { years -= 1 }
                    return .number(Int64(max(0, years)))
                }
            case .birthday: value = profile.birthDate.map { .date($0) }
            case .region: value = profile.region.map { .text($0) }
            case .city: value = profile.city.map { .text($0) }
            case .registered: value = .date(profile.registered)
            case .app: value = .bool(profile.app)
            case .consentSMS: value = .bool(profile.consentSMS)
            case .consentEmail: value = .bool(profile.consentEmail)
            case .consentPush: value = .bool(profile.consentPush)
            case .rfm: value = profile.rfm.map { .text($0) }
            case .purchases(let w): value = .number(Int64(windows[w].hi - windows[w].lo))
            case .spend(let w): value = .number(windows[w].sum)
            case .averageReceipt(let w):
                let n = Int64(windows[w].hi - windows[w].lo)
                value = n > 0 ? .number(windows[w].sum / n) : nil
            case .daysSinceLastPurchase: value = entries.last.map { .number(Int64(d - $0.day)) }
            case .bought(let set, let w): value = .bool(bought[w * sets + set] > 0)
            case .receipt, .unknown: value = nil
            }
            guard let value else {
                if here { facts.remove(at: placed) }
                continue
            }
            if here {
                facts.setValue(value, at: placed)
            } else {
                facts.insert(inOrder: plan.keys[k], value, at: placed)
            }
            placed += 1
        }
        facts.keepFirst(placed)
    }

    /// Whether two strings are the same value in memory (the same storage, or the same small
    /// string): true only for the same text.
    @inline(__always)
    static func identical(_ a: String, _ b: String) -> Bool {
        guard MemoryLayout<String>.size == 16 else { return a == b }
        return unsafeBitCast(a, to: (UInt64, UInt64).self) == unsafeBitCast(b, to: (UInt64, UInt64).self)
    }
}
