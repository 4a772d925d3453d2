import PromoBytecode
import PromoSemantics
import PromoVM

/// A receipt the reference evaluator cannot evaluate, in words.
public struct ReferenceError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// What became of one promo or tier program on a receipt: applied, or why not.
public struct ReferenceOutcome: Sendable, Hashable {
    public var unit: Int
    public var applied: Bool
    /// Why it did not apply; nil when it applied.
    public var reason: Reason?
}

/// Evaluates receipts against a checked program by following BRIEF.md's semantics directly.
///
/// The evaluation is written for clarity, not speed: plain arrays, one pass per step of
/// BRIEF.md's "How a receipt is evaluated", the details of each mechanic as docs/mechanics.md
/// states them. It shares no code with the compiler's back end or the VM; only the VM's receipt
/// and result types are used, so that the two can be compared result for result.
public struct ReferenceEvaluator: Sendable {
    public let program: Program
    /// The names of the units (promos, restrictions, tier programs) in the numbering the results
    /// use: a bundle's `unitNames`.
    public let unitNames: [String]

    public init(program: Program, unitNames: [String]) {
        self.program = program
        self.unitNames = unitNames
    }

    /// The result of one receipt; `trace` and `steps` are left empty (they are the VM's own).
    public func evaluate(_ receipt: Receipt) throws(ReferenceError) -> EvaluationResult {
        try evaluateWithOutcomes(receipt).result
    }

    /// The result of one receipt, and what became of each promo and tier program that was
    /// considered, in the order they were considered (the VM's trace, without its details).
    public func evaluateWithOutcomes(_ receipt: Receipt) throws(ReferenceError) -> (result: EvaluationResult, outcomes: [ReferenceOutcome]) {
        let details = try evaluateInDetail(receipt)
        return (details.result, details.outcomes)
    }

    /// The result, the outcome of each unit considered, and whether the semantics decided
    /// anything by the order of the receipt's lines (a tie taken in receipt order, a shared
    /// allowance, cap or budget used up line by line): when nothing was, the result must be the
    /// same for the lines in any order.
    public func evaluateInDetail(_ receipt: Receipt) throws(ReferenceError)
        -> (result: EvaluationResult, outcomes: [ReferenceOutcome], decidedByLineOrder: Bool) {
        let evaluation = try Evaluation(program: program, units: UnitNumbers(program: program, names: unitNames), receipt: receipt)
        evaluation.runAll()
        return (evaluation.result(), evaluation.outcomes, evaluation.decidedByLineOrder)
    }
}

/// The unit number of each promo, tier program and restriction: a compiled bundle numbers
/// promos first (in the program's order), then tier programs, then restrictions.
struct UnitNumbers: Sendable {
    var promos: [Int]
    var tiers: [Int]
    var restrictions: [Int]

    init(program: Program, names: [String]) {
        func number(_ name: String, at position: Int) -> Int {
            if position < names.count, names[position] == name { return position }
            return names.firstIndex(of: name) ?? position
        }
        let p = program.promos.count, t = program.tiers.count
        promos = program.promos.enumerated().map { number($1.name, at: $0) }
        tiers = program.tiers.enumerated().map { number($1.name, at: p + $0) }
        restrictions = program.restrictions.enumerated().map { number($1.name, at: p + t + $0) }
    }
}

/// A promo or a tier program, as the units run in priority order.
enum Runnable {
    case promo(Int)
    case tiers(Int)
}

