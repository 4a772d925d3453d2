import CPromoVM
import PromoJSON
import PromoVM

/// Texts of receipts given as structs, by the address of the caller's C string. A till passes the
/// same category, brand and format strings receipt after receipt: each is read once and then
/// found by its address, its bytes compared with the text kept on every use (so an address reused
/// for another text is read anew).
struct StringCache {
    private var entries: [UnsafeRawPointer: String] = [:]
    static let capacity = 8_192

    mutating func required(_ p: UnsafePointer<CChar>, _ field: @autoclosure () -> String) throws(EvaluationError) -> String {
        let key = UnsafeRawPointer(p)
        if let known = entries[key], StringCache.same(known, p) { return known }
        guard let text = String(validatingCString: p) else {
            throw EvaluationError(field: field(), message: "the text is not UTF-8")
        }
        if entries.count >= StringCache.capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = text
        return text
    }

    mutating func text(_ p: UnsafePointer<CChar>?, _ field: @autoclosure () -> String) throws(EvaluationError) -> String? {
        guard let p else { return nil }
        return try required(p, field())
    }

    /// Whether the C string at `p` is exactly `text` (read no further than its NUL).
    static func same(_ text: String, _ p: UnsafePointer<CChar>) -> Bool {
        var i = 0
        for byte in text.utf8 {
            guard UInt8(bitPattern: p[i]) == byte else { return false }
            i += 1
        }
        return p[i] == 0
    }

    /// `count` texts from a C array of C strings; NULL entries are errors.
    mutating func texts(_ p: UnsafePointer<UnsafePointer<CChar>?>?, _ count: Int, _ field: String,
                        into out: inout [String]) throws(EvaluationError) {
        out.removeAll(keepingCapacity: true)
        guard count > 0 else { return }
        guard let p else { throw EvaluationError(field: field, message: "\(count) entries given but the array is NULL") }
        for i in 0..<count {
            guard let s = p[i] else { throw EvaluationError(field: JSONPath.element(field, i), message: "the text is NULL") }
            out.append(try required(s, JSONPath.element(field, i)))
        }
    }
}

/// A count from C (a `size_t`, so past `Int.max` it reads as negative), at most `limit`.
func count(_ n: Int, _ field: String, limit: Int = 100_000) throws(EvaluationError) -> Int {
    guard n >= 0, n <= limit else {
        throw EvaluationError(field: field, message: "\(UInt(bitPattern: n)) entries is more than \(limit)")
    }
    return n
}

func optional(_ value: Int64) -> Int64? { value == PROMO_NONE ? nil : value }

func date(_ d: promo_date) -> LocalDate { LocalDate(year: Int(d.year), month: Int(d.month), day: Int(d.day)) }

