import CPromoVM
import PromoVM

/// promo_vm.h's PROMO_NONE (INT64_MIN), a macro Swift does not import.
public let PROMO_NONE = Int64.min

/// Receipts as the structs of promo_vm.h, for Swift code that hands receipts to code calling the
/// C interface (and for the tests and benchmarks of that interface). The arena owns every text
/// and array the structs point to and frees them with itself. Like a till's catalog, it keeps one
/// copy of each text: the same category or fact key is the same C string in every receipt.
public final class CStructArena {
    private var blocks: [UnsafeMutableRawPointer] = []
    private var copies: [String: UnsafePointer<CChar>] = [:]

    public init() {}

    deinit { for b in blocks { b.deallocate() } }

    public func text(_ s: String?) -> UnsafePointer<CChar>? {
        guard let s else { return nil }
        if let p = copies[s] { return p }
        let p = CStrings.copy(s)
        blocks.append(UnsafeMutableRawPointer(p))
        copies[s] = UnsafePointer(p)
        return UnsafePointer(p)
    }

    public func array<T>(_ items: [T]) -> UnsafePointer<T>? {
        guard !items.isEmpty else { return nil }
        let p = UnsafeMutablePointer<T>.allocate(capacity: items.count)
        p.initialize(from: items, count: items.count)
        blocks.append(UnsafeMutableRawPointer(p))
        return UnsafePointer(p)
    }

    public func texts(_ items: [String]) -> UnsafePointer<UnsafePointer<CChar>?>? { array(items.map { text($0) }) }

    public func date(_ d: LocalDate) -> promo_date { promo_date(year: Int32(d.year), month: Int32(d.month), day: Int32(d.day)) }

    /// The receipt as the structs of promo_vm.h.
    public func receipt(_ r: Receipt, currency: String? = nil) -> promo_receipt {
        var c = promo_receipt()
        c.date = date(r.date)
        c.minute = Int32(r.minute)
        c.currency = text(currency)
        c.store_id = r.store.id ?? PROMO_NONE
        c.store_format = text(r.store.format)
        c.store_region = text(r.store.region)
        c.store_city = text(r.store.city)
        c.store_groups = texts(r.store.groups)
        c.store_group_count = r.store.groups.count
        c.channel = text(r.channel)
        c.coupons = texts(r.coupons)
        c.coupon_count = r.coupons.count
        c.codes = texts(r.codes)
        c.code_count = r.codes.count
        c.redeem = r.redeem ?? PROMO_NONE
        c.customer = r.customer.map { array([customer($0)])! }
        c.lines = array(r.lines.map(line))
        c.line_count = r.lines.count
        return c
    }

    public func line(_ l: Line) -> promo_line {
        var c = promo_line()
        c.sku = l.sku
        c.category = text(l.category)
        c.brand = text(l.brand)
        c.name = text(l.name)
        c.price = l.price
        c.quantity = l.quantity
        c.amount = l.amount ?? PROMO_NONE
        c.min_price = l.minPrice ?? PROMO_NONE
        c.flags = (l.excise ? UInt32(PROMO_LINE_EXCISE) : 0) | (l.weighed ? UInt32(PROMO_LINE_WEIGHED) : 0)
        c.extra_flags = texts(l.flags)
        c.extra_flag_count = l.flags.count
        return c
    }

    public func customer(_ k: Customer) -> promo_customer {
        var c = promo_customer()
        c.id = text(k.id)
        c.card = k.card ? 1 : 0
        c.name = text(k.name)
        c.segments = texts(k.segments)
        c.segment_count = k.segments.count
        let facts = k.facts.map { key, value -> promo_fact in
            var f = promo_fact()
            f.key = text(key)
            switch value {
            case .number(let n): f.kind = Int32(PROMO_FACT_NUMBER); f.number = n
            case .bool(let b): f.kind = Int32(PROMO_FACT_BOOL); f.number = b ? 1 : 0
            case .text(let t): f.kind = Int32(PROMO_FACT_TEXT); f.text = text(t)
            case .date(let d): f.kind = Int32(PROMO_FACT_DATE); f.date = date(d)
            }
            return f
        }
        c.facts = array(facts)
        c.fact_count = facts.count
        let counters = k.counters.sorted { $0.key < $1.key }.map { promo_counter(name: text($0.key), value: $0.value) }
        c.counters = array(counters)
        c.counter_count = counters.count
        let usage = k.usage.sorted { $0.key < $1.key }.map { name, u in
            promo_usage(name: text(name), day: u.day, week: u.week, month: u.month, year: u.year, lifetime: u.lifetime,
                        units_day: u.unitsDay, units_week: u.unitsWeek, units_month: u.unitsMonth, units_year: u.unitsYear,
                        units_lifetime: u.unitsLifetime)
        }
        c.usage = array(usage)
        c.usage_count = usage.count
        let levels = k.levels.sorted { $0.key < $1.key }.map { promo_level(program: text($0.key), level: text($0.value)) }
        c.levels = array(levels)
        c.level_count = levels.count
        c.bonus_balance = k.bonusBalance ?? PROMO_NONE
        c.chips = k.chips ?? PROMO_NONE
        return c
    }
}
