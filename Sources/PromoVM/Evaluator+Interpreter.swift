import PromoBytecode

extension Evaluator {
    /// Lengths of the result lists a unit appends to, to undo a unit that did not apply.
    struct ResultMarks {
        var chips: Int
        var couponsApplied: Int
        var couponsIssued: Int
        var gifts: Int
    }

    var resultMarks: ResultMarks {
        ResultMarks(chips: result.chipsSpent.count, couponsApplied: result.couponsApplied.count,
                    couponsIssued: result.couponsIssued.count, gifts: result.gifts.count)
    }

    mutating func rollBack(to marks: ResultMarks) {
        if result.chipsSpent.count > marks.chips { result.chipsSpent.removeSubrange(marks.chips...) }
        if result.couponsApplied.count > marks.couponsApplied { result.couponsApplied.removeSubrange(marks.couponsApplied...) }
        if result.couponsIssued.count > marks.couponsIssued { result.couponsIssued.removeSubrange(marks.couponsIssued...) }
        if result.gifts.count > marks.gifts { result.gifts.removeSubrange(marks.gifts...) }
    }

    /// The state a trial run of a best-of member starts from: counts of the lists it may grow,
    /// and the per-line state copied into `saved…` buffers.
    struct Snapshot {
        var discounts: Int
        var clamps: Int
        var accruals: Int
        var messages: Int
        var counterChanges: Int
        var usage: Int
        var marks: ResultMarks
        var allowance: Int64
        var stopped: Bool
    }

    mutating func snapshot() -> Snapshot {
        savedCurrent.update(from: current, count: lineCount)
        savedFlags.update(from: flags, count: lineCount)
        savedChangedBy.update(from: changedBy, count: lineCount)
        savedCounters.removeAll()
        for k in 0..<m.counters.count { savedCounters.append(counters[k]) }
        savedBudgets.removeAll()
        savedBudgets.append(contentsOf: quantityBudgets)
        if !quantityBudgets.isEmpty { savedCountedUnits.update(from: countedUnits, count: lineCount) }
        savedCaps.removeAll()
        savedCaps.append(contentsOf: discountCaps)
        return Snapshot(discounts: discounts.count, clamps: clamps.count, accruals: pendingAccruals.count,
                        messages: pendingMessages.count, counterChanges: result.counterChanges.count, usage: result.usage.count,
                        marks: resultMarks, allowance: discountAllowance, stopped: stopped)
    }

    mutating func restore(_ s: Snapshot) {
        current.update(from: savedCurrent, count: lineCount)
        flags.update(from: savedFlags, count: lineCount)
        changedBy.update(from: savedChangedBy, count: lineCount)
        for k in 0..<m.counters.count { counters[k] = savedCounters[k] }
        for k in quantityBudgets.indices { quantityBudgets[k] = savedBudgets[k] }
        if !quantityBudgets.isEmpty { countedUnits.update(from: savedCountedUnits, count: lineCount) }
        for k in discountCaps.indices { discountCaps[k] = savedCaps[k] }
        discounts.truncate(to: s.discounts)
        if clamps.count > s.clamps { clamps.removeSubrange(s.clamps...) }
        if pendingAccruals.count > s.accruals { pendingAccruals.removeSubrange(s.accruals...) }
        if pendingMessages.count > s.messages { pendingMessages.removeSubrange(s.messages...) }
        if result.counterChanges.count > s.counterChanges { result.counterChanges.removeSubrange(s.counterChanges...) }
        if result.usage.count > s.usage { result.usage.removeSubrange(s.usage...) }
        rollBack(to: s.marks)
        discountAllowance = s.allowance
        stopped = s.stopped
    }

    @inline(__always)
    func truthy(_ v: Int64) -> Bool { v != 0 && v != Evaluator.absent }

    @inline(__always)
    mutating func compare(_ op: Opcode, _ a: Int64, _ b: Int64, pc: Int) -> Int64 {
        var holds: Bool
        if a == Evaluator.absent || b == Evaluator.absent {
            holds = false
        } else {
            switch op {
            case .equal: holds = a == b
            case .notEqual: holds = a != b
            case .less: holds = a < b
            case .lessEqual: holds = a <= b
            case .greater: holds = a > b
            default: holds = a >= b
            }
        }
        if !holds { lastFailure = FailedComparison(pc: pc, left: a, right: b, opcode: op) }
        return holds ? 1 : 0
    }

