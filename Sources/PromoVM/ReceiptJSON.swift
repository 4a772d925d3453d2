import PromoBytecode
import PromoJSON

/// The JSON form of receipts (docs/receipt-format.md).
///
/// Money and quantities are decimal strings (`"100.00"`, `"0.350"`) read exactly: money has at
/// most the currency's decimals, quantities at most 3; JSON numbers are accepted too and read
/// from their literal text by the same rule, never through floating point. Whole numbers (SKU,
/// store id, chips, usage counts) may be JSON numbers or strings. Unknown members are ignored;
/// `null` is the same as a missing member.
///
/// Every problem is an ``EvaluationError`` naming the field (`lines[3].qty`); a document that is
/// not JSON gives its line and column.
public enum ReceiptJSON {
    /// The most lines a receipt may have.
    public static let maxLines = 100_000
    /// The largest magnitude of any amount (minor units), quantity (thousandths) or count, and
    /// of a line's amount: 10^13. Sums over `maxLines` lines stay within `Int64`.
    public static let maxMagnitude: Int64 = 10_000_000_000_000
    /// The largest quantity of a line, in thousandths: a million units.
    public static let maxLineQuantity: Int64 = 1_000_000_000
    /// The sales channels a receipt may name.
    public static let channels = ChannelCode.allCases.map(\.name)

    // MARK: Decoding

    /// Decodes one receipt. `factTags` (see ``factTags(of:)``) types the customer's facts by the
    /// bundle's manifest; without it facts are read untyped (see docs/receipt-format.md).
    public static func decode(_ bytes: [UInt8], decimals: Int, factTags: [String: ValueTag]? = nil,
                              currency: String? = nil) throws(EvaluationError) -> Receipt {
        try decode(parse(bytes), decimals: decimals, factTags: factTags, currency: currency)
    }

    /// Decodes one receipt with the bundle's currency decimals and fact manifest.
    public static func decode(_ bytes: [UInt8], bundle: LoadedBundle) throws(EvaluationError) -> Receipt {
        try decode(parse(bytes), decimals: bundle.currencyDecimals, factTags: factTags(of: bundle), currency: bundle.currencyCode)
    }

    /// `currency`: the bundle's currency code; a receipt that names another currency is refused.
    public static func decode(_ value: JSONValue, decimals: Int, factTags: [String: ValueTag]? = nil,
                              currency: String? = nil) throws(EvaluationError) -> Receipt {
        try Reader(decimals: decimals, factTags: factTags, currency: currency).receipt(value, "")
    }

    /// Decodes a document holding an array of receipts (or a single receipt object). Fields
    /// of the receipts are named `[3].lines[0].qty`.
    public static func decodeMany(_ bytes: [UInt8], decimals: Int, factTags: [String: ValueTag]? = nil,
                                  currency: String? = nil) throws(EvaluationError) -> [Receipt] {
        try decodeMany(parse(bytes), decimals: decimals, factTags: factTags, currency: currency)
    }

    public static func decodeMany(_ bytes: [UInt8], bundle: LoadedBundle) throws(EvaluationError) -> [Receipt] {
        try decodeMany(parse(bytes), decimals: bundle.currencyDecimals, factTags: factTags(of: bundle), currency: bundle.currencyCode)
    }

    public static func decodeMany(_ value: JSONValue, decimals: Int, factTags: [String: ValueTag]? = nil,
                                  currency: String? = nil) throws(EvaluationError) -> [Receipt] {
        let reader = Reader(decimals: decimals, factTags: factTags, currency: currency)
        switch value {
        case .object: return [try reader.receipt(value, "")]
        case .array(let items):
            var receipts: [Receipt] = []
            receipts.reserveCapacity(items.count)
            for (i, item) in items.enumerated() { receipts.append(try reader.receipt(item, JSONPath.element("", i))) }
            return receipts
        default:
            throw EvaluationError(field: "", message: "expected an array of receipts or one receipt object, found \(value.kindName)")
        }
    }

