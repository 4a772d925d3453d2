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
        try Reader(decimals: decimals, factTags: factTags, currency: currency).receipt(value)
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
        case .object: return [try reader.receipt(value)]
        case .array(let items):
            var receipts: [Receipt] = []
            receipts.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                receipts.append(try reader.under(JSONPath.element("", i)) { () throws(EvaluationError) in try reader.receipt(item) })
            }
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
    public static func checkCurrency(_ code: String, shown: @autoclosure () -> String, bundle currency: String?,
                                     field: String) throws(EvaluationError) {
        guard code.utf8.count == 3, code.utf8.allSatisfy({ (65...90).contains($0) }) else {
            throw EvaluationError(field: field, message: "unknown currency \(shown()); expected a code of three capital letters like \"RUB\"")
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

/// Reads receipt JSON field by field. Each reader throws with the field relative to the value
/// it reads (empty: the value itself); the caller puts it under the member's name or index with
/// ``under(_:_:)``, so paths are built only for errors.
private struct Reader {
    let decimals: Int
    let factTags: [String: ValueTag]?
    /// The bundle's currency code, when known (empty: the bundle has no money).
    let currency: String?

    func error(_ field: String, _ message: String) -> EvaluationError { EvaluationError(field: field, message: message) }

    /// Runs `body`, putting the field of an error it throws under `field`.
    @inline(__always)
    func under<T>(_ field: @autoclosure () -> String, _ body: () throws(EvaluationError) -> T) throws(EvaluationError) -> T {
        do throws(EvaluationError) {
            return try body()
        } catch {
            throw EvaluationError(field: Reader.join(field(), error.field), message: error.message)
        }
    }

    /// The path `inner` (as ``JSONPath`` writes it, from an object or array) under `outer`:
    /// `join("lines[3]", "qty")` is `lines[3].qty`, `join("facts", "[\"a b\"]")` is `facts["a b"]`.
    static func join(_ outer: String, _ inner: String) -> String {
        if inner.isEmpty { return outer }
        if outer.isEmpty { return inner }
        if inner.utf8.first == UInt8(ascii: "[") { return outer + inner }
        return outer + "." + inner
    }

    // MARK: Objects

    /// The names a reader looks for in one kind of object. Their order is the order tills
    /// usually write them in (that of ``ReceiptJSON/encode(_:decimals:factTags:)``), which
    /// makes matching a member mostly a single comparison.
    enum Names {
        static let receipt = ["at", "currency", "store", "channel", "coupons", "codes", "redeem", "customer", "lines"]
        static let store = ["id", "format", "region", "city", "groups"]
        static let customer = ["id", "card", "name", "segments", "bonus_balance", "chips", "facts", "counters", "usage", "levels"]
        static let usage = ["day", "week", "month", "year", "lifetime",
                            "units_day", "units_week", "units_month", "units_year", "units_lifetime"]
        static let line = ["sku", "name", "category", "brand", "price", "qty", "amount", "excise", "weighed", "min_price", "flags"]
    }

    /// An object's members by the names of its kind (``Names``): the first member of each name.
    /// Members of other names are ignored.
    struct Object {
        let members: [(String, JSONValue)]
        let names: [String]
        /// For each name, the index of its first member; -1 when there is none.
        var slots: (Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32,
                    Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32) =
            (-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1)
        static let maxNames = 16

        func slot(_ k: Int) -> Int {
            withUnsafeBytes(of: slots) { Int($0.load(fromByteOffset: k &* 4, as: Int32.self)) }
        }

        init(_ members: [(String, JSONValue)], names: [String]) {
            self.members = members
            self.names = names
            let n = min(names.count, Object.maxNames)
            var next = 0
            for j in members.indices {
                guard j < Int(Int32.max) else { break }
                let key = members[j].0
                let length = key.utf8.count
                // From the name after the last one matched, around.
                var k = next, tries = 0
                while tries < n {
                    if k == n { k = 0 }
                    // The names are plain ASCII, which no other text equals.
                    if names[k].utf8.count == length && names[k] == key { break }
                    k += 1
                    tries += 1
                }
                guard tries < n else { continue }
                if slot(k) < 0 {
                    withUnsafeMutableBytes(of: &slots) { $0.storeBytes(of: Int32(j), toByteOffset: k &* 4, as: Int32.self) }
                }
                next = k + 1
            }
        }

        /// The member named `names[k]`, nil when it is missing or null.
        subscript(_ k: Int) -> JSONValue? {
            let j = slot(k)
            guard j >= 0 else { return nil }
            let v = members[j].1
            if case .null = v { return nil }
            return v
        }

        func name(_ k: Int) -> String { names[k] }

        func required(_ k: Int, _ what: @autoclosure () -> String) throws(EvaluationError) -> JSONValue {
            guard let v = self[k] else {
                throw EvaluationError(field: names[k], message: "this required field is missing; expected \(what())")
            }
            return v
        }
    }

    func object(_ v: JSONValue, _ what: @autoclosure () -> String, names: [String]) throws(EvaluationError) -> Object {
        guard case .object(let members) = v else { throw error("", "expected \(what()), found \(v.briefDescription)") }
        return Object(members, names: names)
    }

    /// Calls `body` with each member of an object of keys chosen by the receipt (facts,
    /// counters, usage, levels), in order, skipping nulls and the repeats of a key, and puts
    /// its errors under the member's key.
    func eachMember(_ v: JSONValue, _ what: @autoclosure () -> String,
                    _ body: (String, JSONValue) throws(EvaluationError) -> Void) throws(EvaluationError) {
        guard case .object(let members) = v else { throw error("", "expected \(what()), found \(v.briefDescription)") }
        // Small objects look for a repeat by a scan of the keys before, larger ones in a set.
        let scanLimit = 32
        var seen: Set<String>? = nil
        for j in members.indices {
            let (key, value) = members[j]
            if j >= scanLimit {
                if seen == nil { seen = Set(members[0..<j].lazy.map(\.0)) }
                if !seen!.insert(key).inserted { continue }
            } else if members[0..<j].contains(where: { $0.0 == key }) {
                continue
            }
            if case .null = value { continue }
            try under(JSONPath.member("", key)) { () throws(EvaluationError) in try body(key, value) }
        }
    }

    // MARK: Scalars

    func text(_ v: JSONValue) throws(EvaluationError) -> String {
        guard case .string(let s) = v else { throw error("", "expected text in double quotes, found \(v.briefDescription)") }
        return s
    }

    func optionalText(_ o: Object, _ k: Int) throws(EvaluationError) -> String? {
        guard let v = o[k] else { return nil }
        return try under(o.name(k)) { () throws(EvaluationError) in try text(v) }
    }

    func bool(_ o: Object, _ k: Int) throws(EvaluationError) -> Bool {
        guard let v = o[k] else { return false }
        guard case .bool(let b) = v else { throw error(o.name(k), "expected true or false, found \(v.briefDescription)") }
        return b
    }

    func texts(_ o: Object, _ k: Int) throws(EvaluationError) -> [String] {
        guard let v = o[k] else { return [] }
        guard case .array(let items) = v else {
            throw error(o.name(k), "expected an array of texts like [\"a\", \"b\"], found \(v.briefDescription)")
        }
        var out: [String] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            guard case .string(let s) = item else {
                throw error(JSONPath.element(o.name(k), i), "expected text in double quotes, found \(item.briefDescription)")
            }
            out.append(s)
        }
        return out
    }

    /// A fixed-point value with at most `places` decimals, its magnitude at most `limit` (nil:
    /// the range of `Int64`). Strings are read by the plain decimal grammar, numbers by JSON's.
    /// Limits are written in full for money, trimmed for the rest. `what` names the kind for
    /// messages ("money like \"100.00\"").
    func fixed(_ v: JSONValue, places: Int, what: @autoclosure () -> String, noun: String,
               limit: Int64? = ReceiptJSON.maxMagnitude, isMoney: Bool = false) throws(EvaluationError) -> Int64 {
        func limitText() -> String {
            limit.map { isMoney ? FixedPoint.format($0, decimals: places) : FixedPoint.formatTrimmed($0, decimals: places) }
                ?? String(Int64.max)
        }
        let text: String, isString: Bool
        switch v {
        case .string(let s): (text, isString) = (s, true)
        case .number(let t): (text, isString) = (t, false)
        case .int(let i): (text, isString) = (String(i), false)
        default: throw error("", "expected \(what()), found \(v.briefDescription)")
        }
        let value: Int64
        do throws(JSONNumber.ScaleProblem) {
            value = try JSONNumber.scaled(text, decimals: places, exponent: !isString)
        } catch {
            switch error {
            case .malformed:
                throw self.error("", "expected \(what()), found \(v.briefDescription)")
            case .tooManyDecimals:
                let limit = places == 0 ? "is a whole number" : "has at most \(places) decimal\(places == 1 ? "" : "s")"
                throw self.error("", "\(noun) \(limit), found \(v.briefDescription)")
            case .tooLarge:
                throw self.error("", "\(noun) is too large: at most \(limitText()), found \(v.briefDescription)")
            }
        }
        guard value.magnitude <= (limit ?? Int64.max).magnitude else {
            throw error("", "\(noun) is too large: at most \(limitText()), found \(v.briefDescription)")
        }
        return value
    }

    var moneyExample: String { FixedPoint.money(100 * power(decimals), decimals: decimals) }

    func power(_ n: Int) -> Int64 {
        var p: Int64 = 1
        for _ in 0..<min(max(n, 0), 12) { p *= 10 }
        return p
    }

    func money(_ v: JSONValue, noun: String = "money", negative: Bool = false) throws(EvaluationError) -> Int64 {
        let m = try fixed(v, places: decimals, what: "money like \"\(moneyExample)\"", noun: noun, isMoney: true)
        if m < 0 && !negative { throw error("", "\(noun) cannot be negative, found \(v.briefDescription)") }
        return m
    }

    func quantity(_ v: JSONValue, noun: String = "a quantity", limit: Int64 = ReceiptJSON.maxMagnitude) throws(EvaluationError) -> Int64 {
        try fixed(v, places: FixedPoint.quantityDecimals, what: "a quantity like \"0.350\"", noun: noun, limit: limit)
    }

    func whole(_ v: JSONValue, noun: String, bounded: Bool = true, negative: Bool = false) throws(EvaluationError) -> Int64 {
        // Identifiers (SKU, store id) may use the whole range of Int64.
        let n = try fixed(v, places: 0, what: "a whole number", noun: noun, limit: bounded ? ReceiptJSON.maxMagnitude : nil)
        if n < 0 && !negative { throw error("", "\(noun) cannot be negative, found \(v.briefDescription)") }
        return n
    }

    /// Money in member `k` of `o`, nil when it is missing or null.
    func money(_ o: Object, _ k: Int, noun: String) throws(EvaluationError) -> Int64? {
        guard let v = o[k] else { return nil }
        return try under(o.name(k)) { () throws(EvaluationError) in try money(v, noun: noun) }
    }

    // MARK: Dates

    /// Calls `body` with the UTF-8 of `text` in contiguous memory.
    func withUTF8<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = text.utf8.withContiguousStorageIfAvailable(body) { return r }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }

    /// `YYYY-MM-DD`, a real date in years 1 to 9999.
    func date(_ text: String) -> Result<LocalDate, DateProblem> {
        withUTF8(text) { date($0) }
    }

    func date(_ b: UnsafeBufferPointer<UInt8>) -> Result<LocalDate, DateProblem> {
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

    func digits(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        guard start + count <= b.count else { return nil }
        var v = 0
        for k in start..<start + count {
            guard b[k] >= 0x30 && b[k] <= 0x39 else { return nil }
            v = v * 10 + Int(b[k] - 0x30)
        }
        return v
    }

    /// `HH:MM` or `HH:MM:SS` (seconds are checked and dropped): the minute of the day.
    func time(_ b: UnsafeBufferPointer<UInt8>) -> Result<Int, DateProblem> {
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

    enum DateTimeReading {
        case success(LocalDate, Int)
        case malformed
        case invalidDate(String)
        case zoned
        case invalidTime(String)
    }

    /// `YYYY-MM-DDTHH:MM` (a space for `T` and `:SS` are accepted); local time, no zone.
    func dateTime(_ v: JSONValue) throws(EvaluationError) -> (LocalDate, Int) {
        let example = "a local date and time like \"2026-12-02T10:00\""
        guard case .string(let s) = v else { throw error("", "expected \(example), found \(v.briefDescription)") }
        let reading: DateTimeReading = withUTF8(s) { b in
            guard b.count >= 16, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " ") else { return .malformed }
            let d: LocalDate
            switch date(UnsafeBufferPointer(rebasing: b[0..<10])) {
            case .success(let x): d = x
            case .failure(.malformed): return .malformed
            case .failure(.invalid(let why)): return .invalidDate(why)
            }
            let rest = b[11...]
            if rest.count > 8 || rest.contains(UInt8(ascii: "Z")) || rest.contains(UInt8(ascii: "+"))
                || rest.dropFirst(2).contains(UInt8(ascii: "-")) {
                return .zoned
            }
            switch time(UnsafeBufferPointer(rebasing: rest)) {
            case .success(let minute): return .success(d, minute)
            case .failure(.malformed): return .malformed
            case .failure(.invalid(let why)): return .invalidTime(why)
            }
        }
        switch reading {
        case .success(let d, let minute): return (d, minute)
        case .malformed: throw error("", "expected \(example), found \(v.briefDescription)")
        case .invalidDate(let why): throw error("", "\(v.briefDescription) is not a valid date: \(why)")
        case .zoned:
            throw error("", "expected \(example) in the store's local time, without a time zone or fractions of a second, found \(v.briefDescription)")
        case .invalidTime(let why): throw error("", "\(v.briefDescription) is not a valid time: \(why)")
        }
    }

    func dateValue(_ v: JSONValue, yearly: Bool = false) throws(EvaluationError) -> LocalDate {
        let example = yearly ? "a date like \"1990-12-04\" (or \"--12-04\" without the year)" : "a date like \"2026-12-02\""
        guard case .string(var s) = v else { throw error("", "expected \(example), found \(v.briefDescription)") }
        // A yearly date without its year: 2000 is a leap year, so --02-29 is kept.
        if yearly && s.utf8.count == 7 && s.hasPrefix("--") { s = "2000" + s.dropFirst() }
        switch date(s) {
        case .success(let d): return d
        case .failure(.malformed): throw error("", "expected \(example), found \(v.briefDescription)")
        case .failure(.invalid(let why)): throw error("", "\(v.briefDescription) is not a valid date: \(why)")
        }
    }

    // MARK: The receipt

    func receipt(_ v: JSONValue) throws(EvaluationError) -> Receipt {
        typealias K = ReceiptKey
        let o = try object(v, "a receipt object", names: Names.receipt)
        let atValue = try o.required(K.at, "the local date and time like \"2026-12-02T10:00\"")
        let (date, minute) = try under(o.name(K.at)) { () throws(EvaluationError) in try dateTime(atValue) }
        var receipt = Receipt(date: date, minute: minute)
        if let c = o[K.currency] { try under(o.name(K.currency)) { () throws(EvaluationError) in try checkCurrency(c) } }
        if let s = o[K.store] { receipt.store = try under(o.name(K.store)) { () throws(EvaluationError) in try store(s) } }
        if let c = o[K.channel] {
            let name = try under(o.name(K.channel)) { () throws(EvaluationError) in try text(c) }
            guard ReceiptJSON.channels.contains(name) else {
                throw error(o.name(K.channel), "unknown channel \(c.briefDescription); expected one of \(ReceiptJSON.channels.joined(separator: ", "))")
            }
            receipt.channel = name
        }
        receipt.coupons = try texts(o, K.coupons)
        receipt.codes = try texts(o, K.codes)
        receipt.redeem = try money(o, K.redeem, noun: "a bonus payment")
        if let c = o[K.customer] { receipt.customer = try under(o.name(K.customer)) { () throws(EvaluationError) in try customer(c) } }
        let linesValue = try o.required(K.lines, "an array of lines like [{\"sku\": 1042, \"price\": \"100.00\", \"qty\": \"1\"}]")
        guard case .array(let items) = linesValue else {
            throw error(o.name(K.lines), "expected an array of lines, found \(linesValue.briefDescription)")
        }
        guard items.count <= ReceiptJSON.maxLines else {
            throw error(o.name(K.lines), "a receipt has at most \(ReceiptJSON.maxLines) lines, found \(items.count)")
        }
        receipt.lines.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            receipt.lines.append(try under(JSONPath.element(o.name(K.lines), i)) { () throws(EvaluationError) in try line(item) })
        }
        return receipt
    }

    /// `"currency": "RUB"` (optional): an ISO 4217 code, the bundle's own.
    func checkCurrency(_ v: JSONValue) throws(EvaluationError) {
        try ReceiptJSON.checkCurrency(text(v), shown: v.briefDescription, bundle: currency, field: "")
    }

    func store(_ v: JSONValue) throws(EvaluationError) -> Store {
        typealias K = StoreKey
        let o = try object(v, "a store object", names: Names.store)
        var s = Store()
        if let id = o[K.id] {
            s.id = try under(o.name(K.id)) { () throws(EvaluationError) in try whole(id, noun: "a store id", bounded: false, negative: true) }
        }
        s.format = try optionalText(o, K.format)
        s.region = try optionalText(o, K.region)
        s.city = try optionalText(o, K.city)
        s.groups = try texts(o, K.groups)
        return s
    }

    func customer(_ v: JSONValue) throws(EvaluationError) -> Customer {
        typealias K = CustomerKey
        let o = try object(v, "a customer object (or null for an anonymous receipt)", names: Names.customer)
        let idValue = try o.required(K.id, "the customer's id, like \"81622988\"")
        let id: String
        switch idValue {
        case .string(let s) where !s.isEmpty: id = s
        case .number, .int:
            guard let n = idValue.asInt64, n >= 0 else {
                throw error(o.name(K.id), "expected the customer's id as text or a whole number, found \(idValue.briefDescription)")
            }
            id = String(n)
        default: throw error(o.name(K.id), "expected the customer's id as text or a whole number, found \(idValue.briefDescription)")
        }
        var c = Customer(id: id)
        c.card = try bool(o, K.card)
        c.name = try optionalText(o, K.name)
        c.segments = try texts(o, K.segments)
        c.bonusBalance = try money(o, K.bonusBalance, noun: "a bonus balance")
        if let n = o[K.chips] {
            c.chips = try under(o.name(K.chips)) { () throws(EvaluationError) in try whole(n, noun: "a number of chips") }
        }
        if let f = o[K.facts] {
            try under(o.name(K.facts)) { () throws(EvaluationError) in
                try eachMember(f, "an object of facts by their manifest keys") { (key, value) throws(EvaluationError) in
                    c.facts[key] = try fact(value, tag: factTags?[key])
                }
            }
        }
        if let f = o[K.counters] {
            try under(o.name(K.counters)) { () throws(EvaluationError) in
                try eachMember(f, "an object of counter values like {\"coffees\": \"5\"}") { (key, value) throws(EvaluationError) in
                    c.counters[key] = try quantity(value, noun: "a counter")
                }
            }
        }
        if let f = o[K.usage] {
            try under(o.name(K.usage)) { () throws(EvaluationError) in
                try eachMember(f, "an object of uses by promo or restriction name") { (key, value) throws(EvaluationError) in
                    c.usage[key] = try usage(value)
                }
            }
        }
        if let f = o[K.levels] {
            try under(o.name(K.levels)) { () throws(EvaluationError) in
                try eachMember(f, "an object of levels by tier program, like {\"loyalty\": \"gold\"}") { (key, value) throws(EvaluationError) in
                    c.levels[key] = try text(value)
                }
            }
        }
        return c
    }

    func usage(_ v: JSONValue) throws(EvaluationError) -> Usage {
        typealias K = UsageKey
        let o = try object(v, "an object like {\"day\": 1, \"week\": 1, \"month\": 2, \"year\": 5, \"lifetime\": 9}", names: Names.usage)
        var u = Usage()
        func uses(_ k: Int) throws(EvaluationError) -> Int64 {
            guard let x = o[k] else { return 0 }
            return try under(o.name(k)) { () throws(EvaluationError) in try whole(x, noun: "a number of uses") }
        }
        func units(_ k: Int) throws(EvaluationError) -> Int64 {
            guard let x = o[k] else { return 0 }
            let q = try under(o.name(k)) { () throws(EvaluationError) in try quantity(x, noun: "a quantity of goods") }
            if q < 0 { throw error(o.name(k), "a quantity of goods cannot be negative, found \(x.briefDescription)") }
            return q
        }
        u.day = try uses(K.day)
        u.week = try uses(K.week)
        u.month = try uses(K.month)
        u.year = try uses(K.year)
        u.lifetime = try uses(K.lifetime)
        u.unitsDay = try units(K.unitsDay)
        u.unitsWeek = try units(K.unitsWeek)
        u.unitsMonth = try units(K.unitsMonth)
        u.unitsYear = try units(K.unitsYear)
        u.unitsLifetime = try units(K.unitsLifetime)
        return u
    }

    /// A fact by its tag in the manifest; untyped (best effort, never an error for a scalar)
    /// when the manifest does not list the key or no manifest was given.
    func fact(_ v: JSONValue, tag: ValueTag?) throws(EvaluationError) -> FactValue {
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
                throw error("", "expected a fact value (true or false, a number, a date like \"2026-12-02\" or text), found \(v.briefDescription)")
            }
        }
        switch tag {
        case .money: return .number(try money(v, negative: true))
        case .count: return .number(try whole(v, noun: "a count", negative: true))
        case .quantity: return .number(try quantity(v))
        case .percent:
            return .number(try fixed(v, places: FixedPoint.percentDecimals, what: "a percent like \"12.5\"", noun: "a percent"))
        case .duration: return .number(try whole(v, noun: "a number of days", negative: true))
        case .bool:
            guard case .bool(let b) = v else { throw error("", "expected true or false, found \(v.briefDescription)") }
            return .bool(b)
        case .string: return .text(try text(v))
        case .date: return .date(try dateValue(v))
        case .anniversary: return .date(try dateValue(v, yearly: true))
        case .time:
            guard case .string(let s) = v, case .success(let minute) = withUTF8(s, { time($0) }) else {
                throw error("", "expected a time like \"10:00\", found \(v.briefDescription)")
            }
            return .number(Int64(minute))
        case .dateTime:
            let (d, minute) = try dateTime(v)
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

    func line(_ v: JSONValue) throws(EvaluationError) -> Line {
        typealias K = LineKey
        let o = try object(v, "a line object like {\"sku\": 1042, \"price\": \"100.00\", \"qty\": \"1\"}", names: Names.line)
        let skuValue = try o.required(K.sku, "the SKU, a whole number")
        let sku = try under(o.name(K.sku)) { () throws(EvaluationError) in try whole(skuValue, noun: "a SKU", bounded: false) }
        let priceValue = try o.required(K.price, "the price of one unit, like \"\(moneyExample)\"")
        let price = try under(o.name(K.price)) { () throws(EvaluationError) in try money(priceValue, noun: "a price") }
        var l = Line(sku: sku, price: price)
        l.name = try optionalText(o, K.name)
        l.category = try optionalText(o, K.category)
        l.brand = try optionalText(o, K.brand)
        if let q = o[K.qty] {
            // A negative quantity is told as such, however large.
            let negative: Bool
            switch q {
            case .string(let s): negative = s.utf8.first == UInt8(ascii: "-") && JSONNumber.isValid(s, exponent: false)
            case .number(let t): negative = t.utf8.first == UInt8(ascii: "-") && JSONNumber.isValid(t, exponent: true)
            case .int(let i): negative = i < 0
            default: negative = false
            }
            if !negative {
                l.quantity = try under(o.name(K.qty)) { () throws(EvaluationError) in
                    try quantity(q, limit: ReceiptJSON.maxLineQuantity)
                }
            }
            if negative || l.quantity == 0 {
                throw error(o.name(K.qty), "the quantity must be more than 0, found \(q.briefDescription)")
            }
        }
        // price × quantity, half up, must stay within the largest line amount.
        let (product, overflow) = price.multipliedReportingOverflow(by: l.quantity)
        let computed = overflow ? Int64.max : product / 1000 + (product % 1000 >= 500 ? 1 : 0)
        if computed > ReceiptJSON.maxMagnitude {
            let limit = FixedPoint.money(ReceiptJSON.maxMagnitude, decimals: decimals)
            throw error(o.name(K.qty), "price \(FixedPoint.money(price, decimals: decimals)) × quantity \(FixedPoint.quantity(l.quantity)) is more than the largest line amount, \(limit)")
        }
        l.amount = try money(o, K.amount, noun: "an amount")
        l.excise = try bool(o, K.excise)
        l.weighed = try bool(o, K.weighed)
        l.minPrice = try money(o, K.minPrice, noun: "a minimum price")
        l.flags = try texts(o, K.flags)
        return l
    }
}

/// The slots of ``Reader/Names``, kind by kind.
private enum ReceiptKey {
    static let at = 0, currency = 1, store = 2, channel = 3, coupons = 4, codes = 5, redeem = 6, customer = 7, lines = 8
}

private enum StoreKey {
    static let id = 0, format = 1, region = 2, city = 3, groups = 4
}

private enum CustomerKey {
    static let id = 0, card = 1, name = 2, segments = 3, bonusBalance = 4, chips = 5, facts = 6, counters = 7, usage = 8, levels = 9
}

private enum UsageKey {
    static let day = 0, week = 1, month = 2, year = 3, lifetime = 4
    static let unitsDay = 5, unitsWeek = 6, unitsMonth = 7, unitsYear = 8, unitsLifetime = 9
}

private enum LineKey {
    static let sku = 0, name = 1, category = 2, brand = 3, price = 4, qty = 5, amount = 6, excise = 7, weighed = 8
    static let minPrice = 9, flags = 10
}