extension EvaluatorHandle {
    /// Reads a receipt given as structs into `receipt`, reusing its storage.
    func read(_ r: promo_receipt) throws(EvaluationError) {
        receipt.date = date(r.date)
        receipt.minute = Int(r.minute)
        if let code = try strings.text(r.currency, "currency") {
            try ReceiptJSON.checkCurrency(code, shown: "\"\(code)\"", bundle: bundle.bundle.currencyCode, field: "currency")
        }
        receipt.store.id = optional(r.store_id)
        receipt.store.format = try strings.text(r.store_format, "store.format")
        receipt.store.region = try strings.text(r.store_region, "store.region")
        receipt.store.city = try strings.text(r.store_city, "store.city")
        try strings.texts(r.store_groups, count(r.store_group_count, "store.groups"), "store.groups", into: &receipt.store.groups)
        receipt.channel = try strings.text(r.channel, "channel")
        try strings.texts(r.coupons, count(r.coupon_count, "coupons"), "coupons", into: &receipt.coupons)
        try strings.texts(r.codes, count(r.code_count, "codes"), "codes", into: &receipt.codes)
        receipt.redeem = optional(r.redeem)
        // The customer's storage is kept from receipt to receipt: taken out of the receipt (so
        // that it is not shared) and filled again.
        var kept = receipt.customer
        receipt.customer = nil
        if let c = r.customer {
            if kept == nil { kept = Customer(id: "") }
            try read(c.pointee, into: &kept!)
            receipt.customer = kept
        }

        let n = try count(r.line_count, "lines")
        receipt.lines.removeAll(keepingCapacity: true)
        guard n > 0 else { return }
        guard let lines = r.lines else { throw EvaluationError(field: "lines", message: "\(n) lines given but the array is NULL") }
        receipt.lines.reserveCapacity(n)
        for i in 0..<n {
            let l = lines[i]
            let at = { JSONPath.element("lines", i) }
            var line = Line(sku: l.sku, name: try strings.text(l.name, at() + ".name"),
                            category: try strings.text(l.category, at() + ".category"),
                            brand: try strings.text(l.brand, at() + ".brand"), price: l.price, quantity: l.quantity,
                            amount: optional(l.amount), excise: l.flags & PROMO_LINE_EXCISE != 0,
                            weighed: l.flags & PROMO_LINE_WEIGHED != 0, minPrice: optional(l.min_price))
            if l.extra_flag_count > 0 {
                try strings.texts(l.extra_flags, count(l.extra_flag_count, at() + ".flags", limit: 1_000), at() + ".flags",
                                  into: &line.flags)
            }
            receipt.lines.append(line)
        }
    }

    func read(_ c: promo_customer, into customer: inout Customer) throws(EvaluationError) {
        guard let id = try strings.text(c.id, "customer.id") else {
            throw EvaluationError(field: "customer.id", message: "a customer needs an id (pass no customer for an anonymous receipt)")
        }
        customer.id = id
        customer.card = c.card != 0
        customer.name = try strings.text(c.name, "customer.name")
        customer.bonusBalance = optional(c.bonus_balance)
        customer.chips = optional(c.chips)
        customer.facts.removeAll(keepingCapacity: true)
        customer.counters.removeAll(keepingCapacity: true)
        customer.usage.removeAll(keepingCapacity: true)
        customer.levels.removeAll(keepingCapacity: true)
        try strings.texts(c.segments, count(c.segment_count, "customer.segments"), "customer.segments", into: &customer.segments)

        func array<T>(_ p: UnsafePointer<T>?, _ n: Int, _ field: String) throws(EvaluationError) -> UnsafeBufferPointer<T> {
            let n = try count(n, field)
            guard n > 0 else { return UnsafeBufferPointer(start: nil, count: 0) }
            guard let p else { throw EvaluationError(field: field, message: "\(n) entries given but the array is NULL") }
            return UnsafeBufferPointer(start: p, count: n)
        }
        func key(_ p: UnsafePointer<CChar>?, _ field: String) throws(EvaluationError) -> String {
            guard let k = try strings.text(p, field) else { throw EvaluationError(field: field, message: "the name is NULL") }
            return k
        }

        for (i, f) in try array(c.facts, c.fact_count, "customer.facts").enumerated() {
            let name = try key(f.key, JSONPath.element("customer.facts", i) + ".key")
            let field = JSONPath.member("customer.facts", name)
            switch Int(f.kind) {
            case PROMO_FACT_NUMBER: customer.facts[name] = .number(f.number)
            case PROMO_FACT_BOOL: customer.facts[name] = .bool(f.number != 0)
            case PROMO_FACT_TEXT:
                guard let text = try strings.text(f.text, field) else { throw EvaluationError(field: field, message: "a text fact has a NULL text") }
                customer.facts[name] = .text(text)
            case PROMO_FACT_DATE: customer.facts[name] = .date(date(f.date))
            default: throw EvaluationError(field: field, message: "unknown fact kind \(f.kind); the kinds are PROMO_FACT_NUMBER, _BOOL, _TEXT and _DATE")
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
