import PromoBytecode

extension Evaluator {
    // MARK: - The one place a discount is given

    /// Gives line `i` up to `wanted` off its current amount: nothing on a locked line, never
    /// below the line's floor or past the receipt's discount caps, only on the units within the
    /// quantity budgets and the unit's units limits. What is cut is recorded with the
    /// restriction that cut it. `units` is how many units (thousandths) of the line `wanted` is
    /// for, 0 for the whole line. Returns what was given.
    @discardableResult
    mutating func discount(_ i: Int, _ wanted: Int64, units: Int64 = 0) -> Int64 {
        guard wanted > 0 else { return 0 }
        if flags[i] & LineFlag.locked != 0 {
            lockedSkips = true
            return 0
        }
        var wanted = wanted
        let ignores = unitIgnoresRestrictions
        let budgets = !ignores && !quantityBudgets.isEmpty
        // Units are counted only when something limits them: the units this unit will have
        // discounted on the line, and before this call.
        let tracksUnits = budgets || unitUnitsLeft != .max
        var lineUnits: Int64 = 0, unitsBefore: Int64 = 0, callUnits: Int64 = 0
        if tracksUnits {
            let q = quantity[i]
            unitsBefore = changedBy[i] == Int32(unit) ? unitLineUnits[i] : 0
            callUnits = max(0, min(units > 0 ? units : q, q - unitsBefore))
            // The unit's own limit: it wants no more than the units left to it.
            if callUnits > unitUnitsLeft {
                wanted = callUnits > 0 ? Exact.mulDiv(wanted, unitUnitsLeft, callUnits).quotient : 0
                callUnits = unitUnitsLeft
                guard wanted > 0 else { return 0 }
            }
            lineUnits = unitsBefore + callUnits
        }
        let floorValue = ignores ? floorLegal[i] : floorRestricted[i]
        var given = min(wanted, max(0, current[i] - floorValue))
        var restriction: Int32 = ignores || floorValue == floorLegal[i] ? -1 : floorSource[i]
        if !ignores {
            if given > discountAllowance {
                given = discountAllowance
                restriction = allowanceSource
            }
            for k in discountCaps.indices where discountCaps[k].remaining < given && contains(discountCaps[k].set, i) {
                given = discountCaps[k].remaining
                restriction = discountCaps[k].unit
            }
            if budgets {
                // Only the units still within every budget get the discount; units of the line
                // counted already (by an earlier promo) are not counted again.
                var allowed = lineUnits, cutBy: Int32 = -1
                for k in quantityBudgets.indices where contains(quantityBudgets[k].set, i) {
                    let most = max(unitsBefore, countedUnits[i] + quantityBudgets[k].remaining)
                    if most < allowed { allowed = most; cutBy = quantityBudgets[k].unit }
                }
                if allowed < lineUnits {
                    // callUnits > 0 here: allowed is at least unitsBefore.
                    let cut = Exact.mulDiv(given, allowed - unitsBefore, callUnits).quotient
                    if cut < given { given = cut; restriction = cutBy }
                    lineUnits = allowed
                }
            }
        }
        if given < wanted {
            clamps.append((Int32(i), Int32(unit), wanted - given, restriction))
        }
        steps += 1
        guard given > 0 else { return 0 }
        if !ignores {
            discountAllowance -= given
            for k in discountCaps.indices where contains(discountCaps[k].set, i) { discountCaps[k].remaining -= given }
        }
        if tracksUnits {
            if budgets {
                let counted = countedUnits[i]
                if lineUnits > counted {
                    for k in quantityBudgets.indices where contains(quantityBudgets[k].set, i) {
                        quantityBudgets[k].remaining = max(0, quantityBudgets[k].remaining - (lineUnits - counted))
                    }
                    countedUnits[i] = lineUnits
                }
            }
            if unitUnitsLeft != .max {
                unitUnitsLeft -= lineUnits - unitsBefore
                // The units it gave a discount on, for its usage.
                unitUnits += lineUnits - unitsBefore
            }
            unitLineUnits[i] = lineUnits
        }
        if unitUnitsLeft == .max && changedBy[i] != Int32(unit) { unitUnits += quantity[i] }
        current[i] -= given
        discounts.append((Int32(i), Int32(unit), given))
        unitDiscount += given
        changedAnything = true
        changedBy[i] = Int32(unit)
        return given
    }