    /// Runs the code of unit `u` from its start. Jumps only go forward and the verifier made
    /// sure the code ends in a terminating instruction, so the loop ends.
    mutating func run(unit u: Int) throws(EvaluationError) -> Outcome {
        let (failure, start) = gate(u)
        if let failure { return .notApplied(failure) }
        return try run(unit: u, from: start)
    }

    /// Runs the code of unit `u` from `start`: its first instruction, or the first after its
    /// eligibility prologue when ``gate(_:)`` has checked it.
    mutating func run(unit u: Int, from start: Int) throws(EvaluationError) -> Outcome {
        let info = m.units[u]
        unit = u
        unitOriginalPrices = info.originalPrices
        unitIgnoresRestrictions = info.ignoresRestrictions
        unitDiscount = 0
        unitUnits = 0
        unitUnitsLeft = .max
        unitChipsDue = bundle.unitChips[u]
        changedAnything = false
        sawPriceEffect = false
        lockedSkips = false
        let count = Int(info.registers)
        registers.update(repeating: 0, count: count)
        let outcome = execute(code, UnsafeMutableBufferPointer(start: registers, count: count), from: start, unit: u)
        guard let outcome else {
            throw EvaluationError(field: "", message: "the evaluation ran past the bundle's step budget of \(budget)")
        }
        return outcome
    }

