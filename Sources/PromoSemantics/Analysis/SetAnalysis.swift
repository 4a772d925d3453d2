import PromoDiagnostics
import PromoSyntax

/// Analyses of a whole promo set: promos whose order is ambiguous and promos that can never
/// apply because an earlier one always prevents them.
struct SetAnalysis {
    let program: Program
    var diagnostics: [Diagnostic] = []

    init(program: Program) {
        self.program = program
    }

    mutating func run() {
        checkAmbiguousOrder()
        checkShadowing()
    }

    // MARK: - What a promo reads and writes

    /// The lines whose prices a promo can change (a `stop` touches every later promo).
    static func writes(_ promo: Promo) -> ItemSet? {
        var scopes = promo.effects.compactMap(\.priceScope)
        scopes += promo.combination.locks.compactMap(\.scope)
        if promo.combination.stop { return .all }
        return scopes.isEmpty ? nil : .union(scopes)
    }

    /// The lines whose amounts the promo's condition reads.
    static func reads(_ promo: Promo) -> ItemSet? {
        var sets: [ItemSet] = []
        func visit(_ value: Value) {
            switch value {
            case .receiptTotal: sets.append(.all)
            case .spend(let s), .quantity(let s), .lineCount(let s): sets.append(s)
            case .not(let v): visit(v)
            case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b), .arithmetic(_, let a, let b),
                 .percentOf(let a, let b):
                visit(a)
                visit(b)
            case .oneOf(let v, _), .within(let v, _): visit(v)
            default: break
            }
        }
        if let condition = promo.condition { visit(condition) }
        for change in promo.counterChanges { visit(change.value) }
        return sets.isEmpty ? nil : .union(sets)
    }

    static func counters(_ value: Value?) -> Set<String> {
        guard let value else { return [] }
        switch value {
        case .counter(let name): return [name]
        case .not(let v), .oneOf(let v, _), .within(let v, _): return counters(v)
        case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b), .arithmetic(_, let a, let b),
             .percentOf(let a, let b):
            return counters(a).union(counters(b))
        default: return []
        }
    }

    // MARK: - Ambiguous order

    mutating func checkAmbiguousOrder() {
        var byPriority: [Int64: [Promo]] = [:]
        for promo in program.promos { byPriority[promo.priority, default: []].append(promo) }
        for priority in byPriority.keys.sorted() {
            let group = byPriority[priority]!.sorted { ($0.nameSpan.file, $0.nameSpan.start) < ($1.nameSpan.file, $1.nameSpan.start) }
            guard group.count > 1 else { continue }
            for j in 1..<group.count {
                for i in 0..<j {
                    if let reason = conflict(group[i], group[j]) {
                        report(group[i], group[j], reason)
                    }
                }
            }
        }
    }

    /// Why the order of two promos of one priority can change a result, or nil when it cannot.
    func conflict(_ a: Promo, _ b: Promo) -> String? {
        if let group = a.combination.bestOf, group == b.combination.bestOf { return nil }
        guard Eligibility.canOverlap(a.eligibility, b.eligibility),
              !FixedConstraints.disjoint(SetAnalysis.fixedCondition(a), SetAnalysis.fixedCondition(b)) else { return nil }
        for (x, y) in [(a, b), (b, a)] where x.combination.stop {
            return "`\(x.name)` stops every promo after it, so `\(y.name)` applies only if it runs first"
        }
        let wa = SetAnalysis.writes(a), wb = SetAnalysis.writes(b)
        let ra = SetAnalysis.reads(a), rb = SetAnalysis.reads(b)
        if let wa, let wb, ItemLogic.overlaps(wa, wb), !commute(a, b) {
            return "both can change the price of the same lines"
        }
        if let wa, let rb, ItemLogic.overlaps(wa, rb) {
            return "`\(a.name)` changes amounts that the condition of `\(b.name)` reads"
        }
        if let wb, let ra, ItemLogic.overlaps(wb, ra) {
            return "`\(b.name)` changes amounts that the condition of `\(a.name)` reads"
        }
        for (x, y) in [(a, b), (b, a)] {
            if let closes = SetAnalysis.closesAccrual(x), let needs = SetAnalysis.accrualGoods(y), ItemLogic.overlaps(closes, needs) {
                return "`\(x.name)` closes lines to accrual, and `\(y.name)` applies only when its goods are open to it"
            }
        }
        if SetAnalysis.spendsChips(a) && SetAnalysis.spendsChips(b) {
            return "both spend the customer's chips, and the first may leave too few for the other"
        }
        let writtenA = SetAnalysis.countersWritten(a), writtenB = SetAnalysis.countersWritten(b)
        let readA = SetAnalysis.countersRead(a), readB = SetAnalysis.countersRead(b)
        if let shared = writtenA.intersection(readB).sorted().first {
            return "`\(a.name)` changes counter `\(shared)` that `\(b.name)` reads"
        }
        if let shared = writtenB.intersection(readA).sorted().first {
            return "`\(b.name)` changes counter `\(shared)` that `\(a.name)` reads"
        }
        // Adding to a counter commutes with adding to it; setting it does not.
        let setA = SetAnalysis.countersSet(a), setB = SetAnalysis.countersSet(b)
        if let shared = setA.intersection(writtenB).union(setB.intersection(writtenA)).sorted().first {
            return "both change counter `\(shared)` and one sets it, so the last one decides its value"
        }
        return nil
    }

    /// The audience and the condition together: both only narrow the receipts a promo applies to,
    /// and their parts over values fixed for the receipt (the store, the customer) never change.
    static func fixedCondition(_ promo: Promo) -> Value? {
        switch (promo.eligibility.audience, promo.condition) {
        case (let x?, let y?): .and(x, y)
        case (let x?, nil): x
        case (nil, let y?): y
        case (nil, nil): nil
        }
    }

    /// Whether two price-changing promos give the same discounts in either order: both take plain
    /// percents of original prices, nothing clamps them (no restriction on their lines, no excise
    /// floor), they add up to at most 100%, and neither locks lines.
    func commute(_ a: Promo, _ b: Promo) -> Bool {
        var total: Int64 = 0
        for promo in [a, b] {
            guard promo.combination.basis == .original, promo.combination.locks.isEmpty else { return false }
            for effect in promo.effects where effect.changesPrices {
                guard case .discount(.percent(let p), _, .lines(let set)) = effect,
                      !ItemLogic.overlaps(set, .flag("excise")) else { return false }
                total += p.millionths
            }
        }
        guard total <= Percent.hundred.millionths, let wa = SetAnalysis.writes(a), let wb = SetAnalysis.writes(b) else { return false }
        let lines = ItemSet.intersection([wa, wb])
        for restriction in program.restrictions
            where Eligibility.canOverlap(restriction.eligibility, a.eligibility) && Eligibility.canOverlap(restriction.eligibility, b.eligibility) {
            for rule in restriction.rules where rule.subject != .redeem {
                if ItemLogic.overlaps(rule.scope ?? .all, lines) { return false }
            }
        }
        return true
    }

    /// The lines a promo closes to bonus accrual while it runs (`forbid accrue`, `lock accrual`).
    static func closesAccrual(_ promo: Promo) -> ItemSet? {
        let changed = SetAnalysis.changed(promo)
        var sets: [ItemSet] = []
        for forbid in promo.combination.forbids where forbid.kind == .accrue {
            if let s = forbid.scope ?? changed { sets.append(s) }
        }
        for lock in promo.combination.locks where lock.kinds.contains(.accrual) {
            if let s = lock.scope ?? changed { sets.append(s) }
        }
        return sets.isEmpty ? nil : .union(sets)
    }

    /// The goods an accrual narrowed to them needs open to accrual for the promo to apply.
    static func accrualGoods(_ promo: Promo) -> ItemSet? {
        var sets: [ItemSet] = []
        for case .accrue(let accrual) in promo.effects {
            if let scope = accrual.scope {
                sets.append(scope)
            } else if case .perStep(_, _, let basis?) = accrual.amount {
                sets.append(basis)
            }
        }
        return sets.isEmpty ? nil : .union(sets)
    }

    /// The lines whose prices a promo's own effects can change.
    static func changed(_ promo: Promo) -> ItemSet? {
        let scopes = promo.effects.compactMap(\.priceScope)
        return scopes.isEmpty ? nil : .union(scopes)
    }

    static func spendsChips(_ promo: Promo) -> Bool {
        promo.effects.contains {
            switch $0 {
            case .redeemChips: true
            case .fixedPrice(_, _, let chips): chips != nil
            default: false
            }
        }
    }

    static func countersWritten(_ promo: Promo) -> Set<String> {
        Set((promo.counterChanges + promo.afterChanges).map(\.name))
    }

    /// Counters a promo's condition or the amounts of its changes read.
    static func countersRead(_ promo: Promo) -> Set<String> {
        var names = counters(promo.condition)
        for change in promo.counterChanges + promo.afterChanges { names.formUnion(counters(change.value)) }
        return names
    }

    static func countersSet(_ promo: Promo) -> Set<String> {
        Set((promo.counterChanges + promo.afterChanges).filter { $0.op == .set }.map(\.name))
    }

    mutating func report(_ a: Promo, _ b: Promo, _ reason: String) {
        let spanA = a.clauses["priority"] ?? a.nameSpan, spanB = b.clauses["priority"] ?? b.nameSpan
        var d = Diagnostic(.ambiguousOrder, "promos `\(a.name)` and `\(b.name)` share priority \(a.priority) but their order matters",
                           at: spanB, label: "`\(b.name)` has priority \(b.priority)")
            .with(spanA, "`\(a.name)` has the same priority")
            .note(reason)
        for promo in [a, b] {
            if let w = SetAnalysis.writes(promo) { d = d.note("`\(promo.name)` changes prices of \(describe(w))") }
        }
        d.help = "give them different priorities (the lower number runs first), or put both in one group with `best of GROUP` so only the better one applies"
        diagnostics.append(d)
    }

    func describe(_ set: ItemSet) -> String {
        switch set {
        case .all: "every line"
        case .union(let parts) where parts.count == 1: describe(parts[0])
        // Only inner parts need parentheses.
        case .union(let parts): parts.map(\.description).joined(separator: ", ")
        case .difference(let a, let b): "\(a) except \(b)"
        default: set.description
        }
    }

    // MARK: - Shadowing

    mutating func checkShadowing() {
        // Only a promo that applies unconditionally and locks or stops can shadow another; there
        // are few, so the pass stays linear in the number of promos.
        let shadowers = program.promos.filter(SetAnalysis.canShadow)
        guard !shadowers.isEmpty else { return }
        for b in program.promos {
            for a in shadowers where a.priority < b.priority {
                if let why = shadows(a, b) {
                    var d = Diagnostic(.shadowedPromo, "promo `\(b.name)` can never apply", at: b.nameSpan,
                                       label: "always prevented by `\(a.name)`")
                    d = d.with(why.span, why.label)
                        .note("`\(a.name)` runs first (priority \(a.priority) before \(b.priority)) and applies whenever `\(b.name)` could")
                        .help("give `\(b.name)` a lower priority number than \(a.priority), narrow `\(a.name)`, or remove `\(b.name)`")
                    diagnostics.append(d)
                    break
                }
            }
            if diagnostics.last?.code == .shadowedPromo && diagnostics.last?.span == b.nameSpan { continue }
            checkShadowingByLocks(b, shadowers.filter { $0.priority < b.priority })
        }
    }

    /// A promo whose lines are all locked by earlier promos together, none of which locks them
    /// all alone: `dairy_lock` locks dairy, `meat_lock` meat, and a later promo discounts only
    /// dairy and meat.
    mutating func checkShadowingByLocks(_ b: Promo, _ earlier: [Promo]) {
        guard SetAnalysis.onlyDiscounts(b) else { return }
        let needs = SetAnalysis.scope(b)
        var lockers: [(promo: Promo, locked: ItemSet)] = []
        for a in earlier where Eligibility.covers(a.eligibility, b.eligibility) {
            guard let locked = SetAnalysis.surelyLocked(a), ItemLogic.overlaps(locked, needs) else { continue }
            lockers.append((a, locked))
        }
        guard lockers.count > 1, ItemLogic.contains(.union(lockers.map(\.locked)), needs) else { return }
        let names = lockers.map { "`\($0.promo.name)`" }
        var d = Diagnostic(.shadowedPromo, "promo `\(b.name)` can never apply", at: b.nameSpan,
                           label: "its lines are always locked by \(names.dropLast().joined(separator: ", ")) and \(names.last!)")
        for locker in lockers {
            d = d.with(locker.promo.clauses["lock"] ?? locker.promo.nameSpan, "locks \(describe(locker.locked))")
        }
        d = d.note("they run first and apply whenever `\(b.name)` could; together they lock every line it discounts")
            .help("give `\(b.name)` a lower priority number than theirs, narrow their locks, or remove `\(b.name)`")
        diagnostics.append(d)
    }

    /// The lines on which a promo surely applies: its plain discounts and prices.
    static func surelyApplies(_ a: Promo) -> ItemSet? {
        let sure = a.effects.compactMap { effect -> ItemSet? in
            switch effect {
            case .discount(_, _, let target) where !target.isPick: target.scope
            case .fixedPrice(_, let target, _) where !target.isPick: target.scope
            default: nil
            }
        }
        return sure.isEmpty ? nil : .union(sure)
    }

    /// A promo with discounts only: nothing else it does could still happen on locked lines.
    static func onlyDiscounts(_ b: Promo) -> Bool {
        !b.effects.isEmpty && b.effects.allSatisfy { $0.changesPrices } && b.messages.isEmpty && b.counterChanges.isEmpty
    }

    /// The lines a promo that can shadow surely locks against later discounts.
    static func surelyLocked(_ a: Promo) -> ItemSet? {
        guard canShadow(a), let applies = surelyApplies(a) else { return nil }
        let locked = a.combination.locks.filter { $0.kinds.contains(.discounts) }
            .map { lock in lock.scope.map { ItemSet.intersection([$0, applies]) } ?? applies }
        return locked.isEmpty ? nil : .union(locked)
    }

    /// Whether a promo could shadow later ones: it applies with no condition and stops or locks.
    static func canShadow(_ a: Promo) -> Bool {
        a.condition == nil && a.combination.bestOf == nil && a.eligibility.coupon == nil && a.eligibility.code == nil
            && a.eligibility.limits.isEmpty
            && (a.combination.stop || a.combination.locks.contains { $0.kinds.contains(.discounts) })
    }

    /// The clause of `a` that always prevents `b`, if there is one.
    func shadows(_ a: Promo, _ b: Promo) -> (span: Span, label: String)? {
        guard SetAnalysis.canShadow(a), Eligibility.covers(a.eligibility, b.eligibility),
              let applies = SetAnalysis.surelyApplies(a) else { return nil }
        let needs = SetAnalysis.scope(b)
        if a.combination.stop, ItemLogic.contains(applies, needs) {
            return (a.clauses["stop"] ?? a.nameSpan, "stops every promo after it")
        }
        guard SetAnalysis.onlyDiscounts(b), let locked = SetAnalysis.surelyLocked(a), ItemLogic.contains(locked, needs) else { return nil }
        return (a.clauses["lock"] ?? a.nameSpan, "locks the lines against later discounts")
    }

    /// Every line any effect of the promo touches.
    static func scope(_ promo: Promo) -> ItemSet {
        var sets: [ItemSet] = []
        for effect in promo.effects {
            switch effect {
            case .accrue(let a): sets.append(a.scope ?? .all)
            case .redeemChips, .issueCoupon: sets.append(.all)
            case .gift(_, let items): sets.append(items)
            default: if let s = effect.priceScope { sets.append(s) }
            }
        }
        if !promo.messages.isEmpty || !promo.counterChanges.isEmpty { sets.append(.all) }
        return .union(sets)
    }
}