    /// The units (thousandths) that `units` whole units of line `i` stand for: a weighed line
    /// (or one below a unit) is taken whole.
    @inline(__always)
    func thousandths(_ i: Int, _ units: Int64) -> Int64 {
        flags[i] & LineFlag.weighed != 0 || quantity[i] < 1000 ? quantity[i] : Exact.times(units, 1000)
    }

    /// The amount a discount is computed on: the current amount, or the original one for promos
    /// `on original prices`.
    @inline(__always)
    func base(_ i: Int) -> Int64 { unitOriginalPrices ? original[i] : current[i] }

    // MARK: - Effects

    /// Applies effect `e`; a reason when it cannot apply at all.
    mutating func apply(effect e: Int) -> Reason? {
        switch m.effects[e] {
        case .discount(let kind, let value, let perUnit, let target):
            sawPriceEffect = true
            discount(kind, value, perUnit: perUnit, target)
        case .fixedPrice(let price, let target, let chips):
            sawPriceEffect = true
            if chips >= 0 && chipsBalance < chips { return .notEnoughChips }
            // The chips are spent only when this price changed a line, whatever the promo's
            // other effects did.
            let changedBefore = changedAnything
            changedAnything = false
            fixedPrice(price, target)
            if chips >= 0 && changedAnything { result.chipsSpent.append(ChipsSpent(unit: unit, chips: chips)) }
            changedAnything = changedAnything || changedBefore
        case .bundle(let components, let price, let repeating):
            sawPriceEffect = true
            bundle(components, price: price, repeating: repeating)
        case .buyGet(let buy, let set, let get, let getSet, let reward, let value, let mostExpensive, let repeating):
            sawPriceEffect = true
            buyGet(buy: buy, set: set, get: get, getSet: getSet, reward: reward, value: value,
                   mostExpensive: mostExpensive, repeating: repeating)
        case .round(let halfUp, let step, let set):
            sawPriceEffect = true
            round(halfUp: halfUp, step: step, set: set)
        case .accrue(_, let kind, _, _, let basis, let scope, _, _, _):
            pendingAccruals.append((Int32(unit), Int32(e)))
            // Narrowed to some goods, it has something to apply to only when one of their lines
            // is on the receipt and open to accrual.
            let goods = scope != noItemSet ? scope : kind == .perStep ? basis : noItemSet
            if goods != noItemSet {
                sawPriceEffect = true
                var open = false
                forEachLine(in: goods) { e, i in if e.flags[i] & LineFlag.noAccrual == 0 { open = true } }
                if open { changedAnything = true }
            }
        case .redeemChips(let n):
            guard chipsBalance >= n else { return .notEnoughChips }
            result.chipsSpent.append(ChipsSpent(unit: unit, chips: n))
        case .gift(let sku, let count):
            result.gifts.append(Gift(unit: unit, sku: sku, count: count))
        case .issueCoupon(let code, let kind, let value, _, let valid):
            result.couponsIssued.append(CouponIssued(unit: unit, code: m.strings[Int(code)], isPercent: kind == .percent,
                                                     value: value, validUntil: add(valid, to: receipt.date)))
        }
        return nil
    }

    /// The customer's chips before the receipt: the `chips` fact, or the customer's balance.
    var chipsBefore: Int64 {
        if let index = bundle.chipsFact, facts[index] != Evaluator.absent { return facts[index] }
        return customerChips
    }

    /// The chips left to spend: those before the receipt less what earlier promos spent on it.
    var chipsBalance: Int64 {
        var balance = chipsBefore
        for spent in result.chipsSpent { balance -= spent.chips }
        return balance
    }

    /// The applications a per-receipt limit allows a repeating effect.
    var repeatLimit: Int64 { bundle.repeatLimits[unit] }

