import PromoBytecode
import PromoSemantics
import PromoSyntax

extension CodeGenerator {
    // MARK: - Conditions

    /// Code computing a condition into a register; `and` and `or` short-circuit with forward
    /// jumps, so the first comparison that fails is the one a trace reports.
    mutating func condition(_ v: Value) -> UInt32 {
        let r = register()
        condition(v, into: r)
        return r
    }

    mutating func condition(_ v: Value, into r: UInt32) {
        switch v {
        case .and(let a, let b):
            condition(a, into: r)
            let skip = emit(.jumpIfFalse, r)
            condition(b, into: r)
            patch(skip)
        case .or(let a, let b):
            condition(a, into: r)
            let skip = emit(.jumpIfTrue, r)
            condition(b, into: r)
            patch(skip)
        case .not(let a):
            let inner = register()
            condition(a, into: inner)
            emit(.not, r, inner)
        case .compare(let op, .store(.group), .constant(.string(let g))), .compare(let op, .constant(.string(let g)), .store(.group)):
            emit(.storeInList, r, t.string(g))
            if op == .notEqual { emit(.not, r, r) }
        case .oneOf(.store(.group), let values):
            emit(.loadImmediate, r, 0)
            var jumps: [Int] = []
            for case .string(let g) in values {
                emit(.storeInList, r, t.string(g))
                jumps.append(emit(.jumpIfTrue, r))
            }
            for j in jumps { patch(j) }
        case .compare(let op, let a, let b):
            if let folded = fold(op, a, b) {
                emit(.loadImmediate, r, folded ? 1 : 0)
                return
            }
            let x = value(a), y = value(b)
            record(emit(comparison(op), r, x, y), tag(of: a) ?? tag(of: b))
        case .oneOf(let a, let values):
            let x = value(a)
            let list = t.constantRun([Int64(values.count)] + values.map { constantValue($0) })
            record(emit(.inList, r, x, list), tag(of: a))
        case .within(let a, let duration):
            let x = value(a)
            let days: Int64 = switch duration.unit {
            case .days: duration.amount
            case .weeks: duration.amount * 7
            case .months: -duration.amount
            case .years: -12 * duration.amount
            default: duration.amount
            }
            emit(isYearly(a) ? .withinYearly : .withinDays, r, x, t.constant(days))
        default:
            let x = value(v)
            emit(.move, r, x)
        }
    }

    /// Notes what the comparison at `pc` (in the unit) compares.
    mutating func record(_ pc: Int, _ tag: ValueTag?) {
        if let tag { comparisons.append(ComparisonInfo(pc: UInt32(pc), tag: tag)) }
    }

    /// The type of a value, as the VM holds it.
    func tag(of v: Value) -> ValueTag? {
        switch v {
        case .constant(let c): tag(c.type)
        case .receiptTotal, .spend, .percentOf: .money
        case .quantity, .counter: .quantity
        case .lineCount: .count
        case .fact(let f): tag(f.type)
        case .store(let field): field == .id ? .count : .string
        case .membership, .tierLevel, .not, .and, .or, .compare, .oneOf, .within: .bool
        case .arithmetic(_, let a, let b): tag(of: a) ?? tag(of: b)
        case .items, .line, .parameter, .invalid: nil
        }
    }

    func isYearly(_ v: Value) -> Bool {
        if case .fact(let f) = v { return f.type == .anniversary }
        return false
    }

    func comparison(_ op: BinaryOperator) -> Opcode {
        switch op {
        case .equal: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessEqual: .lessEqual
        case .greater: .greater
        default: .greaterEqual
        }
    }

    /// A comparison of two constants, decided now.
    mutating func fold(_ op: BinaryOperator, _ a: Value, _ b: Value) -> Bool? {
        guard case .constant(let x) = a, case .constant(let y) = b else { return nil }
        let p = constantValue(x), q = constantValue(y)
        switch op {
        case .equal: return p == q
        case .notEqual: return p != q
        case .less: return p < q
        case .lessEqual: return p <= q
        case .greater: return p > q
        default: return p >= q
        }
    }

    // MARK: - Values

