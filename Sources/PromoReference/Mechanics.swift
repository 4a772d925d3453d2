import PromoBytecode
import PromoSemantics
import PromoVM

extension Evaluation {
    // MARK: - The one place a discount is given

    /// Gives line `i` up to `wanted` off its current amount, and returns what was given
    /// (BRIEF step 4, "Restrictions clamp every effect as it is applied"; mechanics.md rule 5
    /// and "Restrictions"):
    /// - a locked line takes nothing (mechanics.md, "Lock discounts");
    /// - never below the line's floor: the legal minimum always, the restrictions' floors unless
    ///   the promo ignores restrictions; never below zero;
    /// - never past the receipt's discount allowance nor a cap on some lines (`discount <= N% of
    ///   total`), which it then uses up;
    /// - only for the units within the quantity budgets (`qty <= N per …`), and within the
    ///   promo's own units limit; `units` is how many units (thousandths) `wanted` is for, 0 for
    ///   the whole line.
    /// What is cut is recorded as a clamp naming the restriction that cut it (nil: the legal
    /// minimum, or zero).
    @discardableResult
    func discount(_ i: Int, _ wanted: Int64, units: Int64 = 0) -> Int64 {
        guard wanted > 0 else { return 0 }
        if sheet.locked[i] {
            run.lockedSkips = true
            return 0
        }
        var wanted = wanted
        let ignores = run.ignoresRestrictions
        let budgets = !ignores && !sheet.budgets.isEmpty
        let tracksUnits = budgets || run.unitsLeft != nil
        // The units this promo will have discounted on the line: those before this call, and
        // those of this call.
        var unitsBefore: Int64 = 0, callUnits: Int64 = 0, lineUnits: Int64 = 0
        if tracksUnits {
            let q = quantity[i]
            unitsBefore = sheet.changedBy[i] == run.unit ? sheet.lineUnits[i] : 0
            callUnits = max(0, min(units > 0 ? units : q, q - unitsBefore))
            if let left = run.unitsLeft, callUnits > left {
                decidedByLineOrder = true
                // The promo's units limit: the wanted amount scaled to the units left.
                wanted = callUnits > 0 ? Exact.mulDivDown(wanted, left, callUnits) : 0
                callUnits = left
                guard wanted > 0 else { return 0 }
            }
            lineUnits = unitsBefore + callUnits
        }
        let floor = ignores ? floorLegal[i] : floorRestricted[i]
        var given = min(wanted, max(0, sheet.current[i] - floor))
        var restriction: Int? = ignores || floor == floorLegal[i] ? nil : floorSource[i]
        if !ignores {
            if given > sheet.allowance {
                given = sheet.allowance
                restriction = sheet.allowanceSource
            }
            for cap in sheet.caps where cap.remaining < given && inScope(cap.scope, i) {
                given = cap.remaining
                restriction = cap.unit
            }
            if budgets {
                // Only the units still within every budget get the discount; units counted
                // already (by an earlier promo) are not counted again.
                var allowed = lineUnits, cutBy: Int?
                for budget in sheet.budgets where inScope(budget.scope, i) {
                    let most = max(unitsBefore, sheet.countedUnits[i] + budget.remaining)
                    if most < allowed {
                        allowed = most
                        cutBy = budget.unit
                    }
                }
                if allowed < lineUnits {
                    let cut = Exact.mulDivDown(given, allowed - unitsBefore, callUnits)
                    if cut < given {
                        given = cut
                        restriction = cutBy
                    }
                    lineUnits = allowed
                }
            }
        }
        if given < wanted {
            sheet.clamps.append((i, run.unit, wanted - given, restriction))
            // An allowance, cap, budget or units limit shared by lines is used up line by line,
            // in the order the lines come.
            if sharedCut(restriction) { decidedByLineOrder = true }
        }
        guard given > 0 else { return 0 }
        if !ignores {
            sheet.allowance -= given
            for k in sheet.caps.indices where inScope(sheet.caps[k].scope, i) { sheet.caps[k].remaining -= given }
        }
        if tracksUnits {
            if budgets {
                let counted = sheet.countedUnits[i]
                if lineUnits > counted {
                    for k in sheet.budgets.indices where inScope(sheet.budgets[k].scope, i) {
                        sheet.budgets[k].remaining = max(0, sheet.budgets[k].remaining - (lineUnits - counted))
                    }
                    sheet.countedUnits[i] = lineUnits
                }
            }
            if let left = run.unitsLeft {
                run.unitsLeft = left - (lineUnits - unitsBefore)
                run.units += lineUnits - unitsBefore
            }
            sheet.lineUnits[i] = lineUnits
        }
        if run.unitsLeft == nil && sheet.changedBy[i] != run.unit { run.units += quantity[i] }
        sheet.current[i] -= given
        sheet.discounts.append((i, run.unit, given))
        run.discount += given
        run.changedAnything = true
        sheet.changedBy[i] = run.unit
        return given
    }