    mutating func discount(_ kind: AmountKind, _ value: Int64, perUnit: Bool, _ target: TargetInfo) {
        switch target.kind {
        case .lines:
            switch kind {
            case .percent:
                forEachLine(in: target.set) { e, i in e.discount(i, Exact.percent(e.base(i), value)) }
            case .money:
                forEachLine(in: target.set) { e, i in
                    e.discount(i, perUnit ? Exact.amount(price: value, quantity: e.quantity[i]) : value)
                }
            }
        case .receipt:
            receiptDiscount(kind, value, except: target.set)
        case .cheapest, .mostExpensive:
            pick(target.count, of: target.set, mostExpensive: target.kind == .mostExpensive)
            for k in scratchRuns.indices {
                let (i, units) = (scratchRuns[k].line, scratchRuns[k].count)
                let share = unitsBase(i, units)
                // Per unit is per kilogram on a weighed line, as on an item set.
                let weighed = flags[i] & LineFlag.weighed != 0 || quantity[i] < 1000
                let wanted: Int64 = kind == .percent ? Exact.percent(share, value)
                    : !perUnit ? min(share, value)
                    : weighed ? Exact.amount(price: value, quantity: quantity[i]) : Exact.times(value, units)
                discount(i, wanted, units: thousandths(i, units))
            }
        }
    }

    /// One amount off the receipt (all lines but `except`), split over the lines in proportion to
    /// their amounts by the largest remainder, never below a line's floor.
    mutating func receiptDiscount(_ kind: AmountKind, _ value: Int64, except: UInt32) {
        let ignores = unitIgnoresRestrictions
        let lines = pickLines, weights = pickWeights, capacities = pickCapacities
        var n = 0
        var baseTotal: Int64 = 0
        var excluded: UnsafeMutablePointer<UInt64>?
        if except != noItemSet {
            ensure(Int(except))
            excluded = setBits + Int(except) * wordCapacity
        }
        for i in 0..<lineCount {
            if let excluded, excluded[i >> 6] >> UInt64(i & 63) & 1 == 1 { continue }
            if flags[i] & LineFlag.locked != 0 { lockedSkips = true; continue }
            let b = base(i)
            lines[n] = i
            weights[n] = b
            // What the line can take before its floor; a line given less than its share shows
            // the cut as a clamp.
            capacities[n] = max(0, current[i] - (ignores ? floorLegal[i] : floorRestricted[i]))
            baseTotal += b
            n += 1
        }
        var total = kind == .percent ? Exact.percent(baseTotal, value) : min(value, baseTotal)
        guard total > 0 else { return }
        if !ignores && total > discountAllowance {
            // The receipt's cap cuts the amount before it is spread, so the cut is spread in
            // proportion too; shown as a clamp on the first line.
            clamps.append((Int32(lines[0]), Int32(unit), total - discountAllowance, allowanceSource))
            total = discountAllowance
            guard total > 0 else { return }
        }
        // What no line has room for is cut, and shown as a clamp on the first line at its floor.
        let left = allocator.allocate(total, weights: UnsafeBufferPointer(start: weights, count: n),
                                      capacities: UnsafeBufferPointer(start: capacities, count: n))
        if unitUnitsLeft == .max && (ignores || quantityBudgets.isEmpty && discountCaps.isEmpty) {
            // Each share fits its line's room (the allocator keeps to it) and no cap can cut it.
            var given: Int64 = 0
            for k in 0..<n where allocator.shares[k] > 0 {
                let i = lines[k], share = allocator.shares[k]
                steps += 1
                current[i] -= share
                discounts.append((Int32(i), Int32(unit), share))
                if changedBy[i] != Int32(unit) { unitUnits += quantity[i] }
                changedBy[i] = Int32(unit)
                given += share
            }
            if given > 0 {
                unitDiscount += given
                changedAnything = true
                if !ignores { discountAllowance -= given }
            }
        } else {
            for k in 0..<n { discount(lines[k], allocator.shares[k]) }
        }
        if left > 0, let k = (0..<n).first(where: { allocator.shares[$0] >= capacities[$0] }) {
            let i = lines[k]
            clamps.append((Int32(i), Int32(unit), left, ignores || floorRestricted[i] == floorLegal[i] ? -1 : floorSource[i]))
        }
    }

