/// A receipt to evaluate, with what the loyalty server knows about its customer.
///
/// Money is in minor units of the bundle's currency (kopecks), quantities in thousandths of a
/// unit (a piece, a kilogram, a litre), percents in millionths.
public struct Receipt: Sendable, Hashable {
    /// The receipt's local date and time.
    public var date: LocalDate
    public var minute: Int
    public var store: Store
    /// `pos`, `sco`, `web`, `app` or `delivery`; nil for unknown.
    public var channel: String?
    public var customer: Customer?
    /// Coupon codes presented.
    public var coupons: [String]
    /// Promo codes entered.
    public var codes: [String]
    /// Bonus payment the customer asks for, in minor units.
    public var redeem: Int64?
    public var lines: [Line]

    public init(date: LocalDate, minute: Int, store: Store = Store(), channel: String? = nil, customer: Customer? = nil,
                coupons: [String] = [], codes: [String] = [], redeem: Int64? = nil, lines: [Line] = []) {
        self.date = date
        self.minute = minute
        self.store = store
        self.channel = channel
        self.customer = customer
        self.coupons = coupons
        self.codes = codes
        self.redeem = redeem
        self.lines = lines
    }
}

/// A calendar date.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (a: LocalDate, b: LocalDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    public var isValid: Bool {
        (1...9999).contains(year) && (1...12).contains(month) && day >= 1 && day <= Calendar.daysIn(month: month, year: year)
    }

    public var description: String {
        func pad(_ n: Int, _ w: Int) -> String { String(repeating: "0", count: max(0, w - String(n).count)) + String(n) }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}

public struct Store: Sendable, Hashable {
    public var id: Int64?
    public var format: String?
    public var region: String?
    public var city: String?
    public var groups: [String]

    public init(id: Int64? = nil, format: String? = nil, region: String? = nil, city: String? = nil, groups: [String] = []) {
        self.id = id
        self.format = format
        self.region = region
        self.city = city
        self.groups = groups
    }
}

/// A value of a customer fact, as the loyalty server sends it.
public enum FactValue: Sendable, Hashable {
    /// Money (minor units), counts, percents (millionths), quantities (thousandths).
    case number(Int64)
    case bool(Bool)
    case text(String)
    case date(LocalDate)
}

/// A customer's facts by their manifest key (`purchases(last 90 days)`), kept in key order:
/// written and read like a dictionary, and read by the VM as two plain lists, one of keys and
/// one of values, with no hashing and no reference counting per fact.
public struct Facts: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// The keys in order, each once.
    public private(set) var keys: [String] = []
    /// The value of each key, at the key's place.
    public private(set) var values: [FactValue] = []

    public init() {}

    /// The facts of a dictionary.
    public init(_ facts: [String: FactValue]) {
        for (key, value) in facts.sorted(by: { $0.key < $1.key }) {
            keys.append(key)
            values.append(value)
        }
    }

    /// A literal's facts; a key written twice keeps its last value.
    public init(dictionaryLiteral elements: (String, FactValue)...) {
        for (key, value) in elements { self[key] = value }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// Removes every fact, keeping the storage for the next customer when asked to.
    public mutating func removeAll(keepingCapacity: Bool = false) {
        keys.removeAll(keepingCapacity: keepingCapacity)
        values.removeAll(keepingCapacity: keepingCapacity)
    }

    /// Where `key` is, or where it would go.
    private func place(of key: String) -> (index: Int, found: Bool) {
        // Keys written in order (as readers of sorted facts write them) go at the end.
        if let last = keys.last, last < key { return (keys.count, false) }
        var low = 0, high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < key { low = middle + 1 } else { high = middle }
        }
        return (low, low < keys.count && keys[low] == key)
    }

    /// The value of `key`; setting nil removes it.
    public subscript(key: String) -> FactValue? {
        get {
            let (i, found) = place(of: key)
            return found ? values[i] : nil
        }
        set {
            let (i, found) = place(of: key)
            switch (found, newValue) {
            case (true, let value?): values[i] = value
            case (true, nil):
                keys.remove(at: i)
                values.remove(at: i)
            case (false, let value?) where i == keys.count:
                keys.append(key)
                values.append(value)
            case (false, let value?):
                keys.insert(key, at: i)
                values.insert(value, at: i)
            case (false, nil): break
            }
        }
    }

    /// Sets the value of the `index`-th key, which stays where it is (readers that fill the
    /// facts again in place, when the keys are the last customer's).
    package mutating func setValue(_ value: FactValue, at index: Int) {
        values[index] = value
    }

    /// Calls `body` with the keys as they are and the values to change in place (readers that
    /// fill the facts again in place: one check that the storage is not shared, not one a value).
    /// (Not generic: called from other modules, a generic function would look its types up at
    /// run time on every call.)
    package mutating func withKeysAndValues(
        _ body: (UnsafeBufferPointer<String>, UnsafeMutableBufferPointer<FactValue>) throws(EvaluationError) -> Int
    ) throws(EvaluationError) -> Int {
        let keys = self.keys
        return try keys.withUnsafeBufferPointer { (k) throws(EvaluationError) -> Int in
            try values.withUnsafeMutableBufferPointer { (v) throws(EvaluationError) -> Int in try body(k, v) }
        }
    }

    /// Puts `key` and `value` at `index`, the key between the keys before and after it (readers
    /// that write facts in key order: no search; the caller keeps the order).
    package mutating func insert(inOrder key: String, _ value: FactValue, at index: Int) {
        assert((index == 0 || keys[index - 1] < key) && (index == keys.count || key < keys[index]), "a fact inserted out of key order")
        // (At the end, as when the facts are filled from empty: an append, much the quicker.)
        if index == keys.count {
            keys.append(key)
            values.append(value)
        } else {
            keys.insert(key, at: index)
            values.insert(value, at: index)
        }
    }

    /// Takes out the fact at `index`.
    package mutating func remove(at index: Int) {
        keys.remove(at: index)
        values.remove(at: index)
    }

    /// Keeps the first `count` facts.
    package mutating func keepFirst(_ count: Int) {
        guard keys.count > count else { return }
        keys.removeLast(keys.count - count)
        values.removeLast(values.count - count)
    }

    public func makeIterator() -> some IteratorProtocol<(key: String, value: FactValue)> {
        zip(keys, values).lazy.map { (key: $0, value: $1) }.makeIterator()
    }

    public var description: String {
        "[" + zip(keys, values).map { "\($0): \($1)" }.joined(separator: ", ") + "]"
    }
}