    func inScope(_ scope: ItemSet?, _ i: Int) -> Bool { scope.map { contains($0, i) } ?? true }

    /// Whether a cut by `restriction` came from something the lines share (the receipt's
    /// allowance, a cap on some lines, a quantity budget) rather than the line's own floor.
    func sharedCut(_ restriction: Int?) -> Bool {
        guard let restriction else { return false }
        return restriction == sheet.allowanceSource || sheet.caps.contains { $0.unit == restriction }
            || sheet.budgets.contains { $0.unit == restriction }
    }

    /// The amount a discount is computed on: the current amount, or the original one for a
    /// promo `on original prices` (mechanics.md, "Stacking on original prices").
    func base(_ i: Int) -> Int64 { run.originalPrices ? original[i] : sheet.current[i] }

    /// Whether line `i` counts as one unit whatever its quantity: a weighed line, or one under a
    /// unit (mechanics.md rule 6).
    func takenWhole(_ i: Int) -> Bool { lines[i].weighed || quantity[i] < 1000 }

    /// The part of `amount` (line `i`'s) that `units` whole units make: amount × units / qty,
    /// half up; the whole amount for a line taken whole.
    func share(of amount: Int64, _ i: Int, _ units: Int64) -> Int64 {
        takenWhole(i) ? amount : Exact.mulDivHalfUp(amount, Exact.times(units, 1000), quantity[i])
    }

    /// The thousandths that `units` whole units of line `i` stand for.
    func thousandths(_ i: Int, _ units: Int64) -> Int64 {
        takenWhole(i) ? quantity[i] : Exact.times(units, 1000)
    }

    /// Whole units of line `i`: a weighed line is one; otherwise floor(qty), at least one.
    func wholeUnits(_ i: Int) -> Int64 { lines[i].weighed ? 1 : max(1, quantity[i] / 1000) }

    /// The value of one unit as the line stands: its current amount over its whole units,
    /// rounded down.
    func unitValue(_ i: Int) -> Int64 { sheet.current[i] / wholeUnits(i) }

    // MARK: - Effects

    /// Applies one effect; a reason when it cannot apply at all.
    func apply(_ effect: Effect) -> Reason? {
        switch effect {
        case .discount(let amount, let perUnit, let target):
            run.sawPriceEffect = true
            discount(amount, perUnit: perUnit, target)
        case .fixedPrice(let price, let target, let chips):
            run.sawPriceEffect = true
            if let chips, chips >= 0, chipsBalance < chips { return .notEnoughChips }
            // mechanics.md, "Goods for chips": `price … for N chips` records N only when it
            // changed a line (this effect, not an earlier one of the promo).
            let changedBefore = run.changedAnything
            run.changedAnything = false
            fixedPrice(price.minor, target)
            let changed = run.changedAnything
            run.changedAnything = changedBefore || changed
            if let chips, chips >= 0, changed { sheet.chipsSpent.append(ChipsSpent(unit: run.unit, chips: chips)) }
        case .bundle(let components, let price, let repeating):
            run.sawPriceEffect = true
            bundle(components, price: price.minor, repeating: repeating)
        case .buyGet(let buy, let of, let get, let getOf, let reward, let order, let repeating):
            run.sawPriceEffect = true
            buyGet(buy: buy, of: of, get: get, getOf: getOf, reward: reward, mostExpensive: order == .mostExpensive,
                   repeating: repeating)
        case .round(let mode, let step, let scope):
            run.sawPriceEffect = true
            round(halfUp: mode == .halfUp, step: step.minor, scope: scope)
        case .accrue(let accrual):
            // Accruals are computed after the last promo (BRIEF step 6). Narrowed to some goods,
            // one has something to apply to only when a line of them open to accrual is on the
            // receipt (mechanics.md, "Bonus accrual, fixed").
            sheet.pendingAccruals.append((run.unit, accrual))
            var goods = accrual.scope
            if goods == nil, case .perStep(_, _, let basis) = accrual.amount { goods = basis }
            if let goods {
                run.sawPriceEffect = true
                if lines.indices.contains(where: { contains(goods, $0) && !sheet.noAccrual[$0] }) { run.changedAnything = true }
            }
        case .redeemChips(let n):
            guard chipsBalance >= n else { return .notEnoughChips }
            sheet.chipsSpent.append(ChipsSpent(unit: run.unit, chips: n))
        case .gift(let count, let items):
            let sku: Int64 = if case .sku(let s) = items { s } else { 0 }
            sheet.gifts.append(Gift(unit: run.unit, sku: sku, count: count))
        case .issueCoupon(let coupon):
            // mechanics.md, "Coupon issued": valid until the receipt date + validity.
            let (isPercent, value): (Bool, Int64) = switch coupon.discount {
            case .percent(let p): (true, p.millionths)
            case .money(let m): (false, m.minor)
            }
            sheet.couponsIssued.append(CouponIssued(unit: run.unit, code: coupon.code, isPercent: isPercent, value: value,
                                                    validUntil: add(coupon.valid, to: receipt.date)))
        }
        return nil
    }