    /// The current (or original) amount of `units` whole units of line `i`.
    func unitsBase(_ i: Int, _ units: Int64) -> Int64 {
        share(of: base(i), i, units)
    }

    /// The part of `amount` (line `i`'s) that `units` whole units of it make.
    func share(of amount: Int64, _ i: Int, _ units: Int64) -> Int64 {
        let q = quantity[i]
        if flags[i] & LineFlag.weighed != 0 || q < 1000 { return amount }
        return Exact.mulDivHalfUp(amount, units * 1000, q)
    }

    /// Whole units of line `i` (a weighed line counts as one).
    func wholeUnits(_ i: Int) -> Int64 {
        flags[i] & LineFlag.weighed != 0 ? 1 : max(1, quantity[i] / 1000)
    }

    /// The price of one unit of line `i` as it stands, for choosing the cheapest.
    func unitValue(_ i: Int) -> Int64 {
        Exact.mulDiv(current[i], 1, wholeUnits(i)).quotient
    }

    /// `count` units of set `s`, cheapest (or most expensive) first, into `scratchRuns` as
    /// (line, value, units) in receipt order; ties go to the earlier line.
    mutating func pick(_ count: Int64, of s: UInt32, mostExpensive: Bool) {
        fillRuns(of: s, mostExpensive: mostExpensive, second: true)
        scratchRuns.removeAll()
        var left = count
        for run in scratchRuns2 where left > 0 {
            let take = min(left, run.count)
            scratchRuns.append((run.line, run.value, take))
            left -= take
        }
        Evaluator.sortRuns(&scratchRuns) { $0.line < $1.line }
    }

    mutating func fixedPrice(_ price: Int64, _ target: TargetInfo) {
        switch target.kind {
        case .lines:
            forEachLine(in: target.set) { e, i in
                e.discount(i, e.current[i] - Exact.amount(price: price, quantity: e.quantity[i]))
            }
        case .cheapest, .mostExpensive:
            pick(target.count, of: target.set, mostExpensive: target.kind == .mostExpensive)
            for k in scratchRuns.indices {
                let (i, units) = (scratchRuns[k].line, scratchRuns[k].count)
                let weighed = flags[i] & LineFlag.weighed != 0 || quantity[i] < 1000
                let newAmount = weighed ? Exact.amount(price: price, quantity: quantity[i]) : Exact.times(price, units)
                discount(i, share(of: current[i], i, units) - newAmount, units: thousandths(i, units))
            }
        case .receipt:
            break
        }
    }

    /// The units of the lines of a set as runs of equal units (line, value of one unit, how
    /// many), most expensive first (or cheapest first); ties go to the earlier line. Locked
    /// lines are left out.
    /// Into `scratchRuns`, or `scratchRuns2` when `second`.
    mutating func fillRuns(of s: UInt32, mostExpensive: Bool = true, second: Bool = false) {
        var runs = second ? scratchRuns2 : scratchRuns
        runs.removeAll()
        collectLines(in: s)
        for i in setLines {
            if flags[i] & LineFlag.locked != 0 { lockedSkips = true; continue }
            runs.append((i, unitValue(i), wholeUnits(i)))
        }
        if mostExpensive {
            Evaluator.sortRuns(&runs) { $0.value != $1.value ? $0.value > $1.value : $0.line < $1.line }
        } else {
            Evaluator.sortRuns(&runs) { $0.value != $1.value ? $0.value < $1.value : $0.line < $1.line }
        }
        if second { scratchRuns2 = runs } else { scratchRuns = runs }
    }

    /// Sorts in place without a temporary buffer for the few runs a receipt has.
    static func sortRuns(_ runs: inout Pile<(line: Int, value: Int64, count: Int64)>,
                         by before: ((line: Int, value: Int64, count: Int64), (line: Int, value: Int64, count: Int64)) -> Bool) {
        guard runs.count > 1 else { return }
        if runs.count > 64 {
            runs.sort(by: before)
            return
        }
        for k in 1..<runs.count {
            let x = runs[k]
            var j = k
            while j > 0, before(x, runs[j - 1]) {
                runs[j] = runs[j - 1]
                j -= 1
            }
            runs[j] = x
        }
    }