/// How often the customer used a promo (or reached a restriction) before this receipt.
public struct Usage: Sendable, Hashable {
    public var day: Int64
    public var week: Int64
    public var month: Int64
    public var year: Int64
    public var lifetime: Int64
    /// Units of its goods, in thousandths, per the same periods.
    public var unitsDay: Int64
    public var unitsWeek: Int64
    public var unitsMonth: Int64
    public var unitsYear: Int64
    public var unitsLifetime: Int64

    public init(day: Int64 = 0, week: Int64 = 0, month: Int64 = 0, year: Int64 = 0, lifetime: Int64 = 0,
                unitsDay: Int64 = 0, unitsWeek: Int64 = 0, unitsMonth: Int64 = 0, unitsYear: Int64 = 0, unitsLifetime: Int64 = 0) {
        self.day = day
        self.week = week
        self.month = month
        self.year = year
        self.lifetime = lifetime
        self.unitsDay = unitsDay
        self.unitsWeek = unitsWeek
        self.unitsMonth = unitsMonth
        self.unitsYear = unitsYear
        self.unitsLifetime = unitsLifetime
    }
}

public struct Customer: Sendable, Hashable {
    public var id: String
    /// Identified with a loyalty card.
    public var card: Bool
    public var name: String?
    /// CRM segments the customer is in (`customer in "VIP"`).
    public var segments: [String]
    /// Facts by their manifest key: `purchases(last 90 days)`.
    public var facts: Facts
    /// Counters by name, in thousandths.
    public var counters: [String: Int64]
    /// Uses of promos and restrictions by name.
    public var usage: [String: Usage]
    /// Levels of tier programs, when the loyalty server decides them (otherwise they come from
    /// the program's measure).
    public var levels: [String: String]
    /// Bonus balance, in minor units.
    public var bonusBalance: Int64?
    /// Chips collected.
    public var chips: Int64?

    public init(id: String, card: Bool = false, name: String? = nil, segments: [String] = [], facts: Facts = [:],
                counters: [String: Int64] = [:], usage: [String: Usage] = [:], levels: [String: String] = [:],
                bonusBalance: Int64? = nil, chips: Int64? = nil) {
        self.id = id
        self.card = card
        self.name = name
        self.segments = segments
        self.facts = facts
        self.counters = counters
        self.usage = usage
        self.levels = levels
        self.bonusBalance = bonusBalance
        self.chips = chips
    }
}

public struct Line: Sendable, Hashable {
    public var sku: Int64
    public var name: String?
    /// The category path, `Food/Dairy/Milk`.
    public var category: String?
    public var brand: String?
    /// Price of one unit (a piece, a kilogram), in minor units.
    public var price: Int64
    /// Quantity in thousandths: 6 pieces is 6000, 0.350 kg is 350.
    public var quantity: Int64
    /// The line's amount when the till computed it; otherwise price × quantity, half up.
    public var amount: Int64?
    public var excise: Bool
    public var weighed: Bool
    /// The legal minimum price of one unit (excise goods).
    public var minPrice: Int64?
    public var flags: [String]

    public init(sku: Int64, name: String? = nil, category: String? = nil, brand: String? = nil, price: Int64,
                quantity: Int64 = 1000, amount: Int64? = nil, excise: Bool = false, weighed: Bool = false,
                minPrice: Int64? = nil, flags: [String] = []) {
        self.sku = sku
        self.name = name
        self.category = category
        self.brand = brand
        self.price = price
        self.quantity = quantity
        self.amount = amount
        self.excise = excise
        self.weighed = weighed
        self.minPrice = minPrice
        self.flags = flags
    }
}