    /// The customer's chips before the receipt: the `chips` fact, or the customer's chips.
    var chipsBefore: Int64 {
        if case .number(let n)? = facts["chips"] { return n }
        return customer?.chips ?? 0
    }

    /// The chips left to spend: those before the receipt less what earlier promos spent.
    var chipsBalance: Int64 { sheet.chipsSpent.reduce(chipsBefore) { $0 - $1.chips } }

    /// `discount P on …` (mechanics.md, "Discounts on goods", "Receipt discounts").
    func discount(_ amount: Amount, perUnit: Bool, _ target: Target) {
        switch target {
        case .lines(let set):
            // A percent of each line's amount half up per line; an amount off every line (or
            // off each unit with `each`: × quantity, per kilogram for a weighed line).
            for i in lineIndices(set) {
                switch amount {
                case .percent(let p): discount(i, Exact.percent(base(i), p.millionths))
                case .money(let m): discount(i, perUnit ? Exact.amount(price: m.minor, quantity: quantity[i]) : m.minor)
                }
            }
        case .receipt(let except):
            receiptDiscount(amount, except: except)
        case .pick(let count, let order, let set):
            // `1 cheapest of …`: the share of the picked units in the line's amount.
            for (i, units) in pick(count, of: set, mostExpensive: order == .mostExpensive) {
                let share = share(of: base(i), i, units)
                let wanted: Int64 = switch amount {
                case .percent(let p): Exact.percent(share, p.millionths)
                case .money(let m) where !perUnit: min(share, m.minor)
                case .money(let m): takenWhole(i) ? Exact.amount(price: m.minor, quantity: quantity[i]) : Exact.times(m.minor, units)
                }
                discount(i, wanted, units: thousandths(i, units))
            }
        }
    }

    /// One amount off the receipt, spread over the eligible lines (not excluded, not locked) in
    /// proportion to their amounts by the largest remainder, never below a line's floor
    /// (mechanics.md rules 4 and 5, "Receipt discount, percent with a coupon" and "amount from a
    /// threshold"). A percent is taken once of the eligible lines' total. The receipt's
    /// allowance cuts the amount before it is spread (one clamp, on the first line); what no
    /// line can take is cut and shown as a clamp on the first line at its floor.
    func receiptDiscount(_ amount: Amount, except: ItemSet?) {
        let ignores = run.ignoresRestrictions
        var eligible: [Int] = [], weights: [Int64] = [], rooms: [Int64] = []
        for i in lines.indices {
            if let except, contains(except, i) { continue }
            if sheet.locked[i] {
                run.lockedSkips = true
                continue
            }
            eligible.append(i)
            weights.append(base(i))
            rooms.append(max(0, sheet.current[i] - (ignores ? floorLegal[i] : floorRestricted[i])))
        }
        let baseTotal = Exact.sum(weights)
        var total: Int64 = switch amount {
        case .percent(let p): Exact.percent(baseTotal, p.millionths)
        case .money(let m): min(m.minor, baseTotal)
        }
        guard total > 0 else { return }
        if !ignores && total > sheet.allowance {
            decidedByLineOrder = true
            sheet.clamps.append((eligible[0], run.unit, total - sheet.allowance, sheet.allowanceSource))
            total = sheet.allowance
            guard total > 0 else { return }
        }
        let allocation = Allocation(total, weights: weights, rooms: rooms)
        if allocation.tied || allocation.left > 0 { decidedByLineOrder = true }
        for (k, i) in eligible.enumerated() { discount(i, allocation.shares[k]) }
        if allocation.left > 0, let k = eligible.indices.first(where: { allocation.shares[$0] >= rooms[$0] }) {
            let i = eligible[k]
            sheet.clamps.append((i, run.unit, allocation.left, ignores || floorRestricted[i] == floorLegal[i] ? nil : floorSource[i]))
        }
    }

