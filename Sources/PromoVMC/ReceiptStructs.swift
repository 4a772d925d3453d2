import CPromoVM
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PromoJSON
import PromoVM

/// Texts of receipts given as structs, by the address of the caller's C string. A till passes the
/// same category, brand and format strings receipt after receipt: each is read once and then
/// found by its address in a table of `slots` places (each address has two neighbouring places;
/// a new text takes the first, pushing the older of the two out). Each place keeps a copy of the text's bytes, compared with the caller's on every use, so
/// an address reused for another text is read anew.
package final class StringCache {
    static let slots = 4_096
    /// Texts this long or shorter are copied into their place itself (with their NUL).
    static let inlineLength = 31
    /// One place, one cache line: the address of the caller's text (0 for an empty place), the
    /// text, and a copy of its bytes with their NUL: in `inline` when short enough (finding the
    /// text then reads this line alone), else in `spill`.
    struct Slot {
        var address: UInt = 0
        var text = ""
        var spill: UnsafeMutablePointer<CChar>?
        var inline: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    }
    private let places: UnsafeMutablePointer<Slot>
    /// Texts pushed out of their places since the last receipt began: lines may still borrow
    /// them (``ReceiptReader``), so they are kept until the next receipt's reading begins.
    var pushedOut: [String] = []

    init() {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: StringCache.slots * MemoryLayout<Slot>.stride, alignment: 64)
        places = raw.bindMemory(to: Slot.self, capacity: StringCache.slots)
        places.initialize(repeating: Slot(), count: StringCache.slots)
    }

    deinit {
        for i in 0..<StringCache.slots { places[i].spill?.deallocate() }
        places.deinitialize(count: StringCache.slots)
        UnsafeMutableRawPointer(places).deallocate()
    }

    /// The place of a text's address.
    @inline(__always)
    package static func slot(_ p: UnsafePointer<CChar>) -> Int {
        let address = UInt(bitPattern: p)
        return Int((address >> 4 ^ address >> 17) & UInt(slots - 1))
    }

    /// The place holding the text at `p`, read into it first if it does not. A text may be in
    /// either of two neighbouring places, so that two texts whose addresses fall on one place
    /// do not push each other out receipt after receipt (a text read again is a new string, and
    /// the evaluator's reading in place, which compares strings by their storage, would miss).
    @inline(__always)
    func lookup(_ p: UnsafePointer<CChar>, _ field: () -> String) throws(EvaluationError) -> Int {
        let slot = StringCache.slot(p)
        if holds(slot, p) { return slot }
        if holds(slot ^ 1, p) { return slot ^ 1 }
        // A new text goes to the first place; what was there moves to the second (strings move
        // as they are), and what was in the second goes.
        if places[slot].address != 0 {
            if places[slot ^ 1].address != 0 { pushedOut.append(places[slot ^ 1].text) }
            places[slot ^ 1].spill?.deallocate()
            (places + (slot ^ 1)).moveUpdate(from: places + slot, count: 1)
            (places + slot).initialize(to: Slot())
        }
        try fill(slot, p, field)
        return slot
    }

    /// The text of place `slot`, in place.
    @inline(__always)
    func text(at slot: Int) -> UnsafePointer<String> {
        UnsafeRawPointer(places + slot).advanced(by: MemoryLayout<Slot>.offset(of: \Slot.text)!).assumingMemoryBound(to: String.self)
    }

    /// Whether place `slot` holds the text at `p`: the same address and the same bytes up to
    /// and with the NUL (`strcmp` reads no further than the caller's NUL).
    @inline(__always)
    func holds(_ slot: Int, _ p: UnsafePointer<CChar>) -> Bool {
        let place = places + slot
        guard place.pointee.address == UInt(bitPattern: p) else { return false }
        return strcmp(p, StringCache.bytes(place)) == 0
    }

    /// The copy of the bytes of the text in `place`.
    @inline(__always)
    static func bytes(_ place: UnsafeMutablePointer<Slot>) -> UnsafePointer<CChar> {
        if let spill = place.pointee.spill { return UnsafePointer(spill) }
        return UnsafeRawPointer(place).advanced(by: MemoryLayout<Slot>.offset(of: \Slot.inline)!).assumingMemoryBound(to: CChar.self)
    }

    /// Reads the text at `p` into place `slot`.
    func fill(_ slot: Int, _ p: UnsafePointer<CChar>, _ field: () -> String) throws(EvaluationError) {
        guard let text = String(validatingCString: p) else {
            throw EvaluationError(field: field(), message: "the text is not UTF-8")
        }
        let length = strlen(p)
        let place = places + slot
        place.pointee.spill?.deallocate()
        place.pointee.spill = nil
        if length <= StringCache.inlineLength {
            place.pointee.inline = (0, 0, 0, 0)
            UnsafeMutableRawPointer(place).advanced(by: MemoryLayout<Slot>.offset(of: \Slot.inline)!)
                .copyMemory(from: p, byteCount: length + 1)
        } else {
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: length + 1)
            copy.initialize(from: p, count: length + 1)
            place.pointee.spill = copy
        }
        place.pointee.address = UInt(bitPattern: p)
        place.pointee.text = text
    }

    /// The text at `p` in its place, read in place: valid until the next text is read.
    @inline(__always)
    func place(_ p: UnsafePointer<CChar>, _ field: @autoclosure () -> String) throws(EvaluationError) -> UnsafePointer<String> {
        text(at: try lookup(p, field))
    }

    func required(_ p: UnsafePointer<CChar>, _ field: @autoclosure () -> String) throws(EvaluationError) -> String {
        let slot = try lookup(p, field)
        return text(at: slot).pointee
    }

    func text(_ p: UnsafePointer<CChar>?, _ field: @autoclosure () -> String) throws(EvaluationError) -> String? {
        guard let p else { return nil }
        return try required(p, field())
    }

    /// Reads a C string into `text`, which is left as it is when it holds that string value
    /// already (no reference counting for a line whose category is the last receipt's).
    @inline(__always)
    func read(_ p: UnsafePointer<CChar>, into text: inout String, _ field: @autoclosure () -> String) throws(EvaluationError) {
        let slot = try lookup(p, field)
        if !StringCache.identical(&text, self.text(at: slot)) { text = self.text(at: slot).pointee }
    }

    /// Points `text` (nil, and holding no reference) at the cached string of the C string at
    /// `p` without counting a reference to it: the line borrows the cache's string (see
    /// ``ReceiptReader/lineTextsBorrowed``). NULL leaves it nil.
    @inline(__always)
    func lend(_ p: UnsafePointer<CChar>?, to text: UnsafeMutablePointer<String?>, _ field: @autoclosure () -> String) throws(EvaluationError) {
        guard let p else { return }
        let slot = try lookup(p, field)
        UnsafeMutableRawPointer(text).copyMemory(from: self.text(at: slot), byteCount: MemoryLayout<String>.size)
    }

    /// As ``read(_:into:_:)``, for an optional text: NULL is nil.
    @inline(__always)
    func read(_ p: UnsafePointer<CChar>?, into text: inout String?, _ field: @autoclosure () -> String) throws(EvaluationError) {
        guard let p else {
            if text != nil { text = nil }
            return
        }
        let slot = try lookup(p, field)
        // An optional string is laid out as the string itself (its spare bits tell nil).
        let same = MemoryLayout<String?>.size == MemoryLayout<String>.size
            && withUnsafeMutablePointer(to: &text) { $0.withMemoryRebound(to: String.self, capacity: 1) { StringCache.identical($0, self.text(at: slot)) } }
        if !same { text = self.text(at: slot).pointee }
    }

    /// Whether two strings in memory are the same value (the same storage, or the same small
    /// string), read as bits: comparing them costs no reference counting.
    @inline(__always)
    static func identical(_ a: UnsafePointer<String>, _ b: UnsafePointer<String>) -> Bool {
        // (Where a string is not two words, the text is simply stored again.)
        guard MemoryLayout<String>.size == 16 else { return false }
        let x = UnsafeRawPointer(a).load(as: (UInt64, UInt64).self), y = UnsafeRawPointer(b).load(as: (UInt64, UInt64).self)
        return x == y
    }

    /// `count` texts from a C array of C strings into `out`, whose entries are replaced only where
    /// they differ; NULL entries are errors.
    func texts(_ p: UnsafePointer<UnsafePointer<CChar>?>?, _ count: Int, _ field: @autoclosure () -> String,
               into out: inout [String]) throws(EvaluationError) {
        if out.count > count { out.removeLast(out.count - count) }
        guard count > 0 else { return }
        guard let p else { throw EvaluationError(field: field(), message: "\(count) entries given but the array is NULL") }
        for i in 0..<count {
            guard let s = p[i] else { throw EvaluationError(field: JSONPath.element(field(), i), message: "the text is NULL") }
            if i < out.count {
                try read(s, into: &out[i], JSONPath.element(field(), i))
            } else {
                out.append(try required(s, JSONPath.element(field(), i)))
            }
        }
    }
}

