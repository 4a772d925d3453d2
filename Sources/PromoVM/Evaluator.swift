import PromoBytecode
import PromoJSON

/// Evaluates receipts against one loaded bundle. An evaluator keeps its buffers between
/// receipts; use one per thread (the bundle itself is shared).
public struct Evaluator {
    public let bundle: LoadedBundle
    let m: BundleModel
    let code: [UInt64]

    // The receipt.
    var receipt: Receipt
    var dayNumber = 0
    var minuteStamp: Int64 = 0
    var weekday = 0
    var dayOfMonth = 0
    var daysInMonth = 31
    var storeFormat: Int64 = absent
    var storeRegion: Int64 = absent
    var storeCity: Int64 = absent
    var storeGroups: [Int64] = []
    var channelBit: UInt32 = 0
    var segments: [Int64] = []
    var facts: [Int64] = []
    var counters: [Int64] = []
    var levels: [Int] = []

    // Lines, one entry per receipt line.
    var lineCount = 0
    var original: [Int64] = []
    var current: [Int64] = []
    var quantity: [Int64] = []
    var floorLegal: [Int64] = []
    var floorRestricted: [Int64] = []
    /// The restriction behind `floorRestricted`, -1 for the legal minimum.
    var floorSource: [Int32] = []
    var flags: [UInt8] = []
    var changedBy: [Int32] = []
    var lineAtoms: [UInt32] = []
    var lineAtomStart: [Int] = []

    // Item sets as bit sets over lines, computed on first use.
    var words = 1
    var setBits: [UInt64] = []
    var setReady: [Bool] = []

    var candidate: [Bool] = []
    var registers: [Int64] = []

    // What happened.
    var discounts: [(line: Int32, unit: Int32, amount: Int64)] = []
    var clamps: [(line: Int32, unit: Int32, amount: Int64, restriction: Int32)] = []
    var pendingAccruals: [(unit: Int32, effect: Int32)] = []
    var pendingMessages: [(unit: Int32, message: Int32)] = []
    var result = EvaluationResult()

    // Restrictions.
    var discountAllowance: Int64 = .max
    var allowanceSource: Int32 = -1
    var redeemCaps: [(unit: Int32, bound: BoundKind, value: Int64)] = []
    var quantityBudgets: [(set: UInt32, remaining: Int64, unit: Int32)] = []

    // The unit being run.
    var unit = 0
    var unitDiscount: Int64 = 0
    var changedAnything = false
    var sawPriceEffect = false
    var lockedSkips = false
    var lastFailure: FailedComparison?
    var stopped = false
    var steps: Int64 = 0
    var budget: Int64 = 0
    var allocator = Allocator()

    static let absent = Int64.min

    public init(bundle: LoadedBundle) {
        self.bundle = bundle
        self.m = bundle.model
        self.code = bundle.model.code
        self.receipt = Receipt(date: LocalDate(year: 1970, month: 1, day: 1), minute: 0)
    }

    /// Evaluates one receipt. Bad input gives an error naming the field; the evaluation itself
    /// never fails except by running past the bundle's step budget.
    public mutating func evaluate(_ receipt: Receipt) throws(EvaluationError) -> EvaluationResult {
        self.receipt = receipt
        try bind()
        try applyRestrictions()
        try runUnits()
        try finish()
        return result
    }

    // MARK: - Binding the receipt

    mutating func bind() throws(EvaluationError) {
        let r = receipt
        guard r.date.isValid else { throw EvaluationError(field: "at", message: "\(r.date) is not a date") }
        guard (0..<1440).contains(r.minute) else { throw EvaluationError(field: "at", message: "the time is outside the day") }
        guard r.lines.count <= 100_000 else {
            throw EvaluationError(field: "lines", message: "\(r.lines.count) lines is more than 100,000")
        }
        dayNumber = Calendar.dayNumber(r.date)
        minuteStamp = Int64(dayNumber) * 1440 + Int64(r.minute)
        weekday = Calendar.weekday(dayNumber: dayNumber)
        dayOfMonth = r.date.day
        daysInMonth = Calendar.daysIn(month: r.date.month, year: r.date.year)

        storeFormat = id(of: r.store.format)
        storeRegion = id(of: r.store.region)
        storeCity = id(of: r.store.city)
        storeGroups.removeAll(keepingCapacity: true)
        for g in r.store.groups { storeGroups.append(id(of: g)) }
        channelBit = 0
        if let channel = r.channel {
            guard let code = ChannelCode.allCases.first(where: { $0.name == channel }) else {
                throw EvaluationError(field: "channel", message: "unknown channel \"\(channel)\"; the channels are pos, sco, web, app, delivery")
            }
            channelBit = 1 << UInt32(code.rawValue)
        }
        try bindCustomer()
        try bindLines()

        result = EvaluationResult()
        discounts.removeAll(keepingCapacity: true)
        clamps.removeAll(keepingCapacity: true)
        pendingAccruals.removeAll(keepingCapacity: true)
        pendingMessages.removeAll(keepingCapacity: true)
        discountAllowance = .max
        allowanceSource = -1
        redeemCaps.removeAll(keepingCapacity: true)
        quantityBudgets.removeAll(keepingCapacity: true)
        stopped = false
        steps = 0
        budget = m.stepBase &+ m.stepPerLine &* Int64(lineCount)
    }