    /// A per-line buffer, zeroed for `count` lines.
    static func zero(_ buffer: UnsafeMutablePointer<Int64>, count: Int) {
        buffer.update(repeating: 0, count: count)
    }

    /// The sum of the first `count` values of a per-line buffer.
    static func sum(_ buffer: UnsafeMutablePointer<Int64>, count: Int) -> Int64 {
        var total: Int64 = 0
        for i in 0..<count { total += buffer[i] }
        return total
    }

    /// Buy `buy` get `get`: the units are sorted from the most expensive and cut into groups of
    /// `buy + get`; in each group the `get` cheapest (or most expensive) are the reward. With a
    /// separate reward set, every `buy` units of `set` earn `get` units of `getSet`, the
    /// cheapest (or most expensive) of them.
    mutating func buyGet(buy: Int64, set: UInt32, get: Int64, getSet: UInt32, reward: RewardKind, value: Int64,
                         mostExpensive: Bool, repeating: Bool) {
        Evaluator.zero(scratchPerLine, count: lineCount)
        let limit = repeating ? repeatLimit : 1
        fillRuns(of: set)
        let total = scratchRuns.reduce(0) { $0 + $1.count }
        // `buy 2 of tea get 1 of tea`: the units rewarded come out of the same units, so they are
        // groups of buy + get as without `of`.
        if getSet == noItemSet || getSet == set {
            let size = buy + get
            let groups = min(total / size, limit)
            // Reward positions below x: whole groups give `get` each, a partial group those of its
            // positions past `buy` (the cheapest) or before `get` (the most expensive).
            func rewardsBelow(_ x: Int64) -> Int64 {
                let y = min(x, groups * size)
                let partial = y % size
                return (y / size) * get + (mostExpensive ? min(partial, get) : max(0, partial - buy))
            }
            var position: Int64 = 0
            for run in scratchRuns {
                scratchPerLine[run.line] += rewardsBelow(position + run.count) - rewardsBelow(position)
                position += run.count
            }
        } else {
            let earned = Exact.times(min(total / buy, limit), get)
            fillRuns(of: getSet, mostExpensive: mostExpensive, second: true)
            var left = earned
            for run in scratchRuns2 where left > 0 {
                let take = min(left, run.count)
                scratchPerLine[run.line] += take
                left -= take
            }
        }
        for i in 0..<lineCount where scratchPerLine[i] > 0 {
            let share = unitsBase(i, scratchPerLine[i]), units = thousandths(i, scratchPerLine[i])
            switch reward {
            case .free: discount(i, share, units: units)
            case .percentOff: discount(i, Exact.percent(share, value), units: units)
            case .price: discount(i, share - Exact.times(value, scratchPerLine[i]), units: units)
            }
        }
    }

    /// A bundle repeats at most this often on one receipt.
    static let maxBundleSets: Int64 = 10_000

    /// A bundle: each set takes, component by component, the most expensive units still free;
    /// the set's discount (its value above the bundle price) is split over its lines in
    /// proportion to the value they bring.
    mutating func bundle(_ components: [BundleComponentInfo], price: Int64, repeating: Bool) {
        Evaluator.zero(scratchPerLine, count: lineCount)   // units used by earlier sets
        Evaluator.zero(scratchPerLine2, count: lineCount)  // units of the set being formed
        // Each component's units, at the prices before the bundle, one after the other.
        bundlePool.removeAll()
        bundlePoolStart.removeAll()
        for component in components {
            bundlePoolStart.append(bundlePool.count)
            fillRuns(of: component.set)
            bundlePool.append(contentsOf: scratchRuns)
        }
        bundlePoolStart.append(bundlePool.count)
        let limit = min(repeating ? repeatLimit : 1, Evaluator.maxBundleSets)
        var sets: Int64 = 0
        while sets < limit {
            scratchLines.removeAll()
            scratchWeights.removeAll()
            var value: Int64 = 0
            var complete = true
            for (j, component) in components.enumerated() {
                var need = component.count
                for run in bundlePool[bundlePoolStart[j]..<bundlePoolStart[j + 1]] where need > 0 {
                    let free = run.count - scratchPerLine[run.line] - scratchPerLine2[run.line]
                    guard free > 0 else { continue }
                    let take = min(need, free)
                    if scratchPerLine2[run.line] == 0 {
                        scratchLines.append(run.line)
                        scratchWeights.append(0)
                    }
                    scratchPerLine2[run.line] += take
                    let k = scratchLines.lastIndex(of: run.line)!
                    scratchWeights[k] += run.value * take
                    value += run.value * take
                    need -= take
                }
                if need > 0 { complete = false; break }
            }
            for i in scratchLines { if complete { scratchPerLine[i] += scratchPerLine2[i] }; scratchPerLine2[i] = 0 }
            guard complete else { break }
            sets += 1
            steps += Int64(scratchLines.count)
            let total = value - price
            guard total > 0 else { continue }
            let shares = proportional(total, weights: scratchWeights.buffer)
            for k in scratchLines.indices { discount(scratchLines[k], shares[k]) }
        }
    }