/// A count from C (a `size_t`, so past `Int.max` it reads as negative), at most `limit`.
func count(_ n: Int, _ field: @autoclosure () -> String, limit: Int = 100_000) throws(EvaluationError) -> Int {
    guard n >= 0, n <= limit else {
        throw EvaluationError(field: field(), message: "\(UInt(bitPattern: n)) entries is more than \(limit)")
    }
    return n
}

func optional(_ value: Int64) -> Int64? { value == PROMO_NONE ? nil : value }

func date(_ d: promo_date) -> LocalDate { LocalDate(year: Int(d.year), month: Int(d.month), day: Int(d.day)) }

/// Reads receipts given as structs into one `Receipt`, reusing its storage (lines, the customer's
/// facts, counters and lists) receipt after receipt.
///
/// The texts of the lines (name, category, brand) are borrowed from the texts cache: the lines
/// hold the cache's strings without counting a reference to them (30 lines would count and drop
/// about 90 references a receipt). A line's borrowed text lives as long as its place in the cache
/// or, pushed out, in ``StringCache/pushedOut`` until the next receipt's reading begins, which
/// first returns every borrowed text (the line's text set to nil without releasing it). The
/// receipt must therefore never be dropped or replaced while it borrows: ``adopt(_:)`` and
/// ``returnLineTexts()`` are the only ways.
struct ReceiptReader {
    private(set) var receipt = Receipt(date: LocalDate(year: 2000, month: 1, day: 1), minute: 0)
    let strings = StringCache()
    /// Whether the lines' texts are borrowed (read from structs) rather than owned (a receipt
    /// decoded from JSON and adopted).
    private(set) var lineTextsBorrowed = false
    /// Whether a line's optional text is the string itself in memory (as on every 64-bit
    /// platform Swift runs on), so that it can be borrowed bit for bit; otherwise texts are
    /// copied as usual.
    static let borrows = MemoryLayout<String?>.size == MemoryLayout<String>.size && MemoryLayout<String>.size == 16