    /// A constant as the VM holds it: minor units, millionths, thousandths, day numbers, string ids.
    mutating func constantValue(_ c: Constant) -> Int64 {
        switch c {
        case .money(let m): m.minor
        case .percent(let p): p.millionths
        case .count(let n): n
        case .quantity(let q): q.milli
        case .bool(let b): b ? 1 : 0
        case .string(let s): Int64(t.string(s))
        case .date(let d): Int64(d.dayNumber)
        case .time(let time): Int64(time.minutes)
        case .dateTime(let d, let time): Int64(d.dayNumber) * 1440 + Int64(time.minutes)
        case .duration(let d): d.amount
        case .window: 0
        }
    }

    /// Code computing a value into a fresh register.
    mutating func value(_ v: Value) -> UInt32 {
        let r = register()
        switch v {
        case .constant(let c):
            let k = constantValue(c)
            if k >= -32768 && k <= 32767 {
                emit(.loadImmediate, r, UInt32(UInt16(bitPattern: Int16(k))))
            } else {
                emit(.loadConstant, r, t.constant(k))
            }
        case .receiptTotal: emit(.total, r)
        case .spend(let s): emit(.spend, r, t.itemSet(s))
        case .quantity(let s): emit(.quantity, r, t.itemSet(s))
        case .lineCount(let s): emit(.lineCount, r, t.itemSet(s))
        case .counter(let name): emit(.counterValue, r, counterIndex[name]!)
        case .fact(let f): emit(.fact, r, factIndex[f.description]!)
        case .membership(let name): emit(.membership, r, t.string(name))
        case .tierLevel(let program, let level):
            let tier = tierIndex[program]!
            let levelIndex = self.program.tiers[tier].levels.firstIndex { $0.name == level }!
            emit(.tierLevel, r, UInt32(tier), UInt32(levelIndex))
        case .store(let field):
            let code: StoreFieldCode = switch field {
            case .id: .id
            case .format: .format
            case .region: .region
            case .city: .city
            case .group: .id // groups are compared through `STOREIN` in conditions
            }
            emit(.store, r, UInt32(code.rawValue))
        case .arithmetic(let op, let a, let b):
            let x = value(a), y = value(b)
            emit(op == .add ? .add : op == .subtract ? .subtract : .multiply, r, x, y)
        case .percentOf(let p, let amount):
            let x = value(p), y = value(amount)
            emit(.percentOf, r, x, y)
        case .not, .and, .or, .compare, .oneOf, .within:
            condition(v, into: r)
        case .items, .line, .parameter, .invalid:
            emit(.loadImmediate, r, 0)
        }
        return r
    }

    // MARK: - Effects

    mutating func effectIndex(_ effect: Effect) -> UInt32 {
        let info = effectInfo(effect)
        t.model.effects.append(info)
        return UInt32(t.model.effects.count - 1)
    }

    mutating func target(_ target: Target) -> TargetInfo {
        switch target {
        case .receipt(let except): TargetInfo(kind: .receipt, set: t.itemSet(except))
        case .lines(let set): TargetInfo(kind: .lines, set: t.itemSet(set))
        case .pick(let count, let order, let set):
            TargetInfo(kind: order == .cheapest ? .cheapest : .mostExpensive, set: t.itemSet(set), count: count)
        }
    }

    func duration(_ d: Duration?) -> DurationInfo {
        guard let d else { return .none }
        switch d.unit {
        case .days: return DurationInfo(amount: d.amount, unit: .days)
        case .weeks: return DurationInfo(amount: d.amount, unit: .weeks)
        case .months: return DurationInfo(amount: d.amount, unit: .months)
        case .years: return DurationInfo(amount: d.amount, unit: .years)
        default: return DurationInfo(amount: 0, unit: .days)
        }
    }