/// Everything an evaluation changes as promos apply. A value: a best-of trial runs on a copy
/// (mechanics.md, "Best of a group": "every eligible member is tried on the receipt as it
/// stands then").
struct Sheet {
    /// Each line's current amount (BRIEF step 3: "a discount is computed on the line's current
    /// price (after earlier promos)").
    var current: [Int64]
    var locked: [Bool]
    var noAccrual: [Bool]
    var noRedemption: [Bool]
    /// The unit that last changed each line, -1 for none.
    var changedBy: [Int]
    /// Units of each line the unit that last changed it has discounted (thousandths).
    var lineUnits: [Int64]
    /// Units of each line counted against the quantity budgets (a unit discounted by several
    /// promos counts once).
    var countedUnits: [Int64]
    var counters: [String: Int64]
    var budgets: [Budget]
    var caps: [Budget]
    /// What is left of the receipt's discount allowance, and the restriction that set it.
    var allowance: Int64 = .max
    var allowanceSource: Int?
    var discounts: [(line: Int, unit: Int, amount: Int64)] = []
    var clamps: [(line: Int, unit: Int, amount: Int64, restriction: Int?)] = []
    var pendingAccruals: [(unit: Int, accrual: Accrual)] = []
    var pendingMessages: [(unit: Int, message: Message)] = []
    var counterChanges: [PromoVM.CounterChange] = []
    var usage: [UsageChange] = []
    var chipsSpent: [ChipsSpent] = []
    var couponsApplied: [CouponApplied] = []
    var couponsIssued: [CouponIssued] = []
    var gifts: [Gift] = []
    var stopped = false
}

/// A share of the receipt a restriction bounds: a quantity budget (units, thousandths) or a
/// discount cap on some lines (money).
struct Budget {
    var scope: ItemSet?
    var remaining: Int64
    var unit: Int
}

/// The promo (or tier program) being applied.
struct UnitRun {
    var unit: Int
    var originalPrices = false
    var ignoresRestrictions = false
    var discount: Int64 = 0
    /// Units of the lines it changed (thousandths), for its usage.
    var units: Int64 = 0
    /// Units it may still discount under a units limit; nil: no such limit.
    var unitsLeft: Int64?
    /// Chips it spends, checked before its first effect.
    var chipsDue: Int64 = 0
    var changedAnything = false
    var sawPriceEffect = false
    var lockedSkips = false
    /// The applications its per-receipt use limit allows a repeating effect.
    var repeatLimit: Int64 = .max
}

/// One receipt's evaluation.
final class Evaluation {
    let program: Program
    let units: UnitNumbers
    let receipt: Receipt
    let lines: [Line]
    /// The receipt as read: amounts, quantities, the legal floor of excise lines.
    let original: [Int64]
    let quantity: [Int64]
    let floorLegal: [Int64]
    /// Floors raised by restrictions, and which restriction set each one (nil: the legal minimum).
    var floorRestricted: [Int64]
    var floorSource: [Int?]
    /// `redeem <= …` caps: the restriction, the percent or money, the lines.
    var redeemCaps: [(unit: Int, percent: Int64?, money: Int64?, scope: ItemSet?)] = []
    let customer: Customer?
    /// The customer's facts by key, as values of the language.
    var facts: [String: Scalar] = [:]
    /// The level (index) of each tier program, by program name.
    var levels: [String: Int] = [:]
    let dayNumber: Int
    let minuteStamp: Int64

    var sheet: Sheet
    var run = UnitRun(unit: -1)
    var outcomes: [ReferenceOutcome] = []
    /// Whether the semantics decided something by the order of the receipt's lines: equal
    /// values or remainders taken in receipt order, a shared allowance, cap or budget used up
    /// line by line (mechanics.md: "ties in receipt order", "lines are served in receipt
    /// order"). Only then may another order of the same lines give another result.
    var decidedByLineOrder = false