    /// Takes `receipt` (decoded from JSON) as the last receipt, returning the borrowed texts first.
    mutating func adopt(_ receipt: Receipt) {
        returnLineTexts()
        self.receipt = receipt
    }

    /// The receipt, to evaluate it where it is.
    mutating func withReceipt<R, E: Error>(_ body: (UnsafeMutablePointer<Receipt>) throws(E) -> R) throws(E) -> R {
        try withUnsafeMutablePointer(to: &receipt) { (p) throws(E) -> R in try body(p) }
    }

    /// Sets every borrowed line text to nil without releasing it.
    mutating func returnLineTexts() {
        guard lineTextsBorrowed else { return }
        receipt.lines.withUnsafeMutableBufferPointer { lines in
            guard let base = lines.baseAddress else { return }
            for i in 0..<lines.count {
                let line = base + i
                line.pointer(to: \.name)!.initialize(to: nil)
                line.pointer(to: \.category)!.initialize(to: nil)
                line.pointer(to: \.brand)!.initialize(to: nil)
            }
        }
        lineTextsBorrowed = false
    }
    /// The last currency code found right for the bundle of that currency.
    var checkedCurrency = (code: "", bundle: "")

    /// Reads `r` into `receipt`; `currency` is the bundle's.
    mutating func read(_ r: promo_receipt, currency: String) throws(EvaluationError) {
        if ReceiptReader.borrows {
            // No line borrows a text any more, so the texts pushed out can go; owned texts (of
            // an adopted receipt) are released as usual.
            if lineTextsBorrowed {
                returnLineTexts()
            } else {
                for i in receipt.lines.indices {
                    receipt.lines[i].name = nil
                    receipt.lines[i].category = nil
                    receipt.lines[i].brand = nil
                }
            }
            strings.pushedOut.removeAll(keepingCapacity: true)
            lineTextsBorrowed = true
        }
        receipt.date = date(r.date)
        receipt.minute = Int(r.minute)
        if let p = r.currency {
            // A till gives the same code receipt after receipt: checked once for each bundle.
            let slot = try strings.lookup(p, { "currency" })
            var bundleCurrency = currency
            if !(StringCache.identical(strings.text(at: slot), &checkedCurrency.code)
                 && StringCache.identical(&bundleCurrency, &checkedCurrency.bundle)) {
                let code = strings.text(at: slot).pointee
                try ReceiptJSON.checkCurrency(code, shown: "\"\(code)\"", bundle: currency, field: "currency")
                checkedCurrency = (code, currency)
            }
        }
        receipt.store.id = optional(r.store_id)
        try strings.read(r.store_format, into: &receipt.store.format, "store.format")
        try strings.read(r.store_region, into: &receipt.store.region, "store.region")
        try strings.read(r.store_city, into: &receipt.store.city, "store.city")
        try strings.texts(r.store_groups, count(r.store_group_count, "store.groups"), "store.groups", into: &receipt.store.groups)
        try strings.read(r.channel, into: &receipt.channel, "channel")
        try strings.texts(r.coupons, count(r.coupon_count, "coupons"), "coupons", into: &receipt.coupons)
        try strings.texts(r.codes, count(r.code_count, "codes"), "codes", into: &receipt.codes)
        receipt.redeem = optional(r.redeem)
        // The customer's storage is kept from receipt to receipt and filled again in place.
        // (Whether there is one, asked through a field: comparing the optional with nil would
        // copy the customer, counting a reference to each of its lists.)
        if let c = r.customer {
            if receipt.customer?.card == nil { receipt.customer = Customer(id: "") }
            try ReceiptReader.read(c.pointee, into: &receipt.customer!, strings: strings)
        } else if receipt.customer?.card != nil {
            receipt.customer = nil
        }

        // Lines are read into the last receipt's lines, field by field: no line is made anew.
        let n = try count(r.line_count, "lines")
        if receipt.lines.count > n { receipt.lines.removeLast(receipt.lines.count - n) }
        guard n > 0 else { return }
        guard let lines = r.lines else { throw EvaluationError(field: "lines", message: "\(n) lines given but the array is NULL") }
        receipt.lines.reserveCapacity(n)
        while receipt.lines.count < n { receipt.lines.append(Line(sku: 0, price: 0)) }
        if ReceiptReader.borrows {
            let strings = self.strings
            try receipt.lines.withUnsafeMutableBufferPointer { (out) throws(EvaluationError) in
                for i in 0..<n { try ReceiptReader.lend(lines[i], i, into: out.baseAddress! + i, strings: strings) }
            }
        } else {
            for i in 0..<n {
                try ReceiptReader.read(lines[i], i, into: &receipt.lines[i], strings: strings)
            }
        }
    }