    mutating func effectInfo(_ effect: Effect) -> EffectInfo {
        switch effect {
        case .discount(let amount, let perUnit, let target):
            let (kind, value) = self.amount(amount)
            return .discount(kind: kind, value: value, perUnit: perUnit, target: self.target(target))
        case .fixedPrice(let price, let target, let chips):
            return .fixedPrice(price: price.minor, target: self.target(target), chips: chips ?? -1)
        case .bundle(let components, let price, let repeating):
            return .bundle(components: components.map { BundleComponentInfo(count: $0.count, set: t.itemSet($0.items)) },
                           price: price.minor, repeating: repeating)
        case .buyGet(let buy, let of, let get, let getOf, let reward, let order, let repeating):
            let (kind, value): (RewardKind, Int64) = switch reward {
            case .free: (.free, 0)
            case .percentOff(let p): (.percentOff, p.millionths)
            case .price(let m): (.price, m.minor)
            }
            return .buyGet(buy: buy, set: t.itemSet(of), get: get, getSet: t.itemSet(getOf), reward: kind, value: value,
                           mostExpensive: order == .mostExpensive, repeating: repeating)
        case .round(let mode, let step, let scope):
            return .round(halfUp: mode == .halfUp, step: step.minor, set: t.itemSet(scope))
        case .accrue(let a):
            var kind = AccrualKind.points, value: Int64 = 0, step: Int64 = 0, basis = noItemSet
            switch a.amount {
            case .percent(let p): kind = .percent; value = p.millionths
            case .points(let n): kind = .points; value = n
            case .perStep(let points, let s, let b): kind = .perStep; value = points; step = s.minor; basis = t.itemSet(b)
            }
            return .accrue(chips: a.currency == .chips, kind: kind, value: value, step: step, basis: basis,
                           scope: t.itemSet(a.scope), activatesAfter: duration(a.activatesAfter),
                           expiresAfter: duration(a.expiresAfter), excludingRedeemed: a.excludingRedeemed)
        case .redeemChips(let n):
            return .redeemChips(n)
        case .gift(let count, let items):
            if case .sku(let sku) = items { return .gift(sku: sku, count: count) }
            return .gift(sku: 0, count: count)
        case .issueCoupon(let coupon):
            let (kind, value) = amount(coupon.discount)
            return .issueCoupon(code: t.string(coupon.code), kind: kind, value: value, scope: t.itemSet(coupon.scope),
                                valid: duration(coupon.valid))
        }
    }

    func amount(_ a: Amount) -> (AmountKind, Int64) {
        switch a {
        case .percent(let p): (.percent, p.millionths)
        case .money(let m): (.money, m.minor)
        }
    }

    mutating func messageIndex(_ message: Message) -> UInt32 {
        let target: MessageTargetCode = switch message.target {
        case .slip: .slip
        case .cashier: .cashier
        case .display: .display
        }
        let parts = message.parts.map { part -> MessagePartInfo in
            switch part {
            case .text(let s): MessagePartInfo(isPlaceholder: false, text: t.string(s))
            case .placeholder(let s): MessagePartInfo(isPlaceholder: true, text: t.string(s))
            }
        }
        t.model.messages.append(MessageInfo(target: target, parts: parts))
        return UInt32(t.model.messages.count - 1)
    }

    // MARK: - The candidate index

    /// The item sets one of whose lines a promo needs to do anything, when there are such: a
    /// promo that only changes prices on some lines cannot apply to a receipt without them.
    static func cover(_ promo: Promo) -> [ItemSet]? {
        guard !promo.effects.isEmpty, promo.counterChanges.isEmpty else { return nil }
        var sets: [ItemSet] = []
        for effect in promo.effects {
            switch effect {
            case .discount(_, _, .receipt), .round(_, _, nil), .accrue, .redeemChips, .gift, .issueCoupon:
                return nil
            default:
                guard let scope = effect.priceScope else { return nil }
                sets.append(scope)
            }
        }
        for set in sets where atoms(of: set).isEmpty || !covered(set) { return nil }
        return sets
    }

    /// Whether every line of the set has one of its positive atoms.
    static func covered(_ s: ItemSet) -> Bool {
        switch s {
        case .all: false
        case .category, .sku, .brand, .flag: true
        case .union(let parts): !parts.isEmpty && parts.allSatisfy(covered)
        case .intersection(let parts): parts.contains(where: covered)
        case .difference(let a, _): covered(a)
        }
    }

    /// The positive atoms whose lines cover the set.
    static func atoms(of s: ItemSet) -> [ItemLogicAtom] {
        switch s {
        case .all: []
        case .category(let c): [.category(c)]
        case .sku(let n): [.sku(n)]
        case .brand(let b): [.brand(b)]
        case .flag(let f): [.flag(f)]
        case .union(let parts): parts.flatMap(atoms)
        case .intersection(let parts): parts.first(where: covered).map(atoms) ?? []
        case .difference(let a, _): atoms(of: a)
        }
    }
}