    /// The dispatch loop; nil when the step budget runs out.
    mutating func execute(_ code: UnsafePointer<UInt64>, _ registers: UnsafeMutableBufferPointer<Int64>,
                          from start: Int, unit u: Int) -> Outcome? {
        var pc = start
        while true {
            steps += 1
            if steps > budget { return nil }
            let w = code[pc]
            let a = Int(truncatingIfNeeded: w >> 8 & 0xFFFF)
            let b = Int(truncatingIfNeeded: w >> 24 & 0xFFFF)
            let c = Int(truncatingIfNeeded: w >> 40)
            let here = pc
            pc += 1
            // The verifier checked every opcode, and the opcodes' raw values are their case
            // numbers, so the byte is the case.
            let op = unsafeBitCast(UInt8(truncatingIfNeeded: w), to: Opcode.self)
            switch op {
            case .halt:
                if sawPriceEffect && !changedAnything {
                    return .notApplied(lockedSkips ? .linesLocked : .nothingToChange)
                }
                return .applied
            case .jump: pc = a
            case .jumpIfFalse: if !truthy(registers[a]) { pc = b }
            case .jumpIfTrue: if truthy(registers[a]) { pc = b }
            case .fail: return .notApplied(Reason(rawValue: UInt8(a))!)
            case .require: if !truthy(registers[a]) { return .notApplied(Reason(rawValue: UInt8(b))!) }
            case .jumpIfNothingApplied: if sawPriceEffect && !changedAnything { pc = a }

            case .loadConstant: registers[a] = constants[b]
            case .loadImmediate: registers[a] = Int64(Int16(truncatingIfNeeded: b))
            case .move: registers[a] = registers[b]
            case .total: registers[a] = currentTotal()
            case .spend: registers[a] = spend(UInt32(b))
            case .quantity: registers[a] = quantity(UInt32(b))
            case .lineCount: registers[a] = count(UInt32(b))
            case .fact: registers[a] = facts[b]
            case .membership: registers[a] = segments.contains(Int64(b)) ? 1 : 0
            case .tierLevel: registers[a] = levels[b] == c ? 1 : 0
            case .counterValue: registers[a] = counters[b]
            case .store: registers[a] = storeField(b)
            case .storeInList: registers[a] = storeInGroup(b)
            case .receiptDate: registers[a] = Int64(dayNumber)

            case .add: registers[a] = arithmetic(registers[b], registers[c]) { $0.addingReportingOverflow($1) }
            case .subtract: registers[a] = arithmetic(registers[b], registers[c]) { $0.subtractingReportingOverflow($1) }
            case .multiply: registers[a] = arithmetic(registers[b], registers[c]) { $0.multipliedReportingOverflow(by: $1) }
            case .percentOf:
                let p = registers[b], amount = registers[c]
                if p == Evaluator.absent || amount == Evaluator.absent || p == Int64.min || amount == Int64.min {
                    registers[a] = Evaluator.absent
                } else {
                    let sign: Int64 = (p < 0) != (amount < 0) ? -1 : 1
                    registers[a] = Exact.mulDivHalfUpChecked(abs(amount), abs(p), 1_000_000).map { sign * $0 } ?? Evaluator.absent
                }
            case .not: registers[a] = not(registers[b])
            case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
                registers[a] = compare(op, registers[b], registers[c], pc: here)
            case .inList: registers[a] = inList(registers[b], c, pc: here)
            case .withinDays:
                registers[a] = within(registers[b], constants[c]) ? 1 : 0
            case .withinYearly:
                let d = registers[b]
                let days = constants[c]
                if !Evaluator.plausibleDay.contains(d) {
                    registers[a] = 0
                } else {
                    let birthday = Calendar.date(dayNumber: Int(d))
                    if days >= 0 {
                        registers[a] = Int64(Calendar.daysToAnniversary(of: birthday, from: receipt.date)) <= days ? 1 : 0
                    } else {
                        // Months (the compiler gives −months): an anniversary lies from that many
                        // months before the receipt's date to as many after it.
                        registers[a] = Calendar.anniversary(of: birthday, withinMonths: -days, of: receipt.date) ? 1 : 0
                    }
                }

            case .active:
                if !isActive(a) { return .notApplied(.notActive) }
            case .hours:
                if !inHours(a, b) { return .notApplied(.outsideHours) }
            case .weekdays:
                if a >> weekday & 1 == 0 { return .notApplied(.wrongWeekday) }
            case .days:
                if !onDayOfMonth(a) { return .notApplied(.wrongDayOfMonth) }
            case .channels:
                if UInt32(a) & channelBit == 0 { return .notApplied(.wrongChannel) }
            case .identified:
                if !hasCustomer { return .notApplied(Reason(rawValue: UInt8(a))!) }
            case .coupon:
                guard let code = receipt.coupons.first(where: { Glob.matches(m.strings[a], $0) }) else {
                    return .notApplied(.couponMissing)
                }
                result.couponsApplied.append(CouponApplied(unit: u, code: code))
            case .code:
                let wanted = m.strings[a]
                if !receipt.codes.contains(where: { $0.caseInsensitiveEquals(wanted) }) { return .notApplied(.codeMissing) }
            case .limit:
                let limit = m.limits[a]
                if let reason = checkLimit(limit, unit: u) { return .notApplied(reason) }
                if limit.units { limitUnits(limit, unit: u) }

            case .effect:
                if unitChipsDue > 0 {
                    // All the chips the promo spends are there before anything changes.
                    if chipsBalance < unitChipsDue { return .notApplied(.notEnoughChips) }
                    unitChipsDue = 0
                }
                if let reason = apply(effect: a) { return .notApplied(reason) }
            case .message:
                pendingMessages.append((Int32(u), Int32(a)))
            case .changeCounter:
                changeCounter(a, CounterOperation(rawValue: UInt8(b))!, registers[c])
            case .lock: mark(UInt32(a), on: UInt32(b), lock: true)
            case .forbid: mark(UInt32(a), on: UInt32(b), lock: false)
            case .stop: stopped = true
            case .applyTier:
                if let reason = applyTier(a) { return .notApplied(reason) }
            }
        }
    }

    /// Day numbers of years 1 to 9999: anything else is no date.
    static let plausibleDay: ClosedRange<Int64> = -719_162...2_932_896

    /// Whether the date `d` lies within `k` days before the receipt (`k` negative: within -k
    /// calendar months).
    func within(_ d: Int64, _ k: Int64) -> Bool {
        guard Evaluator.plausibleDay.contains(d), d <= Int64(dayNumber) else { return false }
        if k >= 0 { return Int64(dayNumber) - d <= k }
        guard k >= -120_000 else { return true }
        let start = Calendar.adding(months: Int(k), to: receipt.date)
        return d >= Int64(Calendar.dayNumber(start))
    }

    @inline(__always)
    func arithmetic(_ x: Int64, _ y: Int64, _ op: (Int64, Int64) -> (partialValue: Int64, overflow: Bool)) -> Int64 {
        if x == Evaluator.absent || y == Evaluator.absent { return Evaluator.absent }
        let (v, overflow) = op(x, y)
        return overflow ? Evaluator.absent : v
    }

    func currentTotal() -> Int64 { Evaluator.sum(current, count: lineCount) }