extension Target {
    var isPick: Bool {
        if case .pick = self { return true }
        return false
    }
}

extension Eligibility {
    /// Whether some receipt can satisfy both (false only when that is certain).
    static func canOverlap(_ a: Eligibility, _ b: Eligibility) -> Bool {
        if let x = a.active, let y = b.active, !x.overlaps(y) { return false }
        if let x = a.weekdays, let y = b.weekdays, x.isDisjoint(with: y) { return false }
        if let x = a.days, let y = b.days, !daysCanMeet(x, y) { return false }
        if let x = a.channels, let y = b.channels, x.isDisjoint(with: y) { return false }
        if !a.hours.isEmpty, !b.hours.isEmpty, !TimeWindow.overlap(a.hours, b.hours) { return false }
        if let x = a.stores, let y = b.stores, StoreConstraints.disjoint(x, y) { return false }
        return true
    }

    /// Whether two sets of days of the month (negative ones count from the month's end) share
    /// a day in a month of some length.
    static func daysCanMeet(_ a: Set<Int>, _ b: Set<Int>) -> Bool {
        (28...31).contains { length in
            func days(_ set: Set<Int>) -> Set<Int> {
                Set(set.map { $0 > 0 ? $0 : length + 1 + $0 }.filter { (1...length).contains($0) })
            }
            return !days(a).isDisjoint(with: days(b))
        }
    }

