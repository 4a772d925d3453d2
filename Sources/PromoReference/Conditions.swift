import PromoBytecode
import PromoSemantics
import PromoSyntax
import PromoVM

/// A value of the language on one receipt: a number (money in minor units, percents in
/// millionths, quantities in thousandths, dates as day numbers, times in minutes, conditions as
/// 1 or 0), a text, or absent (a fact or store field the receipt does not give).
enum Scalar: Equatable {
    case absent
    case number(Int64)
    case text(String)
}

extension Evaluation {
    // MARK: - Item sets

    /// Whether line `i` is in the set (mechanics.md, "Item percent on a category subtree": a
    /// category matches the line whose category is it or starts with it and `/`).
    func contains(_ set: ItemSet, _ i: Int) -> Bool {
        let line = lines[i]
        switch set {
        case .all: return true
        case .category(let c):
            guard let path = line.category else { return false }
            return path == c || path.hasPrefix(c + "/")
        case .sku(let s): return line.sku == s
        case .brand(let b): return line.brand == b
        case .flag(let f):
            // `excise` and `weighed` are the line's marks; a flag of the same name counts too.
            return line.flags.contains(f) || (f == "excise" && line.excise) || (f == "weighed" && line.weighed)
        case .union(let parts): return parts.contains { contains($0, i) }
        case .intersection(let parts): return parts.allSatisfy { contains($0, i) }
        case .difference(let a, let b): return contains(a, i) && !contains(b, i)
        }
    }

    /// The lines of a set (nil: every line), in receipt order.
    func lineIndices(_ set: ItemSet?) -> [Int] {
        guard let set else { return Array(lines.indices) }
        return lines.indices.filter { contains(set, $0) }
    }

    // MARK: - Values and conditions

    func truthy(_ v: Scalar) -> Bool {
        if case .number(let n) = v { return n != 0 }
        return false
    }

    static func bool(_ b: Bool) -> Scalar { .number(b ? 1 : 0) }

    /// A constant as a number: money in minor units, percents in millionths, quantities in
    /// thousandths, dates as day numbers, date-times as minutes since 1970.
    func scalar(_ c: Constant) -> Scalar {
        switch c {
        case .money(let m): .number(m.minor)
        case .percent(let p): .number(p.millionths)
        case .count(let n): .number(n)
        case .quantity(let q): .number(q.milli)
        case .bool(let b): .number(b ? 1 : 0)
        case .string(let s): .text(s)
        case .date(let d): .number(Int64(Dates.dayNumber(year: d.year, month: d.month, day: d.day)))
        case .time(let t): .number(Int64(t.minutes))
        case .dateTime(let d, let t): .number(Int64(Dates.dayNumber(year: d.year, month: d.month, day: d.day)) * 1440 + Int64(t.minutes))
        case .duration(let d): .number(d.amount)
        case .window: .number(0)
        }
    }

    /// The value of an expression on the receipt as it stands now (mechanics.md rule 3: `total`,
    /// `spend(ITEMS)` and `qty(ITEMS)` are current amounts, after the promos before).
    func evaluate(_ v: Value) -> Scalar {
        switch v {
        case .constant(let c): return scalar(c)
        case .receiptTotal: return .number(Exact.sum(sheet.current))
        case .spend(let s): return .number(Exact.sum(lineIndices(s).map { sheet.current[$0] }))
        case .quantity(let s): return .number(Exact.sum(lineIndices(s).map { quantity[$0] }))
        case .lineCount(let s): return .number(Int64(lineIndices(s).count))
        case .counter(let name): return .number(sheet.counters[name] ?? 0)
        case .fact(let f): return facts[f.description] ?? .absent
        case .membership(let name): return Evaluation.bool(customer?.segments.contains(name) ?? false)
        case .tierLevel(let program, let level):
            guard let tiers = self.program.tiers.first(where: { $0.name == program }),
                  let wanted = tiers.levels.firstIndex(where: { $0.name == level }) else { return .number(0) }
            return Evaluation.bool(levels[program] == wanted)
        case .store(let field):
            switch field {
            case .id, .group: return receipt.store.id.map(Scalar.number) ?? .absent
            case .format: return receipt.store.format.map(Scalar.text) ?? .absent
            case .region: return receipt.store.region.map(Scalar.text) ?? .absent
            case .city: return receipt.store.city.map(Scalar.text) ?? .absent
            }
        case .arithmetic(let op, let a, let b):
            guard case .number(let x) = evaluate(a), case .number(let y) = evaluate(b) else { return .absent }
            let (r, overflow) = switch op {
            case .add: x.addingReportingOverflow(y)
            case .subtract: x.subtractingReportingOverflow(y)
            default: x.multipliedReportingOverflow(by: y)
            }
            return overflow ? .absent : .number(r)
        case .percentOf(let p, let amount):
            // `30% of total`: half up on the magnitude, the sign put back.
            guard case .number(let percent) = evaluate(p), case .number(let a) = evaluate(amount),
                  percent != .min, a != .min else { return .absent }
            guard let magnitude = Exact.mulDivHalfUpChecked(abs(a), abs(percent), 1_000_000) else { return .absent }
            return .number((percent < 0) != (a < 0) ? -magnitude : magnitude)
        case .not, .and, .or, .compare, .oneOf, .within:
            return condition(v)
        case .items, .line, .parameter, .invalid:
            return .number(0)
        }
    }