    /// The units of the lines of a set as runs (line, value of one unit, whole units), locked
    /// lines left out, dearest first (or cheapest first); equal values in receipt order.
    func runs(of set: ItemSet, mostExpensive: Bool) -> [(line: Int, value: Int64, count: Int64)] {
        var runs: [(line: Int, value: Int64, count: Int64)] = []
        for i in lineIndices(set) {
            if sheet.locked[i] {
                run.lockedSkips = true
                continue
            }
            runs.append((i, unitValue(i), wholeUnits(i)))
        }
        let sorted = runs.sorted { a, b in
            a.value != b.value ? (mostExpensive ? a.value > b.value : a.value < b.value) : a.line < b.line
        }
        if zip(sorted, sorted.dropFirst()).contains(where: { $0.value == $1.value }) { decidedByLineOrder = true }
        return sorted
    }

    /// `count` units of the set, cheapest (or dearest) first, as (line, units) in receipt order
    /// (mechanics.md, "Coupon: 50% off one item").
    func pick(_ count: Int64, of set: ItemSet, mostExpensive: Bool) -> [(line: Int, units: Int64)] {
        var left = count
        var picked: [(line: Int, units: Int64)] = []
        for r in runs(of: set, mostExpensive: mostExpensive) where left > 0 {
            let take = min(left, r.count)
            picked.append((r.line, take))
            left -= take
        }
        return picked.sorted { $0.line < $1.line }
    }

    /// `price P on …` (mechanics.md, "Fixed price"): the new amount is price × quantity half up
    /// (per kilogram for weighed goods); the discount is what the current amount is above it. A
    /// price is never raised.
    func fixedPrice(_ price: Int64, _ target: Target) {
        switch target {
        case .lines(let set):
            for i in lineIndices(set) { discount(i, sheet.current[i] - Exact.amount(price: price, quantity: quantity[i])) }
        case .pick(let count, let order, let set):
            for (i, units) in pick(count, of: set, mostExpensive: order == .mostExpensive) {
                let newAmount = takenWhole(i) ? Exact.amount(price: price, quantity: quantity[i]) : Exact.times(price, units)
                discount(i, share(of: sheet.current[i], i, units) - newAmount, units: thousandths(i, units))
            }
        case .receipt:
            break
        }
    }

    /// `buy N of A get M …` (mechanics.md, "Multi-buy and sets"). The units of A, dearest first,
    /// are cut into full groups of N + M (at most the per-receipt limit; one with `once`); in
    /// each group the last M (cheapest) or first M (dearest) are rewarded. With a separate set
    /// B, every N units of A earn M units of B, its cheapest (or dearest). Each line then loses
    /// its rewarded units' share of its base amount: all of it (free), a percent of it, or what
    /// it is above the price.
    func buyGet(buy: Int64, of: ItemSet, get: Int64, getOf: ItemSet?, reward: Reward, mostExpensive: Bool, repeating: Bool) {
        guard buy > 0, get > 0 else { return }
        var rewarded = [Int64](repeating: 0, count: lines.count)
        let limit = repeating ? run.repeatLimit : 1
        let units = runs(of: of, mostExpensive: true)
        let total = units.reduce(Int64(0)) { $0 + $1.count }
        if getOf == nil || getOf == of {
            let size = buy + get
            let groups = min(total / size, limit)
            // Position k (from 0, dearest first) is rewarded when it lies in a full group and is
            // one of its last `get` (cheapest) or first `get` (dearest) places.
            var position: Int64 = 0
            for r in units {
                for _ in 0..<r.count {
                    if position < groups * size {
                        let place = position % size
                        if mostExpensive ? place < get : place >= buy { rewarded[r.line] += 1 }
                    }
                    position += 1
                }
            }
        } else if let getOf {
            var left = Exact.times(min(total / buy, limit), get)
            for r in runs(of: getOf, mostExpensive: mostExpensive) where left > 0 {
                let take = min(left, r.count)
                rewarded[r.line] += take
                left -= take
            }
        }
        for i in lines.indices where rewarded[i] > 0 {
            let share = share(of: base(i), i, rewarded[i]), units = thousandths(i, rewarded[i])
            switch reward {
            case .free: discount(i, share, units: units)
            case .percentOff(let p): discount(i, Exact.percent(share, p.millionths), units: units)
            case .price(let m): discount(i, share - Exact.times(m.minor, rewarded[i]), units: units)
            }
        }
    }