    /// Reads line `i` into `line`, whose texts are nil and borrowed (see ``ReceiptReader``).
    @inline(__always)
    static func lend(_ l: promo_line, _ i: Int, into line: UnsafeMutablePointer<Line>, strings: StringCache) throws(EvaluationError) {
        line.pointee.sku = l.sku
        try strings.lend(l.name, to: line.pointer(to: \.name)!, JSONPath.element("lines", i) + ".name")
        try strings.lend(l.category, to: line.pointer(to: \.category)!, JSONPath.element("lines", i) + ".category")
        try strings.lend(l.brand, to: line.pointer(to: \.brand)!, JSONPath.element("lines", i) + ".brand")
        line.pointee.price = l.price
        line.pointee.quantity = l.quantity
        line.pointee.amount = optional(l.amount)
        line.pointee.excise = l.flags & PROMO_LINE_EXCISE != 0
        line.pointee.weighed = l.flags & PROMO_LINE_WEIGHED != 0
        line.pointee.minPrice = optional(l.min_price)
        if l.extra_flag_count > 0 || !line.pointee.flags.isEmpty {
            try strings.texts(l.extra_flags, count(l.extra_flag_count, JSONPath.element("lines", i) + ".flags", limit: 1_000),
                              JSONPath.element("lines", i) + ".flags", into: &line.pointee.flags)
        }
    }