    /// Parses JSON, giving a syntax error as an ``EvaluationError``: the field is the member
    /// being read when it went wrong (empty at the top level), the message has line and column.
    public static func parse(_ bytes: [UInt8]) throws(EvaluationError) -> JSONValue {
        do throws(JSONParseError) {
            return try JSONParser.parse(bytes)
        } catch {
            throw EvaluationError(field: error.path, message: "invalid JSON at line \(error.line), column \(error.column): \(error.message)")
        }
    }

    /// The bundle's fact manifest: each key with its value type.
    public static func factTags(of bundle: LoadedBundle) -> [String: ValueTag] {
        var tags: [String: ValueTag] = [:]
        let strings = bundle.model.strings
        for fact in bundle.model.facts where Int(fact.key) < strings.count {
            tags[strings[Int(fact.key)]] = fact.tag
        }
        return tags
    }

    /// Checks a receipt's currency code (`shown` as the receipt wrote it): three capital letters,
    /// and the bundle's own code when the bundle has one.
    public static func checkCurrency(_ code: String, shown: String, bundle currency: String?, field: String) throws(EvaluationError) {
        guard code.utf8.count == 3, code.utf8.allSatisfy({ (65...90).contains($0) }) else {
            throw EvaluationError(field: field, message: "unknown currency \(shown); expected a code of three capital letters like \"RUB\"")
        }
        if let currency, !currency.isEmpty, code != currency {
            throw EvaluationError(field: field, message: "the receipt is in \(code) but the bundle's prices are in \(currency)")
        }
    }

    // MARK: Encoding