    init(program: Program, units: UnitNumbers, receipt: Receipt) throws(ReferenceError) {
        self.program = program
        self.units = units
        self.receipt = receipt
        self.lines = receipt.lines
        self.customer = receipt.customer
        let d = receipt.date
        guard Dates.isValid(year: d.year, month: d.month, day: d.day) else { throw ReferenceError("at: \(d) is not a date") }
        guard (0..<1440).contains(receipt.minute) else { throw ReferenceError("at: the time is outside the day") }
        guard receipt.lines.count <= 100_000 else { throw ReferenceError("lines: more than 100,000 lines") }
        if let channel = receipt.channel, !["pos", "sco", "web", "app", "delivery"].contains(channel) {
            throw ReferenceError("channel: unknown channel \"\(channel)\"")
        }
        dayNumber = Dates.dayNumber(d)
        minuteStamp = Int64(dayNumber) * 1440 + Int64(receipt.minute)

        // Each line's amount: as the till gave it, otherwise price × quantity half up; an excise
        // line's legal floor is min(amount, min_price × quantity half up) (mechanics.md,
        // "Excise floor").
        var original: [Int64] = [], quantity: [Int64] = [], legal: [Int64] = []
        for (i, line) in receipt.lines.enumerated() {
            guard line.quantity > 0, line.quantity <= 1_000_000_000 else {
                throw ReferenceError("lines[\(i)].qty: a quantity must be above zero and at most 1000000")
            }
            guard line.price >= 0, line.price <= 10_000_000_000_000 else {
                throw ReferenceError("lines[\(i)].price: a price must be zero or more and at most 10^13 minor units")
            }
            let amount = line.amount ?? Exact.mulDivHalfUpChecked(line.price, line.quantity, 1000) ?? -1
            guard amount >= 0, amount <= 10_000_000_000_000 else {
                throw ReferenceError("lines[\(i)].amount: a line amount must be zero or more and at most 10^13 minor units")
            }
            var floor: Int64 = 0
            if line.excise, let minimum = line.minPrice {
                guard minimum >= 0, minimum <= 10_000_000_000_000 else {
                    throw ReferenceError("lines[\(i)].min_price: a minimum price must be zero or more")
                }
                floor = min(amount, Exact.mulDivHalfUpChecked(minimum, line.quantity, 1000) ?? amount)
            }
            original.append(amount)
            quantity.append(line.quantity)
            legal.append(floor)
        }
        self.original = original
        self.quantity = quantity
        self.floorLegal = legal
        self.floorRestricted = legal
        self.floorSource = [Int?](repeating: nil, count: legal.count)
        let n = legal.count
        sheet = Sheet(current: original, locked: [Bool](repeating: false, count: n), noAccrual: [Bool](repeating: false, count: n),
                      noRedemption: [Bool](repeating: false, count: n), changedBy: [Int](repeating: -1, count: n),
                      lineUnits: [Int64](repeating: 0, count: n), countedUnits: [Int64](repeating: 0, count: n),
                      counters: [:], budgets: [], caps: [])
        try bindCustomer()
    }

    /// The customer's facts, counters and tier levels (mechanics.md, "Tiers": a level sent by
    /// the server wins over the measure).
    func bindCustomer() throws(ReferenceError) {
        for name in program.counters { sheet.counters[name] = customer?.counters[name] ?? 0 }
        guard let customer else { return }
        for fact in program.facts {
            let key = fact.description
            guard let value = customer.facts[key] else { continue }
            facts[key] = try Evaluation.scalar(value, type: fact.type, key: key)
        }
        // The figures the receipt's customer carries itself, when the facts do not give them.
        if facts["card"] == nil, program.facts.contains(where: { $0.description == "card" }) {
            facts["card"] = .number(customer.card ? 1 : 0)
        }
        if facts["bonus_balance"] == nil, program.facts.contains(where: { $0.description == "bonus_balance" }),
           let b = customer.bonusBalance {
            facts["bonus_balance"] = .number(b)
        }
        if facts["chips"] == nil, program.facts.contains(where: { $0.description == "chips" }), let c = customer.chips {
            facts["chips"] = .number(c)
        }
        for tiers in program.tiers {
            if let sent = customer.levels[tiers.name] {
                guard let l = tiers.levels.firstIndex(where: { $0.name == sent }) else {
                    throw ReferenceError("customer.levels.\(tiers.name): tier program \(tiers.name) has no level \"\(sent)\"")
                }
                levels[tiers.name] = l
                continue
            }
            // The last level whose `from` is at most the measure.
            guard case .number(let measure)? = facts[tiers.measure.description] else { continue }
            for (l, level) in tiers.levels.enumerated() {
                let threshold: Int64 = switch level.threshold {
                case .money(let m): m.minor
                case .count(let c): c
                default: 0
                }
                if measure >= threshold { levels[tiers.name] = l }
            }
        }
    }