    static func read(_ l: promo_line, _ i: Int, into line: inout Line, strings: StringCache) throws(EvaluationError) {
        line.sku = l.sku
        try strings.read(l.name, into: &line.name, JSONPath.element("lines", i) + ".name")
        try strings.read(l.category, into: &line.category, JSONPath.element("lines", i) + ".category")
        try strings.read(l.brand, into: &line.brand, JSONPath.element("lines", i) + ".brand")
        line.price = l.price
        line.quantity = l.quantity
        line.amount = optional(l.amount)
        line.excise = l.flags & PROMO_LINE_EXCISE != 0
        line.weighed = l.flags & PROMO_LINE_WEIGHED != 0
        line.minPrice = optional(l.min_price)
        if l.extra_flag_count > 0 || !line.flags.isEmpty {
            try strings.texts(l.extra_flags, count(l.extra_flag_count, JSONPath.element("lines", i) + ".flags", limit: 1_000),
                              JSONPath.element("lines", i) + ".flags", into: &line.flags)
        }
    }

    /// The value of fact `f`, whose key is `name`.
    @inline(__always)
    static func value(of f: promo_fact, named name: String, strings: StringCache) throws(EvaluationError) -> FactValue {
        switch Int(f.kind) {
        case PROMO_FACT_NUMBER: return .number(f.number)
        case PROMO_FACT_BOOL: return .bool(f.number != 0)
        case PROMO_FACT_TEXT:
            guard let p = f.text else {
                throw EvaluationError(field: JSONPath.member("customer.facts", name), message: "a text fact has a NULL text")
            }
            return .text(try strings.required(p, JSONPath.member("customer.facts", name)))
        case PROMO_FACT_DATE: return .date(date(f.date))
        default:
            throw EvaluationError(field: JSONPath.member("customer.facts", name),
                                  message: "unknown fact kind \(f.kind); the kinds are PROMO_FACT_NUMBER, _BOOL, _TEXT and _DATE")
        }
    }