    mutating func spend(_ s: UInt32) -> Int64 {
        var t: Int64 = 0
        forEachLine(in: s) { e, i in t += e.current[i] }
        return t
    }

    mutating func quantity(_ s: UInt32) -> Int64 {
        var t: Int64 = 0
        forEachLine(in: s) { e, i in t += e.quantity[i] }
        return t
    }

    mutating func count(_ s: UInt32) -> Int64 {
        var t: Int64 = 0
        forEachLine(in: s) { _, _ in t += 1 }
        return t
    }

    func storeField(_ field: Int) -> Int64 {
        switch StoreFieldCode(rawValue: UInt8(field))! {
        case .id: receipt.store.id ?? Evaluator.absent
        case .format: storeFormat
        case .region: storeRegion
        case .city: storeCity
        }
    }

    /// Nil when the promo may still be used; otherwise why not.
    @inline(__always)
    mutating func checkLimit(_ limit: LimitInfo, unit u: Int) -> Reason? {
        if limit.perReceipt { return nil } // bounds repeats, in the effects
        guard hasCustomer else { return .needsCustomer }
        let usage = customerUsage(u) ?? Usage()
        let used = limit.units ? units(of: usage, period: limit.period) : uses(of: usage, period: limit.period)
        return used >= limit.count ? .limitReached : nil
    }

    /// A units limit also bounds the units the unit discounts on this receipt: what is left of
    /// it (all of it for one per receipt).
    mutating func limitUnits(_ limit: LimitInfo, unit u: Int) {
        var left = limit.count
        if !limit.perReceipt, hasCustomer, let usage = customerUsage(u) {
            left -= units(of: usage, period: limit.period)
        }
        unitUnitsLeft = min(unitUnitsLeft, max(0, left))
    }

    mutating func changeCounter(_ index: Int, _ op: CounterOperation, _ value: Int64) {
        // Adding nothing is no change (a visit without the counted goods).
        guard value != Evaluator.absent, op == .set || value != 0 else { return }
        // A counter saturates rather than wrapping around.
        switch op {
        case .add: counters[index] = counters[index].addingReportingOverflow(value).overflow ? (value > 0 ? .max : .min + 1) : counters[index] + value
        case .subtract: counters[index] = counters[index].subtractingReportingOverflow(value).overflow ? (value > 0 ? .min + 1 : .max) : counters[index] - value
        case .set: counters[index] = value
        }
        result.counterChanges.append(CounterChange(unit: unit, counter: m.strings[Int(m.counters[index])], operation: op, value: value))
    }

    /// Locks (or forbids) the kinds in `mask` on the lines of `s`, or on the lines the unit
    /// changed.
    mutating func mark(_ mask: UInt32, on s: UInt32, lock: Bool) {
        for i in 0..<lineCount {
            let inScope = s == noItemSet ? changedBy[i] == Int32(unit) : contains(s, i)
            guard inScope else { continue }
            if mask & LockBits.discounts != 0 { flags[i] |= LineFlag.locked }
            if mask & LockBits.accrual != 0 { flags[i] |= LineFlag.noAccrual }
            if mask & LockBits.redemption != 0 { flags[i] |= LineFlag.noRedemption }
        }
    }
}

/// Coupon patterns: `*` matches any run of characters, letters case-insensitively (ASCII ones;
/// other characters exactly). Works on the UTF-8 bytes, without copying them.
enum Glob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        var p = pattern, t = text
        return p.withUTF8 { pb in t.withUTF8 { tb in matches(pb, tb) } }
    }

    @inline(__always)
    static func fold(_ b: UInt8) -> UInt8 { b >= 0x61 && b <= 0x7A ? b - 0x20 : b }

    static func matches(_ p: UnsafeBufferPointer<UInt8>, _ t: UnsafeBufferPointer<UInt8>) -> Bool {
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count && p[pi] != UInt8(ascii: "*") && fold(p[pi]) == fold(t[ti]) {
                pi += 1; ti += 1
            } else if pi < p.count && p[pi] == UInt8(ascii: "*") {
                star = pi; mark = ti; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ti = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}

extension String {
    /// Equal, letters compared without case (ASCII ones).
    func caseInsensitiveEquals(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        return zip(utf8, other.utf8).allSatisfy { Glob.fold($0) == Glob.fold($1) }
    }
}