    /// A fact as the loyalty server sent it, read as the type the program gives it.
    static func scalar(_ value: FactValue, type: ValueType, key: String) throws(ReferenceError) -> Scalar {
        switch (value, type) {
        case (.bool(let b), .bool), (.bool(let b), .segment): return .number(b ? 1 : 0)
        case (.number(let n), _) where ![.bool, .segment, .string, .date, .anniversary].contains(type): return .number(n)
        case (.date(let d), .date), (.date(let d), .anniversary):
            guard Dates.isValid(year: d.year, month: d.month, day: d.day) else {
                throw ReferenceError("customer.facts.\(key): \(d) is not a date")
            }
            return .number(Int64(Dates.dayNumber(d)))
        case (.text(let s), .string): return .text(s)
        default:
            throw ReferenceError("customer.facts.\(key): expected \(type.rawValue), found \(value)")
        }
    }

    var hasCustomer: Bool { customer != nil }

    // MARK: - The evaluation, step by step

    /// BRIEF.md, "How a receipt is evaluated": restrictions set the floors and caps (step 4),
    /// eligible promos apply in priority order (steps 1–3), then bonuses and the result (steps
    /// 6–7).
    func runAll() {
        applyRestrictions()
        var decidedGroups: Set<String> = []
        for runnable in runOrder() {
            // A member of a best-of group decided earlier has its outcome already.
            if case .promo(let p) = runnable, let group = program.promos[p].combination.bestOf, decidedGroups.contains(group) {
                continue
            }
            if sheet.stopped {
                // mechanics.md, "Stop": every later promo is not applied.
                outcomes.append(ReferenceOutcome(unit: unitNumber(runnable), applied: false, reason: .stopped))
                continue
            }
            if case .promo(let p) = runnable, let group = program.promos[p].combination.bestOf {
                decidedGroups.insert(group)
                runGroup(group)
                continue
            }
            let marks = Marks(sheet)
            let outcome = apply(runnable)
            if let reason = outcome {
                rollBack(to: marks)
                outcomes.append(ReferenceOutcome(unit: unitNumber(runnable), applied: false, reason: reason))
            } else {
                recordUsage(runnable)
                outcomes.append(ReferenceOutcome(unit: unitNumber(runnable), applied: true, reason: nil))
            }
        }
    }

    /// Promos and tier programs in priority order, smallest first (BRIEF step 2); a tier program
    /// without a priority runs after every promo (mechanics.md, "Tiers"); equal priorities in
    /// unit order.
    func runOrder() -> [Runnable] {
        var all: [(priority: Int64, unit: Int, runnable: Runnable)] = []
        for (p, promo) in program.promos.enumerated() { all.append((promo.priority, units.promos[p], .promo(p))) }
        for (t, tiers) in program.tiers.enumerated() { all.append((tiers.priority ?? .max, units.tiers[t], .tiers(t))) }
        return all.sorted { ($0.priority, $0.unit) < ($1.priority, $1.unit) }.map(\.runnable)
    }

    func unitNumber(_ r: Runnable) -> Int {
        switch r {
        case .promo(let p): units.promos[p]
        case .tiers(let t): units.tiers[t]
        }
    }