    /// A condition: 1 when it holds, 0 when not, absent when it reads only an absent value.
    /// `and` and `or` look at their second side only when the first does not decide; a
    /// comparison with an absent value is false (mechanics.md, "Profile segment": "an absent
    /// fact makes every comparison with it false").
    func condition(_ v: Value) -> Scalar {
        switch v {
        case .and(let a, let b):
            let first = condition(a)
            return truthy(first) ? condition(b) : first
        case .or(let a, let b):
            let first = condition(a)
            return truthy(first) ? first : condition(b)
        case .not(let a):
            switch condition(a) {
            case .absent: return .absent
            case .number(let n): return Evaluation.bool(n == 0)
            case .text: return .number(0)
            }
        case .compare(let op, .store(.group), .constant(.string(let g))), .compare(let op, .constant(.string(let g)), .store(.group)):
            // `group == X` holds when X is one of the store's groups (mechanics.md, "Store filter").
            let member = receipt.store.groups.contains(g)
            return Evaluation.bool(op == .notEqual ? !member : member)
        case .oneOf(.store(.group), let values):
            return Evaluation.bool(values.contains { if case .string(let g) = $0 { receipt.store.groups.contains(g) } else { false } })
        case .compare(let op, let a, let b):
            return Evaluation.bool(compare(op, evaluate(a), evaluate(b)))
        case .oneOf(let a, let values):
            let x = evaluate(a)
            guard x != .absent else { return .number(0) }
            return Evaluation.bool(values.contains { scalar($0) == x })
        case .within(let a, let duration):
            guard case .number(let d) = evaluate(a) else { return .number(0) }
            if case .fact(let f) = a, f.type == .anniversary { return Evaluation.bool(withinYearly(d, duration)) }
            return Evaluation.bool(within(d, duration))
        default:
            return evaluate(v)
        }
    }

    /// `x op y` for two values of one ordered kind (numbers, or texts by their characters).
    func holds<T: Comparable>(_ op: BinaryOperator, _ x: T, _ y: T) -> Bool {
        switch op {
        case .equal: x == y
        case .notEqual: x != y
        case .less: x < y
        case .lessEqual: x <= y
        case .greater: x > y
        default: x >= y
        }
    }