    static func read(_ c: promo_customer, into customer: inout Customer, strings: StringCache) throws(EvaluationError) {
        guard let id = c.id else {
            throw EvaluationError(field: "customer.id", message: "a customer needs an id (pass no customer for an anonymous receipt)")
        }
        try strings.read(id, into: &customer.id, "customer.id")
        customer.card = c.card != 0
        try strings.read(c.name, into: &customer.name, "customer.name")
        customer.bonusBalance = optional(c.bonus_balance)
        customer.chips = optional(c.chips)
        // (Emptied only when not empty: emptying clears a dictionary's whole capacity.)
        if !customer.counters.isEmpty { customer.counters.removeAll(keepingCapacity: true) }
        if !customer.usage.isEmpty { customer.usage.removeAll(keepingCapacity: true) }
        if !customer.levels.isEmpty { customer.levels.removeAll(keepingCapacity: true) }
        try strings.texts(c.segments, count(c.segment_count, "customer.segments"), "customer.segments", into: &customer.segments)

        func array<T>(_ p: UnsafePointer<T>?, _ n: Int, _ field: String) throws(EvaluationError) -> UnsafeBufferPointer<T> {
            let n = try count(n, field)
            guard n > 0 else { return UnsafeBufferPointer(start: nil, count: 0) }
            guard let p else { throw EvaluationError(field: field, message: "\(n) entries given but the array is NULL") }
            return UnsafeBufferPointer(start: p, count: n)
        }
        // (Field names are made only for an error: a good receipt is read without building any.)
        func key(_ p: UnsafePointer<CChar>?, _ field: @autoclosure () -> String) throws(EvaluationError) -> String {
            guard let k = try strings.text(p, field()) else { throw EvaluationError(field: field(), message: "the name is NULL") }
            return k
        }

        // Facts whose keys are the last customer's, one by one, are set in place (a key that
        // stays is compared by its bits with the last one, not counted again); from the first
        // that differs on, the rest are placed by key.
        let facts = try array(c.facts, c.fact_count, "customer.facts")
        func keyText(_ i: Int) throws(EvaluationError) -> UnsafePointer<CChar> {
            guard let p = facts[i].key else {
                throw EvaluationError(field: JSONPath.element("customer.facts", i) + ".key", message: "the name is NULL")
            }
            return p
        }
        let kept = try customer.facts.withKeysAndValues { (keys, values) throws(EvaluationError) -> Int in
            let n = min(facts.count, keys.count)
            var i = 0
            while i < n {
                let name = try strings.place(keyText(i), JSONPath.element("customer.facts", i) + ".key")
                guard StringCache.identical(keys.baseAddress! + i, name) else { break }
                values[i] = try ReceiptReader.value(of: facts[i], named: keys[i], strings: strings)
                i += 1
            }
            return i
        }
        if kept < facts.count || kept < customer.facts.count {
            customer.facts.keepFirst(kept)
            for i in kept..<facts.count {
                let name = try strings.required(keyText(i), JSONPath.element("customer.facts", i) + ".key")
                customer.facts[name] = try ReceiptReader.value(of: facts[i], named: name, strings: strings)
            }
        }
        for (i, counter) in try array(c.counters, c.counter_count, "customer.counters").enumerated() {
            customer.counters[try key(counter.name, JSONPath.element("customer.counters", i) + ".name")] = counter.value
        }
        for (i, u) in try array(c.usage, c.usage_count, "customer.usage").enumerated() {
            customer.usage[try key(u.name, JSONPath.element("customer.usage", i) + ".name")] = Usage(
                day: u.day, week: u.week, month: u.month, year: u.year, lifetime: u.lifetime,
                unitsDay: u.units_day, unitsWeek: u.units_week, unitsMonth: u.units_month, unitsYear: u.units_year,
                unitsLifetime: u.units_lifetime)
        }
        for (i, l) in try array(c.levels, c.level_count, "customer.levels").enumerated() {
            let program = try key(l.program, JSONPath.element("customer.levels", i) + ".program")
            customer.levels[program] = try key(l.level, JSONPath.member("customer.levels", program))
        }
    }
}