    /// The receipt as JSON in the same format, so `decode(encode(r))` gives `r` back. Facts are
    /// written by their tags when `factTags` has them (money as `"7500.00"`); numbers without a
    /// tag are written as whole numbers.
    public static func encode(_ receipt: Receipt, decimals: Int, factTags: [String: ValueTag]? = nil) -> JSONValue {
        func money(_ v: Int64) -> JSONValue { .string(FixedPoint.money(v, decimals: decimals)) }
        func strings(_ list: [String]) -> JSONValue { .array(list.map(JSONValue.string)) }
        func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
        var fields: [(String, JSONValue)] = [
            ("at", .string(dateTimeText(receipt.date, minute: receipt.minute))),
        ]
        let s = receipt.store
        fields.append(("store", .object([
            ("id", s.id.map { .int(Int($0)) } ?? .null), ("format", optional(s.format)), ("region", optional(s.region)),
            ("city", optional(s.city)), ("groups", strings(s.groups)),
        ])))
        fields.append(("channel", optional(receipt.channel)))
        fields.append(("coupons", strings(receipt.coupons)))
        fields.append(("codes", strings(receipt.codes)))
        fields.append(("redeem", receipt.redeem.map(money) ?? .null))
        if let c = receipt.customer {
            var customer: [(String, JSONValue)] = [
                ("id", .string(c.id)), ("card", .bool(c.card)), ("name", optional(c.name)), ("segments", strings(c.segments)),
                ("bonus_balance", c.bonusBalance.map(money) ?? .null), ("chips", c.chips.map { .int(Int($0)) } ?? .null),
            ]
            customer.append(("facts", .object(c.facts.sorted { $0.key < $1.key }.map { key, value in
                (key, factJSON(value, tag: factTags?[key], decimals: decimals))
            })))
            customer.append(("counters", .object(c.counters.sorted { $0.key < $1.key }.map {
                ($0.key, .string(FixedPoint.quantity($0.value)))
            })))
            customer.append(("usage", .object(c.usage.sorted { $0.key < $1.key }.map { key, u in
                (key, .object([
                    ("day", .int(Int(u.day))), ("week", .int(Int(u.week))), ("month", .int(Int(u.month))),
                    ("year", .int(Int(u.year))), ("lifetime", .int(Int(u.lifetime))),
                    ("units_day", .string(FixedPoint.quantity(u.unitsDay))), ("units_week", .string(FixedPoint.quantity(u.unitsWeek))),
                    ("units_month", .string(FixedPoint.quantity(u.unitsMonth))), ("units_year", .string(FixedPoint.quantity(u.unitsYear))),
                    ("units_lifetime", .string(FixedPoint.quantity(u.unitsLifetime))),
                ]))
            })))
            customer.append(("levels", .object(c.levels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
            fields.append(("customer", .object(customer)))
        } else {
            fields.append(("customer", .null))
        }
        fields.append(("lines", .array(receipt.lines.map { l in
            .object([
                ("sku", .int(Int(l.sku))), ("name", optional(l.name)), ("category", optional(l.category)), ("brand", optional(l.brand)),
                ("price", money(l.price)), ("qty", .string(FixedPoint.quantity(l.quantity))), ("amount", l.amount.map(money) ?? .null),
                ("excise", .bool(l.excise)), ("weighed", .bool(l.weighed)), ("min_price", l.minPrice.map(money) ?? .null),
                ("flags", strings(l.flags)),
            ])
        })))
        return .object(fields)
    }

    static func factJSON(_ value: FactValue, tag: ValueTag?, decimals: Int) -> JSONValue {
        switch value {
        case .bool(let b): return .bool(b)
        case .text(let t): return .string(t)
        case .date(let d): return .string(d.description)
        case .number(let n):
            switch tag {
            case .money?: return .string(FixedPoint.money(n, decimals: decimals))
            case .quantity?: return .string(FixedPoint.quantity(n))
            case .percent?: return .string(FixedPoint.percent(n))
            case .time?: return .string(timeText(Int(n)))
            case .dateTime?:
                let (day, minute) = n.quotientAndRemainder(dividingBy: 1440)
                let d = minute < 0 ? (day - 1, minute + 1440) : (day, minute)
                return .string(dateTimeText(Calendar.date(dayNumber: Int(d.0)), minute: Int(d.1)))
            default: return .int(Int(n))
            }
        }
    }

    static func timeText(_ minute: Int) -> String {
        let h = minute / 60, m = minute % 60
        return (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
    }

    static func dateTimeText(_ date: LocalDate, minute: Int) -> String { date.description + "T" + timeText(minute) }
}

// MARK: - Reader

/// Reads receipt JSON field by field, naming each field in its errors.
private struct Reader {
    let decimals: Int
    let factTags: [String: ValueTag]?
    /// The bundle's currency code, when known (empty: the bundle has no money).
    let currency: String?

    func error(_ field: String, _ message: String) -> EvaluationError { EvaluationError(field: field, message: message) }

    /// The members of an object, by name (the first of a repeated name), with the object's path.
    struct Object {
        let path: String
        let fields: [String: JSONValue]
        /// The members in their order, without repeats and nulls.
        let members: [(key: String, value: JSONValue)]

        init(_ all: [(String, JSONValue)], path: String) {
            var fields: [String: JSONValue] = [:]
            var members: [(key: String, value: JSONValue)] = []
            for (k, v) in all where fields[k] == nil {
                fields[k] = v
                if !v.isNull { members.append((k, v)) }
            }
            self.fields = fields
            self.members = members
            self.path = path
        }

        func path(_ key: String) -> String { JSONPath.member(path, key) }

        /// The member, nil when it is missing or null.
        subscript(_ key: String) -> JSONValue? {
            guard let v = fields[key], !v.isNull else { return nil }
            return v
        }

        func required(_ key: String, _ what: String) throws(EvaluationError) -> JSONValue {
            guard let v = self[key] else {
                throw EvaluationError(field: path(key), message: "this required field is missing; expected \(what)")
            }
            return v
        }
    }

    func object(_ v: JSONValue, _ path: String, _ what: String) throws(EvaluationError) -> Object {
        guard case .object(let members) = v else { throw error(path, "expected \(what), found \(v.briefDescription)") }
        return Object(members, path: path)
    }

    // MARK: Scalars

    func text(_ v: JSONValue, _ path: String) throws(EvaluationError) -> String {
        guard case .string(let s) = v else { throw error(path, "expected text in double quotes, found \(v.briefDescription)") }
        return s
    }

    func optionalText(_ o: Object, _ key: String) throws(EvaluationError) -> String? {
        guard let v = o[key] else { return nil }
        return try text(v, o.path(key))
    }

    func bool(_ o: Object, _ key: String) throws(EvaluationError) -> Bool {
        guard let v = o[key] else { return false }
        guard case .bool(let b) = v else { throw error(o.path(key), "expected true or false, found \(v.briefDescription)") }
        return b
    }

    func texts(_ o: Object, _ key: String) throws(EvaluationError) -> [String] {
        guard let v = o[key] else { return [] }
        guard case .array(let items) = v else {
            throw error(o.path(key), "expected an array of texts like [\"a\", \"b\"], found \(v.briefDescription)")
        }
        var out: [String] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() { out.append(try text(item, JSONPath.element(o.path(key), i))) }
        return out
    }

    /// The text of a number or a string, for the fixed-point readers.
    func numeric(_ v: JSONValue) -> (text: String, isString: Bool)? {
        switch v {
        case .string(let s): (s, true)
        case .number, .int: (v.numberText ?? "", false)
        default: nil
        }
    }

    /// A fixed-point value with at most `places` decimals, its magnitude at most `limit` (nil:
    /// the range of `Int64`). Limits are written in full for money, trimmed for the rest.
    /// `what` names the kind for messages ("money like \"100.00\"").
    func fixed(_ v: JSONValue, _ path: String, places: Int, what: String, noun: String,
               limit: Int64? = ReceiptJSON.maxMagnitude, isMoney: Bool = false) throws(EvaluationError) -> Int64 {
        let limitText = limit.map { isMoney ? FixedPoint.format($0, decimals: places) : FixedPoint.formatTrimmed($0, decimals: places) }
            ?? String(Int64.max)
        guard let (text, isString) = numeric(v) else { throw error(path, "expected \(what), found \(v.briefDescription)") }
        let value: Int64
        do throws(JSONNumber.ScaleProblem) {
            value = try JSONNumber.scaled(text, decimals: places, exponent: !isString)
        } catch {
            switch error {
            case .malformed:
                throw self.error(path, "expected \(what), found \(v.briefDescription)")
            case .tooManyDecimals:
                let limit = places == 0 ? "is a whole number" : "has at most \(places) decimal\(places == 1 ? "" : "s")"
                throw self.error(path, "\(noun) \(limit), found \(v.briefDescription)")
            case .tooLarge:
                throw self.error(path, "\(noun) is too large: at most \(limitText), found \(v.briefDescription)")
            }
        }
        guard value.magnitude <= (limit ?? Int64.max).magnitude else {
            throw error(path, "\(noun) is too large: at most \(limitText), found \(v.briefDescription)")
        }
        return value
    }

    var moneyExample: String { FixedPoint.money(100 * power(decimals), decimals: decimals) }

    func power(_ n: Int) -> Int64 {
        var p: Int64 = 1
        for _ in 0..<min(max(n, 0), 12) { p *= 10 }
        return p
    }

    func money(_ v: JSONValue, _ path: String, noun: String = "money", negative: Bool = false) throws(EvaluationError) -> Int64 {
        let m = try fixed(v, path, places: decimals, what: "money like \"\(moneyExample)\"", noun: noun, isMoney: true)
        if m < 0 && !negative { throw error(path, "\(noun) cannot be negative, found \(v.briefDescription)") }
        return m
    }

    func quantity(_ v: JSONValue, _ path: String, noun: String = "a quantity",
                  limit: Int64 = ReceiptJSON.maxMagnitude) throws(EvaluationError) -> Int64 {
        try fixed(v, path, places: FixedPoint.quantityDecimals, what: "a quantity like \"0.350\"", noun: noun, limit: limit)
    }

    func whole(_ v: JSONValue, _ path: String, noun: String, bounded: Bool = true, negative: Bool = false) throws(EvaluationError) -> Int64 {
        // Identifiers (SKU, store id) may use the whole range of Int64.
        let n = try fixed(v, path, places: 0, what: "a whole number", noun: noun, limit: bounded ? ReceiptJSON.maxMagnitude : nil)
        if n < 0 && !negative { throw error(path, "\(noun) cannot be negative, found \(v.briefDescription)") }
        return n
    }

    // MARK: Dates

    /// `YYYY-MM-DD`, a real date in years 1 to 9999.
    func date(_ text: String) -> Result<LocalDate, DateProblem> {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              let y = digits(b, 0, 4), let m = digits(b, 5, 2), let d = digits(b, 8, 2) else { return .failure(.malformed) }
        return checked(LocalDate(year: y, month: m, day: d))
    }

    enum DateProblem: Error { case malformed, invalid(String) }

    func checked(_ d: LocalDate) -> Result<LocalDate, DateProblem> {
        if d.year < 1 { return .failure(.invalid("year 0 does not exist")) }
        if !(1...12).contains(d.month) { return .failure(.invalid("month \(d.month) does not exist")) }
        let days = Calendar.daysIn(month: d.month, year: d.year)
        if d.day < 1 || d.day > days {
            let names = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]
            return .failure(.invalid("\(names[d.month - 1]) \(d.year) has \(days) days"))
        }
        return .success(d)
    }

    func digits(_ b: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start + count <= b.count else { return nil }
        var v = 0
        for k in start..<start + count {
            guard b[k] >= 0x30 && b[k] <= 0x39 else { return nil }
            v = v * 10 + Int(b[k] - 0x30)
        }
        return v
    }

    /// `HH:MM` or `HH:MM:SS` (seconds are checked and dropped): the minute of the day.
    func time(_ b: ArraySlice<UInt8>) -> Result<Int, DateProblem> {
        let b = Array(b)
        guard b.count == 5 || b.count == 8, b[2] == UInt8(ascii: ":"), let h = digits(b, 0, 2), let m = digits(b, 3, 2) else {
            return .failure(.malformed)
        }
        if b.count == 8 {
            guard b[5] == UInt8(ascii: ":"), let s = digits(b, 6, 2) else { return .failure(.malformed) }
            if s > 59 { return .failure(.invalid("second \(s) does not exist")) }
        }
        if h > 23 { return .failure(.invalid("hour \(h) does not exist")) }
        if m > 59 { return .failure(.invalid("minute \(m) does not exist")) }
        return .success(h * 60 + m)
    }

    /// `YYYY-MM-DDTHH:MM` (a space for `T` and `:SS` are accepted); local time, no zone.
    func dateTime(_ v: JSONValue, _ path: String) throws(EvaluationError) -> (LocalDate, Int) {
        let example = "a local date and time like \"2026-12-02T10:00\""
        guard case .string(let s) = v else { throw error(path, "expected \(example), found \(v.briefDescription)") }
        let b = Array(s.utf8)
        guard b.count >= 16, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " ") else {
            throw error(path, "expected \(example), found \(v.briefDescription)")
        }
        let d: LocalDate
        switch date(String(decoding: b[0..<10], as: UTF8.self)) {
        case .success(let x): d = x
        case .failure(.malformed): throw error(path, "expected \(example), found \(v.briefDescription)")
        case .failure(.invalid(let why)): throw error(path, "\(v.briefDescription) is not a valid date: \(why)")
        }
        let rest = b[11...]
        if rest.count > 8 || rest.contains(UInt8(ascii: "Z")) || rest.contains(UInt8(ascii: "+")) || rest.dropFirst(2).contains(UInt8(ascii: "-")) {
            throw error(path, "expected \(example) in the store's local time, without a time zone or fractions of a second, found \(v.briefDescription)")
        }
        switch time(rest) {
        case .success(let minute): return (d, minute)
        case .failure(.malformed): throw error(path, "expected \(example), found \(v.briefDescription)")
        case .failure(.invalid(let why)): throw error(path, "\(v.briefDescription) is not a valid time: \(why)")
        }
    }

    func dateValue(_ v: JSONValue, _ path: String, yearly: Bool = false) throws(EvaluationError) -> LocalDate {
        let example = yearly ? "a date like \"1990-12-04\" (or \"--12-04\" without the year)" : "a date like \"2026-12-02\""
        guard case .string(var s) = v else { throw error(path, "expected \(example), found \(v.briefDescription)") }
        // A yearly date without its year: 2000 is a leap year, so --02-29 is kept.
        if yearly && s.utf8.count == 7 && s.hasPrefix("--") { s = "2000" + s.dropFirst() }
        switch date(s) {
        case .success(let d): return d
        case .failure(.malformed): throw error(path, "expected \(example), found \(v.briefDescription)")
        case .failure(.invalid(let why)): throw error(path, "\(v.briefDescription) is not a valid date: \(why)")
        }
    }

    // MARK: The receipt

    func receipt(_ v: JSONValue, _ path: String) throws(EvaluationError) -> Receipt {
        let o = try object(v, path, "a receipt object")
        let (date, minute) = try dateTime(try o.required("at", "the local date and time like \"2026-12-02T10:00\""), o.path("at"))
        var receipt = Receipt(date: date, minute: minute)
        if let c = o["currency"] { try checkCurrency(c, o.path("currency")) }
        if let s = o["store"] { receipt.store = try store(s, o.path("store")) }
        if let c = o["channel"] {
            let name = try text(c, o.path("channel"))
            guard ReceiptJSON.channels.contains(name) else {
                throw error(o.path("channel"), "unknown channel \(c.briefDescription); expected one of \(ReceiptJSON.channels.joined(separator: ", "))")
            }
            receipt.channel = name
        }
        receipt.coupons = try texts(o, "coupons")
        receipt.codes = try texts(o, "codes")
        if let r = o["redeem"] { receipt.redeem = try money(r, o.path("redeem"), noun: "a bonus payment") }
        if let c = o["customer"] { receipt.customer = try customer(c, o.path("customer")) }
        let linesValue = try o.required("lines", "an array of lines like [{\"sku\": 1042, \"price\": \"100.00\", \"qty\": \"1\"}]")
        guard case .array(let items) = linesValue else {
            throw error(o.path("lines"), "expected an array of lines, found \(linesValue.briefDescription)")
        }
        guard items.count <= ReceiptJSON.maxLines else {
            throw error(o.path("lines"), "a receipt has at most \(ReceiptJSON.maxLines) lines, found \(items.count)")
        }
        receipt.lines.reserveCapacity(items.count)
        for (i, item) in items.enumerated() { receipt.lines.append(try line(item, JSONPath.element(o.path("lines"), i))) }
        return receipt
    }

    /// `"currency": "RUB"` (optional): an ISO 4217 code, the bundle's own.
    func checkCurrency(_ v: JSONValue, _ path: String) throws(EvaluationError) {
        try ReceiptJSON.checkCurrency(text(v, path), shown: v.briefDescription, bundle: currency, field: path)
    }

    func store(_ v: JSONValue, _ path: String) throws(EvaluationError) -> Store {
        let o = try object(v, path, "a store object")
        var s = Store()
        if let id = o["id"] { s.id = try whole(id, o.path("id"), noun: "a store id", bounded: false, negative: true) }
        s.format = try optionalText(o, "format")
        s.region = try optionalText(o, "region")
        s.city = try optionalText(o, "city")
        s.groups = try texts(o, "groups")
        return s
    }

    func customer(_ v: JSONValue, _ path: String) throws(EvaluationError) -> Customer {
        let o = try object(v, path, "a customer object (or null for an anonymous receipt)")
        let idValue = try o.required("id", "the customer's id, like \"81622988\"")
        let id: String
        switch idValue {
        case .string(let s) where !s.isEmpty: id = s
        case .number, .int:
            guard let n = idValue.asInt64, n >= 0 else {
                throw error(o.path("id"), "expected the customer's id as text or a whole number, found \(idValue.briefDescription)")
            }
            id = String(n)
        default: throw error(o.path("id"), "expected the customer's id as text or a whole number, found \(idValue.briefDescription)")
        }
        var c = Customer(id: id)
        c.card = try bool(o, "card")
        c.name = try optionalText(o, "name")
        c.segments = try texts(o, "segments")
        if let b = o["bonus_balance"] { c.bonusBalance = try money(b, o.path("bonus_balance"), noun: "a bonus balance") }
        if let n = o["chips"] { c.chips = try whole(n, o.path("chips"), noun: "a number of chips") }
        if let f = o["facts"] {
            let facts = try object(f, o.path("facts"), "an object of facts by their manifest keys")
            for (key, value) in facts.members {
                c.facts[key] = try fact(value, facts.path(key), tag: factTags?[key])
            }
        }
        if let f = o["counters"] {
            let counters = try object(f, o.path("counters"), "an object of counter values like {\"coffees\": \"5\"}")
            for (key, value) in counters.members {
                c.counters[key] = try quantity(value, counters.path(key), noun: "a counter")
            }
        }
        if let f = o["usage"] {
            let usage = try object(f, o.path("usage"), "an object of uses by promo or restriction name")
            for (key, value) in usage.members {
                c.usage[key] = try self.usage(value, usage.path(key))
            }
        }
        if let f = o["levels"] {
            let levels = try object(f, o.path("levels"), "an object of levels by tier program, like {\"loyalty\": \"gold\"}")
            for (key, value) in levels.members {
                c.levels[key] = try text(value, levels.path(key))
            }
        }
        return c
    }

    func usage(_ v: JSONValue, _ path: String) throws(EvaluationError) -> Usage {
        let o = try object(v, path, "an object like {\"day\": 1, \"week\": 1, \"month\": 2, \"year\": 5, \"lifetime\": 9}")
        var u = Usage()
        func uses(_ key: String) throws(EvaluationError) -> Int64 {
            guard let x = o[key] else { return 0 }
            return try whole(x, o.path(key), noun: "a number of uses")
        }
        func units(_ key: String) throws(EvaluationError) -> Int64 {
            guard let x = o[key] else { return 0 }
            let q = try quantity(x, o.path(key), noun: "a quantity of goods")
            if q < 0 { throw error(o.path(key), "a quantity of goods cannot be negative, found \(x.briefDescription)") }
            return q
        }
        u.day = try uses("day")
        u.week = try uses("week")
        u.month = try uses("month")
        u.year = try uses("year")
        u.lifetime = try uses("lifetime")
        u.unitsDay = try units("units_day")
        u.unitsWeek = try units("units_week")
        u.unitsMonth = try units("units_month")
        u.unitsYear = try units("units_year")
        u.unitsLifetime = try units("units_lifetime")
        return u
    }

    /// A fact by its tag in the manifest; untyped (best effort, never an error for a scalar)
    /// when the manifest does not list the key or no manifest was given.
    func fact(_ v: JSONValue, _ path: String, tag: ValueTag?) throws(EvaluationError) -> FactValue {
        guard let tag else {
            switch v {
            case .bool(let b): return .bool(b)
            case .string(let s):
                if case .success(let d) = date(s) { return .date(d) }
                if let n = untypedNumber(s, exponent: false) { return .number(n) }
                return .text(s)
            case .number, .int:
                if let n = untypedNumber(v.numberText ?? "", exponent: true) { return .number(n) }
                return .text(v.numberText ?? "")
            default:
                throw error(path, "expected a fact value (true or false, a number, a date like \"2026-12-02\" or text), found \(v.briefDescription)")
            }
        }
        switch tag {
        case .money: return .number(try money(v, path, negative: true))
        case .count: return .number(try whole(v, path, noun: "a count", negative: true))
        case .quantity: return .number(try quantity(v, path))
        case .percent:
            return .number(try fixed(v, path, places: FixedPoint.percentDecimals, what: "a percent like \"12.5\"", noun: "a percent"))
        case .duration: return .number(try whole(v, path, noun: "a number of days", negative: true))
        case .bool:
            guard case .bool(let b) = v else { throw error(path, "expected true or false, found \(v.briefDescription)") }
            return .bool(b)
        case .string: return .text(try text(v, path))
        case .date: return .date(try dateValue(v, path))
        case .anniversary: return .date(try dateValue(v, path, yearly: true))
        case .time:
            guard case .string(let s) = v, case .success(let minute) = time(ArraySlice(s.utf8)) else {
                throw error(path, "expected a time like \"10:00\", found \(v.briefDescription)")
            }
            return .number(Int64(minute))
        case .dateTime:
            let (d, minute) = try dateTime(v, path)
            return .number(Int64(Calendar.dayNumber(d)) * 1440 + Int64(minute))
        }
    }

    /// An untyped number: written without a fraction it is a whole number as it is; with
    /// one, money in minor units. Nil when it is neither (then the fact is kept as text).
    func untypedNumber(_ text: String, exponent: Bool) -> Int64? {
        guard let p = JSONNumber.parts(text, exponent: exponent) else { return nil }
        let n = try? JSONNumber.scaled(p, decimals: p.fractionDigits - p.exponent <= 0 ? 0 : decimals)
        guard let n, n.magnitude <= ReceiptJSON.maxMagnitude.magnitude else { return nil }
        return n
    }

    func line(_ v: JSONValue, _ path: String) throws(EvaluationError) -> Line {
        let o = try object(v, path, "a line object like {\"sku\": 1042, \"price\": \"100.00\", \"qty\": \"1\"}")
        let sku = try whole(try o.required("sku", "the SKU, a whole number"), o.path("sku"), noun: "a SKU", bounded: false)
        let priceValue = try o.required("price", "the price of one unit, like \"\(moneyExample)\"")
        let price = try money(priceValue, o.path("price"), noun: "a price")
        var l = Line(sku: sku, price: price)
        l.name = try optionalText(o, "name")
        l.category = try optionalText(o, "category")
        l.brand = try optionalText(o, "brand")
        if let q = o["qty"] {
            // A negative quantity is told as such, however large.
            let negative = numeric(q).map { $0.text.hasPrefix("-") && JSONNumber.parts($0.text, exponent: !$0.isString) != nil } ?? false
            if !negative { l.quantity = try quantity(q, o.path("qty"), limit: ReceiptJSON.maxLineQuantity) }
            if negative || l.quantity == 0 {
                throw error(o.path("qty"), "the quantity must be more than 0, found \(q.briefDescription)")
            }
        }
        // price × quantity, half up, must stay within the largest line amount.
        let (product, overflow) = price.multipliedReportingOverflow(by: l.quantity)
        let computed = overflow ? Int64.max : product / 1000 + (product % 1000 >= 500 ? 1 : 0)
        if computed > ReceiptJSON.maxMagnitude {
            let limit = FixedPoint.money(ReceiptJSON.maxMagnitude, decimals: decimals)
            throw error(o.path("qty"), "price \(FixedPoint.money(price, decimals: decimals)) × quantity \(FixedPoint.quantity(l.quantity)) is more than the largest line amount, \(limit)")
        }
        if let a = o["amount"] { l.amount = try money(a, o.path("amount"), noun: "an amount") }
        l.excise = try bool(o, "excise")
        l.weighed = try bool(o, "weighed")
        if let m = o["min_price"] { l.minPrice = try money(m, o.path("min_price"), noun: "a minimum price") }
        l.flags = try texts(o, "flags")
        return l
    }
}