    /// Whether every receipt `b` considers is one `a` considers too (false when unsure).
    static func covers(_ a: Eligibility, _ b: Eligibility) -> Bool {
        if let x = a.active { guard let y = b.active, x.lowerBound <= y.lowerBound, y.upperBound <= x.upperBound else { return false } }
        if let x = a.weekdays { guard let y = b.weekdays, y.isSubset(of: x) else { return false } }
        if let x = a.days { guard let y = b.days, y.isSubset(of: x) else { return false } }
        if let x = a.channels { guard let y = b.channels, y.isSubset(of: x) else { return false } }
        if !a.hours.isEmpty { guard a.hours == b.hours else { return false } }
        if let x = a.stores { guard x == b.stores else { return false } }
        if let x = a.audience { guard x == b.audience else { return false } }
        return true
    }
}

extension TimeWindow {
    /// Minute ranges of a day covered by the window (two when it runs past midnight).
    var ranges: [Range<Int>] {
        let end = self.end == 0 ? 1440 : self.end
        return start < end ? [start..<end] : [start..<1440, 0..<end]
    }

    static func overlap(_ a: [TimeWindow], _ b: [TimeWindow]) -> Bool {
        for x in a.flatMap(\.ranges) {
            for y in b.flatMap(\.ranges) where x.overlaps(y) { return true }
        }
        return false
    }
}