    /// A bundle repeats at most this often on one receipt (mechanics.md, "Bundle").
    static let maxBundleSets: Int64 = 10_000

    /// `bundle { … } price P` (mechanics.md, "Bundle (combo) price"): each set is filled
    /// component by component, each taking the dearest units of its items not used yet; sets
    /// repeat while a full one can be formed (at most the per-receipt limit, one with `once`).
    /// A set's discount (its value above the price) is split over its lines in proportion to
    /// the value each brought, by the largest remainder, ties to the line that joined first;
    /// each share is then clamped on its line, and a cut share is not passed on.
    func bundle(_ components: [BundleComponentModel], price: Int64, repeating: Bool) {
        // Each component's units at the prices before the bundle.
        let pools = components.map { runs(of: $0.items, mostExpensive: true) }
        var used = [Int64](repeating: 0, count: lines.count)
        let limit = min(repeating ? run.repeatLimit : 1, Evaluation.maxBundleSets)
        var sets: Int64 = 0
        while sets < limit {
            var taken = [Int64](repeating: 0, count: lines.count)
            var joined: [Int] = [], weights: [Int64] = []
            var value: Int64 = 0
            var complete = true
            for (j, component) in components.enumerated() {
                var need = component.count
                for r in pools[j] where need > 0 {
                    let free = r.count - used[r.line] - taken[r.line]
                    guard free > 0 else { continue }
                    let take = min(need, free)
                    if taken[r.line] == 0 {
                        joined.append(r.line)
                        weights.append(0)
                    }
                    taken[r.line] += take
                    if let k = joined.lastIndex(of: r.line) { weights[k] = Exact.clamp(Int128(weights[k]) + Int128(Exact.times(r.value, take))) }
                    value = Exact.clamp(Int128(value) + Int128(Exact.times(r.value, take)))
                    need -= take
                }
                if need > 0 {
                    complete = false
                    break
                }
            }
            guard complete else { break }
            for i in joined { used[i] += taken[i] }
            sets += 1
            let total = value - price
            guard total > 0 else { continue }
            let shares = Allocation(total, weights: weights, rooms: weights.map { _ in Int64.max }).shares
            for (k, i) in joined.enumerated() { discount(i, shares[k]) }
        }
    }

    /// `round down|half up to STEP [on ITEMS]` (mechanics.md, "Rounding of the total"): the
    /// total of the lines (not locked) modulo the step comes off, spread by amount with the
    /// largest remainder and respecting floors; half up changes nothing when the remainder is
    /// half a step or more (a promo never raises a receipt). What no line can take is not taken
    /// off, and shown as a clamp on the first line at its floor.
    func round(halfUp: Bool, step: Int64, scope: ItemSet?) {
        guard step > 0 else { return }
        var rounded: [Int] = [], weights: [Int64] = [], rooms: [Int64] = []
        for i in lineIndices(scope) {
            if sheet.locked[i] {
                run.lockedSkips = true
                continue
            }
            rounded.append(i)
            weights.append(sheet.current[i])
            rooms.append(max(0, sheet.current[i] - (run.ignoresRestrictions ? floorLegal[i] : floorRestricted[i])))
        }
        let remainder = Exact.sum(weights) % step
        guard remainder > 0, !(halfUp && remainder * 2 >= step) else { return }
        let allocation = Allocation(remainder, weights: weights, rooms: rooms)
        if allocation.tied || allocation.left > 0 { decidedByLineOrder = true }
        for (k, i) in rounded.enumerated() { discount(i, allocation.shares[k]) }
        if allocation.left > 0, let k = rounded.indices.first(where: { allocation.shares[$0] >= rooms[$0] }) {
            let i = rounded[k]
            sheet.clamps.append((i, run.unit, allocation.left,
                                 run.ignoresRestrictions || floorRestricted[i] == floorLegal[i] ? nil : floorSource[i]))
        }
    }

    /// `d` after `date` (months and years as calendar months); nil without a duration. Units
    /// shorter than a day add nothing.
    func add(_ d: PromoSemantics.Duration?, to date: LocalDate) -> LocalDate? {
        guard let d else { return nil }
        // Durations past any calendar are held at ten million years.
        let n = Int(max(-3_650_000_000, min(3_650_000_000, d.amount)))
        switch d.unit {
        case .days: return Dates.date(dayNumber: Dates.dayNumber(date) + n)
        case .weeks: return Dates.date(dayNumber: Dates.dayNumber(date) + 7 * n)
        case .months: return Dates.adding(months: n, to: date)
        case .years: return Dates.adding(months: 12 * n, to: date)
        case .minutes, .hours: return date
        }
    }
}