    /// The string id of a text, -2 for a text the bundle does not know, absent for none.
    func id(of text: String?) -> Int64 {
        guard let text else { return Evaluator.absent }
        return bundle.stringIDs[text] ?? -2
    }

    mutating func bindCustomer() throws(EvaluationError) {
        facts.removeAll(keepingCapacity: true)
        facts.append(contentsOf: repeatElement(Evaluator.absent, count: m.facts.count))
        counters.removeAll(keepingCapacity: true)
        counters.append(contentsOf: repeatElement(0, count: m.counters.count))
        segments.removeAll(keepingCapacity: true)
        levels.removeAll(keepingCapacity: true)
        levels.append(contentsOf: repeatElement(-1, count: m.tiers.count))
        guard let c = receipt.customer else { return }
        for s in c.segments { segments.append(id(of: s)) }
        for (key, value) in c.facts {
            guard let index = bundle.factIndex[key] else { continue }
            facts[index] = try factValue(value, tag: m.facts[index].tag, key: key)
        }
        // The figures a receipt carries itself.
        if let index = bundle.factIndex["card"], facts[index] == Evaluator.absent { facts[index] = c.card ? 1 : 0 }
        if let index = bundle.factIndex["bonus_balance"], facts[index] == Evaluator.absent, let b = c.bonusBalance { facts[index] = b }
        if let index = bundle.factIndex["chips"], facts[index] == Evaluator.absent, let n = c.chips { facts[index] = n }
        for (name, value) in c.counters {
            if let index = bundle.counterIndex[name] { counters[index] = value }
        }
        for (t, tier) in m.tiers.enumerated() {
            let name = m.strings[Int(tier.name)]
            if let level = c.levels[name] {
                guard let l = tier.levels.firstIndex(where: { m.strings[Int($0.name)] == level }) else {
                    throw EvaluationError(field: "customer.levels.\(name)", message: "tier program \(name) has no level \"\(level)\"")
                }
                levels[t] = l
                continue
            }
            let measure = facts[Int(tier.measure)]
            guard measure != Evaluator.absent else { continue }
            for (l, level) in tier.levels.enumerated() where measure >= level.threshold { levels[t] = l }
        }
    }

    func factValue(_ value: FactValue, tag: ValueTag, key: String) throws(EvaluationError) -> Int64 {
        switch (value, tag) {
        case (.bool(let b), .bool): return b ? 1 : 0
        case (.number(let n), .money), (.number(let n), .count), (.number(let n), .percent), (.number(let n), .quantity),
             (.number(let n), .time), (.number(let n), .dateTime), (.number(let n), .duration):
            return n
        case (.date(let d), .date), (.date(let d), .anniversary):
            guard d.isValid else { throw EvaluationError(field: JSONPath.member("customer.facts", key), message: "\(d) is not a date") }
            return Int64(Calendar.dayNumber(d))
        case (.text(let s), .string): return id(of: s)
        default:
            throw EvaluationError(field: JSONPath.member("customer.facts", key), message: "expected \(tag), found \(value)")
        }
    }

    mutating func bindLines() throws(EvaluationError) {
        let lines = receipt.lines
        lineCount = lines.count
        words = max(1, (lineCount + 63) / 64)
        original.removeAll(keepingCapacity: true)
        current.removeAll(keepingCapacity: true)
        quantity.removeAll(keepingCapacity: true)
        floorLegal.removeAll(keepingCapacity: true)
        flags.removeAll(keepingCapacity: true)
        lineAtoms.removeAll(keepingCapacity: true)
        lineAtomStart.removeAll(keepingCapacity: true)
        for (i, line) in lines.enumerated() {
            guard line.quantity > 0, line.quantity <= 1_000_000_000 else {
                throw EvaluationError(field: "lines[\(i)].qty", message: "a quantity must be above zero and at most 1000000")
            }
            guard line.price >= 0, line.price <= 10_000_000_000_000 else {
                throw EvaluationError(field: "lines[\(i)].price", message: "a price must be zero or more and at most 10^13 minor units")
            }
            let amount = line.amount ?? Exact.mulDivHalfUpChecked(line.price, line.quantity, 1000) ?? -1
            guard amount >= 0, amount <= 10_000_000_000_000 else {
                throw EvaluationError(field: "lines[\(i)].amount", message: "a line amount must be zero or more and at most 10^13 minor units")
            }
            original.append(amount)
            current.append(amount)
            quantity.append(line.quantity)
            var legal: Int64 = 0
            if line.excise, let minimum = line.minPrice {
                guard minimum >= 0, minimum <= 10_000_000_000_000 else {
                    throw EvaluationError(field: "lines[\(i)].min_price", message: "a minimum price must be zero or more")
                }
                legal = min(amount, Exact.mulDivHalfUpChecked(minimum, line.quantity, 1000) ?? amount)
            }
            floorLegal.append(legal)
            flags.append((line.weighed ? LineFlag.weighed : 0) | (line.excise ? LineFlag.excise : 0))
            lineAtomStart.append(lineAtoms.count)
            appendAtoms(of: line)
        }
        lineAtomStart.append(lineAtoms.count)
        floorRestricted = floorLegal
        floorSource.removeAll(keepingCapacity: true)
        floorSource.append(contentsOf: repeatElement(-1, count: lineCount))
        changedBy.removeAll(keepingCapacity: true)
        changedBy.append(contentsOf: repeatElement(-1, count: lineCount))

        setReady.removeAll(keepingCapacity: true)
        setReady.append(contentsOf: repeatElement(false, count: m.itemSets.count))
        setBits.removeAll(keepingCapacity: true)
        setBits.append(contentsOf: repeatElement(0, count: m.itemSets.count * words))

        candidate = bundle.alwaysCandidates
        for atom in lineAtoms {
            for u in m.candidates[Int(atom)] { candidate[Int(u)] = true }
        }
    }