    /// Shares of `total` in proportion to `weights`, by the largest remainder, without caps.
    mutating func proportional(_ total: Int64, weights: UnsafeBufferPointer<Int64>) -> UnsafeMutableBufferPointer<Int64> {
        scratchCapacities.removeAll()
        scratchCapacities.append(contentsOf: repeatElement(Int64.max, count: weights.count))
        _ = shareAllocator.allocate(total, weights: weights, capacities: scratchCapacities.buffer)
        return shareAllocator.shares
    }

    /// Rounds the total of the lines in `set` (all: the receipt) down to a multiple of `step`, or
    /// half up when that does not raise it; the difference is split over the lines.
    mutating func round(halfUp: Bool, step: Int64, set: UInt32) {
        scratchLines.removeAll()
        scratchWeights.removeAll()
        scratchCapacities.removeAll()
        var total: Int64 = 0
        forEachLine(in: set) { e, i in
            if e.flags[i] & LineFlag.locked != 0 { e.lockedSkips = true; return }
            e.scratchLines.append(i)
            e.scratchWeights.append(e.current[i])
            e.scratchCapacities.append(max(0, e.current[i] - e.floor(i)))
            total += e.current[i]
        }
        let remainder = total % step
        // Half up would raise the total when the remainder is at least half a step: a promo
        // never raises a receipt, so then nothing changes.
        guard remainder > 0, !(halfUp && remainder * 2 >= step) else { return }
        let left = allocator.allocate(remainder, weights: scratchWeights.buffer, capacities: scratchCapacities.buffer)
        for k in scratchLines.indices { discount(scratchLines[k], allocator.shares[k]) }
        // What no line has room for is not taken off, and shown as a clamp on the first line at
        // its floor, as for a receipt discount.
        if left > 0, let k = scratchLines.indices.first(where: { allocator.shares[$0] >= scratchCapacities[$0] }) {
            let i = scratchLines[k]
            clamps.append((Int32(i), Int32(unit), left,
                           unitIgnoresRestrictions || floorRestricted[i] == floorLegal[i] ? -1 : floorSource[i]))
        }
    }

    // MARK: - Tiers

    /// The effects of the customer's level of tier program `t`.
    mutating func applyTier(_ t: Int) -> Reason? {
        let level = levels[t]
        guard level >= 0 else { return .noLevel }
        let info = m.tiers[t].levels[level]
        for e in Int(info.effectStart)..<Int(info.effectStart + info.effectCount) {
            if let reason = apply(effect: e) { return reason }
        }
        return nil
    }

    /// `d` after `date`; nil when `d` is none.
    func add(_ d: DurationInfo, to date: LocalDate) -> LocalDate? {
        let n = Int(d.amount)
        switch d.unit {
        case .none: return nil
        case .days: return Calendar.date(dayNumber: Calendar.dayNumber(date) + n)
        case .weeks: return Calendar.date(dayNumber: Calendar.dayNumber(date) + 7 * n)
        case .months: return Calendar.adding(months: n, to: date)
        case .years: return Calendar.adding(months: 12 * n, to: date)
        }
    }
}