/// Equality constraints on store fields, for telling store filters apart.
enum StoreConstraints {
    struct FieldConstraint {
        var only: Set<Constant>?
        var excluded: Set<Constant> = []
    }

    /// The constraints when the filter is a conjunction of `field == c`, `field != c` and
    /// `field in (…)`; nil for anything else.
    static func constraints(_ value: Value) -> [StoreField: FieldConstraint]? {
        switch value {
        case .and(let a, let b):
            guard let x = constraints(a), let y = constraints(b) else { return nil }
            return x.merging(y) { p, q in
                FieldConstraint(only: p.only.map { o in q.only.map { o.intersection($0) } ?? o } ?? q.only,
                                excluded: p.excluded.union(q.excluded))
            }
        case .compare(.equal, .store(let field), .constant(let c)):
            return [field: FieldConstraint(only: [c])]
        case .compare(.notEqual, .store(let field), .constant(let c)):
            return [field: FieldConstraint(only: nil, excluded: [c])]
        case .oneOf(.store(let field), let values):
            return [field: FieldConstraint(only: Set(values))]
        case .not(.oneOf(.store(let field), let values)):
            return [field: FieldConstraint(only: nil, excluded: Set(values))]
        default:
            return nil
        }
    }

    static func disjoint(_ a: Value, _ b: Value) -> Bool {
        guard let x = constraints(a), let y = constraints(b) else { return false }
        for (field, p) in x {
            guard let q = y[field] else { continue }
            // A store has one id, format, region and city, but may be in several groups.
            if field == .group { continue }
            let only = p.only.map { o in q.only.map { o.intersection($0) } ?? o } ?? q.only
            if let only, only.subtracting(p.excluded.union(q.excluded)).isEmpty { return true }
        }
        return false
    }
}