    /// The atoms a line has: its category and every ancestor the bundle names, its SKU, brand
    /// and flags.
    mutating func appendAtoms(of line: Line) {
        if let path = line.category, !path.isEmpty {
            var end = path.endIndex
            // The whole path, then each shorter prefix ending before a `/`.
            while true {
                let prefix = path[path.startIndex..<end]
                if let atom = prefix.count == path.count ? bundle.categoryAtoms[path] : bundle.categoryAtoms[String(prefix)] {
                    lineAtoms.append(atom)
                }
                guard let slash = path[path.startIndex..<end].lastIndex(of: "/") else { break }
                end = slash
            }
        }
        if let atom = bundle.skuAtoms[line.sku] { lineAtoms.append(atom) }
        if let brand = line.brand, let atom = bundle.brandAtoms[brand] { lineAtoms.append(atom) }
        if line.excise, let atom = bundle.exciseAtom { lineAtoms.append(atom) }
        if line.weighed, let atom = bundle.weighedAtom { lineAtoms.append(atom) }
        for flag in line.flags {
            if let atom = bundle.flagAtoms[flag] { lineAtoms.append(atom) }
        }
    }

    // MARK: - Item sets

    /// Whether line `i` has `atom`.
    @inline(__always)
    func has(_ i: Int, _ atom: UInt32) -> Bool {
        var k = lineAtomStart[i]
        let end = lineAtomStart[i + 1]
        while k < end {
            if lineAtoms[k] == atom { return true }
            k += 1
        }
        return false
    }

    /// Computes item set `s` over the lines, once per receipt.
    mutating func ensure(_ s: Int) {
        guard !setReady[s] else { return }
        setReady[s] = true
        let program = m.itemSets[s]
        let base = s * words
        for i in 0..<lineCount {
            // The stack of booleans is a word: push shifts a bit in.
            var stack: UInt64 = 0
            for word in program {
                let atom = word & 0x0FFF_FFFF
                switch word >> 28 {
                case ItemSetOp.atom.rawValue: stack = stack << 1 | (has(i, atom) ? 1 : 0)
                case ItemSetOp.all.rawValue: stack = stack << 1 | 1
                case ItemSetOp.and.rawValue: stack = (stack >> 2) << 1 | (stack & (stack >> 1) & 1)
                case ItemSetOp.or.rawValue: stack = (stack >> 2) << 1 | ((stack | (stack >> 1)) & 1)
                default: stack = (stack >> 2) << 1 | ((stack >> 1) & ~stack & 1) // a and not b
                }
            }
            if stack & 1 == 1 { setBits[base + i >> 6] |= 1 << UInt64(i & 63) }
        }
        steps += Int64(lineCount)
    }

    /// Whether line `i` is in set `s` (``noItemSet``: every line).
    @inline(__always)
    mutating func contains(_ s: UInt32, _ i: Int) -> Bool {
        if s == noItemSet { return true }
        ensure(Int(s))
        return setBits[Int(s) * words + i >> 6] >> UInt64(i & 63) & 1 == 1
    }

    /// The lines of set `s`, in receipt order.
    mutating func lines(in s: UInt32) -> [Int] {
        var out: [Int] = []
        for i in 0..<lineCount where contains(s, i) { out.append(i) }
        return out
    }

    func floor(_ i: Int) -> Int64 {
        m.units[unit].ignoresRestrictions ? floorLegal[i] : floorRestricted[i]
    }
}

enum LineFlag {
    static let locked: UInt8 = 1
    static let noAccrual: UInt8 = 2
    static let noRedemption: UInt8 = 4
    static let weighed: UInt8 = 8
    static let excise: UInt8 = 16
}