    func compare(_ op: BinaryOperator, _ a: Scalar, _ b: Scalar) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return holds(op, x, y)
        case (.text(let x), .text(let y)): return holds(op, x, y)
        default:
            return false
        }
    }

    /// Day numbers of years 1 to 9999: anything else is no date.
    static let plausibleDays: ClosedRange<Int64> = -719_162...2_932_896

    /// `DATE within N days` (or weeks, months, years): the date is not after the receipt's and at
    /// most that long before it (mechanics.md, "Profile segment": 0 ≤ receipt date − registered ≤
    /// 60 days); months and years are calendar months back from the receipt's date.
    func within(_ d: Int64, _ duration: PromoSemantics.Duration) -> Bool {
        guard Evaluation.plausibleDays.contains(d), d <= Int64(dayNumber) else { return false }
        switch duration.unit {
        case .months, .years:
            let months = duration.unit == .years ? 12 * duration.amount : duration.amount
            guard months <= 120_000 else { return true }
            let start = Dates.adding(months: -Int(months), to: receipt.date)
            return d >= Int64(Dates.dayNumber(start))
        case .weeks: return Int64(dayNumber) - d <= Exact.times(7, duration.amount)
        default: return Int64(dayNumber) - d <= duration.amount
        }
    }

    /// `customer.birthday within N days`: the nearest anniversary is at most N days away, both
    /// edges in (mechanics.md, "Birthday"; stdlib/customer.promo: "holds from 3 days before to
    /// 3 days after it, in any year"). `within N months` (or years) holds likewise when an
    /// anniversary lies between N calendar months before the receipt's date and N months after
    /// it.
    func withinYearly(_ d: Int64, _ duration: PromoSemantics.Duration) -> Bool {
        guard Evaluation.plausibleDays.contains(d) else { return false }
        let birthday = Dates.date(dayNumber: Int(d))
        switch duration.unit {
        case .months, .years:
            let months = duration.unit == .years ? Exact.times(12, duration.amount) : duration.amount
            guard months <= 120_000 else { return true }
            let first = Dates.dayNumber(Dates.adding(months: -Int(months), to: receipt.date))
            let last = Dates.dayNumber(Dates.adding(months: Int(months), to: receipt.date))
            return Dates.anniversaries(of: birthday, around: receipt.date.year).contains { first <= $0 && $0 <= last }
        case .weeks:
            return Int64(Dates.daysToAnniversary(of: birthday, from: receipt.date)) <= Exact.times(7, duration.amount)
        default:
            return Int64(Dates.daysToAnniversary(of: birthday, from: receipt.date)) <= duration.amount
        }
    }

    // MARK: - Eligibility

    /// BRIEF step 1 and mechanics.md, "Targeting": the schedule, store, channel, audience,
    /// coupon, promo code and usage limits, checked in that order; the first that fails is the
    /// reason. A coupon that matches is recorded as applied.
    func eligibility(_ e: Eligibility, unit: Int, name: String, needsCustomer: Bool) -> Reason? {
        if let active = e.active, !(active.lowerBound <= minuteStamp && minuteStamp < active.upperBound) { return .notActive }
        if !e.hours.isEmpty {
            // start ≤ m < end; an end before the start runs past midnight; 24:00 ends the day.
            let m = receipt.minute
            let inside = e.hours.contains { w in
                let end = w.end == 1440 ? 0 : w.end
                return w.start < end ? (w.start <= m && m < end) : (m >= w.start || m < end)
            }
            if !inside { return .outsideHours }
        }
        if let weekdays = e.weekdays {
            guard let today = Weekday(rawValue: Dates.weekday(dayNumber: dayNumber)), weekdays.contains(today) else {
                return .wrongWeekday
            }
        }
        if let days = e.days {
            // Day d of a month of L days: d itself, or −(L − d + 1) counted from the month's end.
            let d = receipt.date.day
            let fromEnd = Dates.days(inMonth: receipt.date.month, year: receipt.date.year) - d + 1
            if !days.contains(d) && !days.contains(-fromEnd) { return .wrongDayOfMonth }
        }
        if let channels = e.channels {
            guard let channel = receipt.channel, channels.contains(channel) else { return .wrongChannel }
        }
        if let stores = e.stores, !truthy(condition(stores)) { return .wrongStore }
        if let audience = e.audience {
            guard hasCustomer else { return .needsCustomer }
            if !truthy(condition(audience)) { return .notInAudience }
        } else if needsCustomer, !hasCustomer {
            return .needsCustomer
        }
        if let pattern = e.coupon {
            guard let code = receipt.coupons.first(where: { Glob.matches(pattern, $0) }) else { return .couponMissing }
            sheet.couponsApplied.append(CouponApplied(unit: unit, code: code))
        }
        if let code = e.code {
            if !receipt.codes.contains(where: { Glob.sameLetters($0, code) }) { return .codeMissing }
        }
        for limit in e.limits {
            if let reason = check(limit, name: name) { return reason }
        }
        return nil
    }

    /// mechanics.md, "Usage limit per customer": turned away when the uses (or units) the
    /// server reports for the period reach the limit. A units limit also bounds the units the
    /// promo may discount on this receipt.
    func check(_ limit: Limit, name: String) -> Reason? {
        let count = limit.unit == .units ? Exact.times(limit.count, 1000) : limit.count
        if limit.per == .customer {
            guard let customer else { return .needsCustomer }
            let usage = customer.usage[name] ?? Usage()
            if Evaluation.used(usage, units: limit.unit == .units, period: limit.period) >= count { return .limitReached }
        }
        if limit.unit == .units {
            var left = count
            if limit.per == .customer, let usage = customer?.usage[name] {
                left -= Evaluation.used(usage, units: true, period: limit.period)
            }
            run.unitsLeft = min(run.unitsLeft ?? .max, max(0, left))
        }
        return nil
    }

    static func used(_ usage: Usage, units: Bool, period: LimitPeriod?) -> Int64 {
        switch (period, units) {
        case (.day?, false): usage.day
        case (.week?, false): usage.week
        case (.month?, false): usage.month
        case (.year?, false): usage.year
        case (nil, false): usage.lifetime
        case (.day?, true): usage.unitsDay
        case (.week?, true): usage.unitsWeek
        case (.month?, true): usage.unitsMonth
        case (.year?, true): usage.unitsYear
        case (nil, true): usage.unitsLifetime
        }
    }
}

/// Coupon patterns and promo codes: ASCII letters compared without case, other characters
/// exactly (mechanics.md, "Coupon redemption" and "Promo code").
enum Glob {
    static func fold(_ b: UInt8) -> UInt8 { b >= 0x61 && b <= 0x7A ? b - 0x20 : b }

    /// Whether `text` matches `pattern`, where `*` stands for any run of characters.
    static func matches(_ pattern: String, _ text: String) -> Bool {
        matches(Array(pattern.utf8)[...], Array(text.utf8)[...])
    }

    static func matches(_ p: ArraySlice<UInt8>, _ t: ArraySlice<UInt8>) -> Bool {
        guard let first = p.first else { return t.isEmpty }
        if first == UInt8(ascii: "*") {
            // The star takes nothing, or one more character.
            var rest = t
            while true {
                if matches(p.dropFirst(), rest) { return true }
                guard !rest.isEmpty else { return false }
                rest = rest.dropFirst()
            }
        }
        guard let c = t.first, fold(c) == fold(first) else { return false }
        return matches(p.dropFirst(), t.dropFirst())
    }

    /// The same text, ASCII letters compared without case: a promo code is no pattern.
    static func sameLetters(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        return x.count == y.count && zip(x, y).allSatisfy { fold($0) == fold($1) }
    }
}