    /// What a promo that did not apply leaves behind is cut off: its accruals, messages, chips,
    /// coupons and gifts. Its counter changes before `when` stay (mechanics.md, "Purchase
    /// counter": "the `counter` line runs before `when` and is kept even when the promo does
    /// not apply"), and so do the clamps of its discounts.
    struct Marks {
        var accruals: Int, messages: Int, chips: Int, couponsApplied: Int, couponsIssued: Int, gifts: Int
        init(_ s: Sheet) {
            accruals = s.pendingAccruals.count
            messages = s.pendingMessages.count
            chips = s.chipsSpent.count
            couponsApplied = s.couponsApplied.count
            couponsIssued = s.couponsIssued.count
            gifts = s.gifts.count
        }
    }

    func rollBack(to m: Marks) {
        sheet.pendingAccruals.removeSubrange(m.accruals...)
        sheet.pendingMessages.removeSubrange(m.messages...)
        sheet.chipsSpent.removeSubrange(m.chips...)
        sheet.couponsApplied.removeSubrange(m.couponsApplied...)
        sheet.couponsIssued.removeSubrange(m.couponsIssued...)
        sheet.gifts.removeSubrange(m.gifts...)
    }

    /// A promo that applied counts one use, with the units of the lines it changed.
    func recordUsage(_ r: Runnable) {
        guard case .promo(let p) = r else { return }
        sheet.usage.append(UsageChange(unit: units.promos[p], uses: 1, units: run.units))
    }

    /// A best-of group, decided at its first member in priority order (mechanics.md, "Best of a
    /// group"): every member is tried on the receipt as it stands; the one with the largest
    /// discount plus estimated bonus applies (the earlier member on a tie), the others do not.
    /// Nothing of the members that lost stays, not even their counter changes.
    func runGroup(_ group: String) {
        let members = runOrder().compactMap { r -> Int? in
            if case .promo(let p) = r, program.promos[p].combination.bestOf == group { return p }
            return nil
        }
        let before = sheet
        var best: (member: Int, value: Int64, after: Sheet, units: Int64)?
        var reasons: [Int: Reason] = [:]
        for p in members {
            sheet = before
            if let reason = apply(.promo(p)) {
                reasons[p] = reason
                continue
            }
            let value = run.discount + estimatedAccrual(since: before.pendingAccruals.count)
            if best == nil || value > best!.value { best = (p, value, sheet, run.units) }
        }
        sheet = best?.after ?? before
        for p in members {
            let unit = units.promos[p]
            if let best, best.member == p {
                sheet.usage.append(UsageChange(unit: unit, uses: 1, units: best.units))
                outcomes.append(ReferenceOutcome(unit: unit, applied: true, reason: nil))
            } else {
                outcomes.append(ReferenceOutcome(unit: unit, applied: false, reason: reasons[p] ?? .betterInGroup))
            }
        }
    }

    /// Applies one promo or tier program: nil when it applied, otherwise why not.
    func apply(_ r: Runnable) -> Reason? {
        switch r {
        case .promo(let p): applyPromo(p)
        case .tiers(let t): applyTiers(t)
        }
    }

    /// A promo: eligibility (BRIEF step 1), its counter changes, its `when` condition on the
    /// receipt as it stands, its effects in clause order (step 3), its messages, and — when it
    /// changed something — its locks, forbids, stop and `then` counter changes.
    func applyPromo(_ p: Int) -> Reason? {
        let promo = program.promos[p]
        let unit = units.promos[p]
        run = UnitRun(unit: unit, originalPrices: promo.combination.basis == .original,
                      ignoresRestrictions: promo.combination.ignoreRestrictions)
        run.repeatLimit = promo.eligibility.limits.filter { $0.per == .receipt && $0.unit == .uses }.map(\.count).min() ?? .max
        run.chipsDue = promo.effects.reduce(Int64(0)) { due, effect in
            switch effect {
            case .redeemChips(let n): due &+ n
            case .fixedPrice(_, _, let n?) where n > 0: due &+ n
            default: due
            }
        }
        let needsCustomer = promo.eligibility.limits.contains { $0.per == .customer }
        if let reason = eligibility(promo.eligibility, unit: unit, name: promo.name, needsCustomer: needsCustomer) { return reason }
        for change in promo.counterChanges { changeCounter(change) }
        if let condition = promo.condition, !truthy(self.condition(condition)) { return .conditionFalse }
        for effect in promo.effects {
            if run.chipsDue > 0 {
                // mechanics.md, "Goods for chips": all the chips a promo spends are checked before
                // its first effect.
                if chipsBalance < run.chipsDue { return .notEnoughChips }
                run.chipsDue = 0
            }
            if let reason = apply(effect) { return reason }
        }
        for message in promo.messages { sheet.pendingMessages.append((unit, message)) }
        let nothingApplied = run.sawPriceEffect && !run.changedAnything
        if !nothingApplied {
            for lock in promo.combination.locks { mark(lock.scope, accrual: lock.kinds.contains(.accrual),
                                                        redemption: lock.kinds.contains(.redemption),
                                                        discounts: lock.kinds.contains(.discounts)) }
            for forbid in promo.combination.forbids { mark(forbid.scope, accrual: forbid.kind == .accrue,
                                                            redemption: forbid.kind == .redeem, discounts: false) }
            if promo.combination.stop { sheet.stopped = true }
            for change in promo.afterChanges { changeCounter(change) }
        }
        return finished()
    }

    /// A unit whose price effects changed nothing did not apply (mechanics.md: "nothing on the
    /// receipt to apply it to"; "its lines are locked by an earlier promo").
    func finished() -> Reason? {
        if run.sawPriceEffect && !run.changedAnything { return run.lockedSkips ? .linesLocked : .nothingToChange }
        return nil
    }

    /// A tier program: its eligibility (it needs a customer), then the effects of the
    /// customer's level (mechanics.md, "Tiers").
    func applyTiers(_ t: Int) -> Reason? {
        let tiers = program.tiers[t]
        let unit = units.tiers[t]
        run = UnitRun(unit: unit)
        if let reason = eligibility(tiers.eligibility, unit: unit, name: tiers.name, needsCustomer: true) { return reason }
        guard let level = levels[tiers.name] else { return .noLevel }
        for effect in tiers.levels[level].effects {
            if let reason = apply(effect) { return reason }
        }
        return finished()
    }

    /// `lock` / `forbid`: on the lines of the scope, or on the lines the promo changed.
    func mark(_ scope: ItemSet?, accrual: Bool, redemption: Bool, discounts: Bool) {
        for i in lines.indices {
            let inScope = scope.map { contains($0, i) } ?? (sheet.changedBy[i] == run.unit)
            guard inScope else { continue }
            if discounts { sheet.locked[i] = true }
            if accrual { sheet.noAccrual[i] = true }
            if redemption { sheet.noRedemption[i] = true }
        }
    }

    /// `counter NAME op VALUE`: adding nothing is no change; a counter saturates rather than
    /// wrapping around.
    func changeCounter(_ change: PromoSemantics.CounterChange) {
        guard case .number(let value) = evaluate(change.value) else { return }
        guard change.op == .set || value != 0 else { return }
        let old = sheet.counters[change.name] ?? 0
        let operation: CounterOperation
        switch change.op {
        case .add:
            operation = .add
            let (v, o) = old.addingReportingOverflow(value)
            sheet.counters[change.name] = o ? (value > 0 ? .max : .min + 1) : v
        case .subtract:
            operation = .subtract
            let (v, o) = old.subtractingReportingOverflow(value)
            sheet.counters[change.name] = o ? (value > 0 ? .min + 1 : .max) : v
        case .set:
            operation = .set
            sheet.counters[change.name] = value
        }
        sheet.counterChanges.append(PromoVM.CounterChange(unit: run.unit, counter: change.name, operation: operation, value: value))
    }
}
