import PromoBytecode
import PromoDiagnostics
import PromoSemantics
import PromoSyntax

/// Compiles a checked ``Program`` to a bundle.
public enum BundleCompiler {
    /// The bundle's model; ``BundleFormat/encode(_:)`` gives its bytes.
    public static func compile(_ program: Program) -> BundleModel {
        var generator = CodeGenerator(program: program)
        return generator.run()
    }

    /// The bundle's bytes: the same program always gives the same bytes.
    public static func bytes(_ program: Program) -> [UInt8] {
        BundleFormat.encode(compile(program))
    }
}

struct CodeGenerator {
    let program: Program
    var t = Tables()
    var factIndex: [String: UInt32] = [:]
    var counterIndex: [String: UInt32] = [:]
    var tierIndex: [String: Int] = [:]
    /// The code of the unit being compiled.
    var code: [Instruction] = []
    var registers: UInt16 = 0
    var debug: [DebugInfo] = []
    /// Where the debug entries of the unit being compiled start; their `pc` is relative to it
    /// until the unit is placed.
    var unitDebugStart = 0
    var comparisons: [ComparisonInfo] = []
    var unitComparisonStart = 0
    /// Atom covers of promos, for the candidate index: unit index → atoms' item sets.
    var covers: [(unit: UInt32, sets: [ItemSet])] = []

    init(program: Program) {
        self.program = program
    }

    mutating func run() -> BundleModel {
        t.model.currencyCode = program.currency?.code ?? ""
        t.model.currencyDecimals = UInt8(program.currency?.decimals ?? 2)
        for fact in program.facts {
            factIndex[fact.description] = UInt32(t.model.facts.count)
            t.model.facts.append(FactInfo(key: t.string(fact.description), tag: tag(fact.type)))
        }
        for name in program.counters {
            counterIndex[name] = UInt32(t.model.counters.count)
            t.model.counters.append(t.string(name))
        }
        for (i, tiers) in program.tiers.enumerated() {
            tierIndex[tiers.name] = i
            t.model.tiers.append(tierInfo(tiers))
        }

        for promo in program.promos { compilePromo(promo) }
        for (i, tiers) in program.tiers.enumerated() { compileTiers(tiers, index: i) }
        for restriction in program.restrictions { compileRestriction(restriction) }

        let atoms = t.finishItemSets()
        t.model.candidates = [[UInt32]](repeating: [], count: t.model.atomCount)
        for cover in covers {
            var listed: Set<UInt32> = []
            for set in cover.sets {
                for atom in CodeGenerator.atoms(of: set) {
                    guard let id = atoms[atom], listed.insert(id).inserted else { continue }
                    t.model.candidates[Int(id)].append(cover.unit)
                }
            }
        }
        t.model.debug = debug
        t.model.comparisons = comparisons
        // The step budget is the bundle's worst case (Cost.swift): no evaluation can pass it.
        let cost = BundleCost(model: t.model).figure
        t.model.stepBase = cost.base
        t.model.stepPerLine = cost.perLine
        return t.model
    }

    func tag(_ type: ValueType) -> ValueTag {
        switch type {
        case .money: .money
        case .percent: .percent
        case .quantity: .quantity
        case .bool, .segment: .bool
        case .string: .string
        case .date: .date
        case .anniversary: .anniversary
        case .time: .time
        case .dateTime: .dateTime
        case .duration: .duration
        default: .count
        }
    }

    // MARK: - Units

    mutating func beginUnit() {
        code = []
        registers = 0
        unitDebugStart = debug.count
        unitComparisonStart = comparisons.count
    }

    /// Appends the unit's code and returns its range and registers.
    mutating func endUnit() -> (start: UInt32, end: UInt32, registers: UInt16) {
        if code.last.map({ !$0.opcode.info.terminates }) ?? true { emit(.halt) }
        let start = UInt32(t.model.code.count)
        // Jump targets were written relative to the unit; make them absolute.
        for instruction in code {
            var ins = instruction
            let info = ins.opcode.info
            if info.operands.a == .target { ins.a += start }
            if info.operands.b == .target { ins.b += start }
            t.model.code.append(ins.word)
        }
        for k in unitDebugStart..<debug.count { debug[k].pc += start }
        for k in unitComparisonStart..<comparisons.count { comparisons[k].pc += start }
        return (start, UInt32(t.model.code.count), max(registers, 1))
    }

    @discardableResult
    mutating func emit(_ op: Opcode, _ a: UInt32 = 0, _ b: UInt32 = 0, _ c: UInt32 = 0) -> Int {
        code.append(Instruction(op, a, b, c))
        return code.count - 1
    }

    mutating func register() -> UInt32 {
        registers += 1
        return UInt32(registers - 1)
    }

    /// Marks where a clause's code starts, for traces and the disassembly.
    mutating func source(_ span: Span?) {
        guard let span else { return }
        let file = program.sources[span.file]
        let at = file.location(of: span.start)
        let text = CodeGenerator.withoutComment(file.lineText(at.line - 1)).trimmingCharacters(in: " \t")
        let pc = UInt32(code.count)
        if debug.count > unitDebugStart, debug.last?.pc == pc { debug.removeLast() }
        debug.append(DebugInfo(pc: pc, file: t.string(file.path), line: UInt32(at.line), column: UInt32(at.column),
                               text: t.string(text)))
    }

    /// A jump whose target is patched when the label is placed.
    mutating func patch(_ at: Int) {
        let target = UInt32(code.count)
        if code[at].opcode.info.operands.a == .target { code[at].a = target } else { code[at].b = target }
    }

    mutating func compilePromo(_ promo: Promo) {
        beginUnit()
        compileEligibility(promo.eligibility, spans: promo.clauses, needsCustomer: promo.eligibility.limits.contains { $0.per == .customer })
        for change in promo.counterChanges {
            source(promo.clauses["counter"])
            let r = value(change.value)
            emit(.changeCounter, counterIndex[change.name]!, UInt32(operation(change.op).rawValue), r)
        }
        if let when = promo.condition {
            source(promo.clauses["when"])
            let r = condition(when)
            emit(.require, r, UInt32(Reason.conditionFalse.rawValue))
        }
        for effect in promo.effects {
            source(promo.clauses[keyword(of: effect)])
            emit(.effect, effectIndex(effect))
        }
        source(promo.clauses["message"])
        for message in promo.messages { emit(.message, messageIndex(message)) }
        let after = !promo.combination.locks.isEmpty || !promo.combination.forbids.isEmpty || promo.combination.stop
            || !promo.afterChanges.isEmpty
        if after {
            let skip = emit(.jumpIfNothingApplied)
            for lock in promo.combination.locks {
                source(promo.clauses["lock"])
                emit(.lock, lockMask(lock.kinds), t.itemSet(lock.scope))
            }
            for forbid in promo.combination.forbids {
                source(promo.clauses["forbid"])
                emit(.forbid, forbid.kind == .accrue ? LockBits.accrual : LockBits.redemption, t.itemSet(forbid.scope))
            }
            if promo.combination.stop { emit(.stop) }
            for change in promo.afterChanges {
                source(promo.clauses["then"])
                let r = value(change.value)
                emit(.changeCounter, counterIndex[change.name]!, UInt32(operation(change.op).rawValue), r)
            }
            patch(skip)
        }
        let (start, end, regs) = endUnit()
        let unitIndex = UInt32(t.model.units.count)
        t.model.units.append(UnitInfo(kind: .promo, name: t.string(promo.name), title: t.optionalString(promo.title),
                                      priority: promo.priority, codeStart: start, codeEnd: end, registers: regs,
                                      group: t.optionalString(promo.combination.bestOf),
                                      originalPrices: promo.combination.basis == .original,
                                      ignoresRestrictions: promo.combination.ignoreRestrictions))
        if let cover = CodeGenerator.cover(promo) { covers.append((unitIndex, cover)) }
    }

    func keyword(of effect: Effect) -> String {
        switch effect {
        case .discount: "discount"
        case .fixedPrice: "price"
        case .bundle: "bundle"
        case .buyGet: "buy"
        case .round: "round"
        case .accrue: "accrue"
        case .redeemChips: "redeem"
        case .gift: "gift"
        case .issueCoupon: "issue"
        }
    }

    func operation(_ op: CounterOperator) -> CounterOperation {
        switch op {
        case .add: .add
        case .subtract: .subtract
        case .set: .set
        }
    }

    func lockMask(_ kinds: Set<LockKind>) -> UInt32 {
        var mask: UInt32 = 0
        if kinds.contains(.discounts) { mask |= LockBits.discounts }
        if kinds.contains(.accrual) { mask |= LockBits.accrual }
        if kinds.contains(.redemption) { mask |= LockBits.redemption }
        return mask
    }

    mutating func compileEligibility(_ e: Eligibility, spans: ClauseSpans, needsCustomer: Bool) {
        if let active = e.active {
            source(spans["active"])
            emit(.active, t.constantRun([active.lowerBound, active.upperBound]))
        }
        if !e.hours.isEmpty {
            source(spans["hours"])
            emit(.hours, t.constantRun(e.hours.flatMap { [Int64($0.start), Int64($0.end == 1440 ? 0 : $0.end)] }), UInt32(e.hours.count))
        }
        if let days = e.weekdays {
            source(spans["weekdays"])
            emit(.weekdays, days.reduce(0) { $0 | 1 << UInt32($1.rawValue) })
        }
        if let days = e.days {
            source(spans["days"])
            let mask = days.reduce(Int64(0)) { $0 | ($1 > 0 ? 1 << Int64($1) : 1 << Int64(32 - $1)) }
            emit(.days, t.constant(mask))
        }
        if let channels = e.channels {
            source(spans["channels"])
            let mask = channels.reduce(UInt32(0)) { mask, name in
                mask | (ChannelCode.allCases.first { $0.name == name }.map { 1 << UInt32($0.rawValue) } ?? 0)
            }
            emit(.channels, mask)
        }
        if let stores = e.stores {
            source(spans["stores"])
            emit(.require, condition(stores), UInt32(Reason.wrongStore.rawValue))
        }
        if let audience = e.audience {
            source(spans["audience"])
            emit(.identified, UInt32(Reason.needsCustomer.rawValue))
            emit(.require, condition(audience), UInt32(Reason.notInAudience.rawValue))
        } else if needsCustomer {
            source(spans["limit"])
            emit(.identified, UInt32(Reason.needsCustomer.rawValue))
        }
        if let coupon = e.coupon {
            source(spans["coupon"])
            emit(.coupon, t.string(coupon))
        }
        if let code = e.code {
            source(spans["code"])
            emit(.code, t.string(code))
        }
        for limit in e.limits {
            source(spans["limit"])
            emit(.limit, limitIndex(limit))
        }
    }

    mutating func limitIndex(_ l: Limit) -> UInt32 {
        let period: UInt8 = switch l.period {
        case nil: 0
        case .day?: 1
        case .week?: 2
        case .month?: 3
        case .year?: 4
        }
        let count = l.unit == .units ? l.count * 1000 : l.count
        let info = LimitInfo(count: count, units: l.unit == .units, perReceipt: l.per == .receipt, period: period)
        if let i = t.model.limits.firstIndex(of: info) { return UInt32(i) }
        t.model.limits.append(info)
        return UInt32(t.model.limits.count - 1)
    }

    // MARK: - Tiers and restrictions

    /// A tier program's levels, their effects placed in the effect table.
    mutating func tierInfo(_ tiers: TierProgram) -> TierInfo {
        var levels: [LevelInfo] = []
        for level in tiers.levels {
            let start = UInt32(t.model.effects.count)
            for effect in level.effects { t.model.effects.append(effectInfo(effect)) }
            let threshold: Int64 = switch level.threshold {
            case .money(let m): m.minor
            case .count(let n): n
            default: 0
            }
            levels.append(LevelInfo(name: t.string(level.name), title: t.optionalString(level.title), threshold: threshold,
                                    effectStart: start, effectCount: UInt32(level.effects.count)))
        }
        return TierInfo(name: t.string(tiers.name), measure: factIndex[tiers.measure.description]!, levels: levels)
    }

    /// A tier program's unit: its eligibility, then the effects of the customer's level.
    mutating func compileTiers(_ tiers: TierProgram, index: Int) {
        beginUnit()
        compileEligibility(tiers.eligibility, spans: ClauseSpans(), needsCustomer: true)
        source(tiers.nameSpan)
        emit(.applyTier, UInt32(index))
        let (start, end, regs) = endUnit()
        t.model.units.append(UnitInfo(kind: .tiers, name: t.string(tiers.name), title: t.optionalString(tiers.title),
                                      priority: tiers.priority ?? Int64.max, codeStart: start, codeEnd: end, registers: regs,
                                      group: -1, originalPrices: false, ignoresRestrictions: false))
    }

    mutating func compileRestriction(_ r: Restriction) {
        beginUnit()
        compileEligibility(r.eligibility, spans: ClauseSpans(), needsCustomer: false)
        let (start, end, regs) = endUnit()
        let unit = UInt32(t.model.units.count)
        t.model.units.append(UnitInfo(kind: .restriction, name: t.string(r.name), title: t.optionalString(r.title),
                                      priority: 0, codeStart: start, codeEnd: end, registers: regs, group: -1,
                                      originalPrices: false, ignoresRestrictions: false))
        for rule in r.rules {
            let scope = t.itemSet(rule.scope)
            let subject: RuleSubjectCode
            switch rule.subject {
            case .price: subject = .price
            case .discount: subject = .discount
            case .redeem: subject = .redeem
            case .qty: subject = .quantity
            }
            var bound = BoundKind.money
            var value: Int64 = 0
            switch rule.bound {
            case .constant(.money(let m)): bound = .money; value = m.minor
            case .constant(.percent(let p)): bound = .percent; value = p.millionths
            case .constant(.quantity(let q)): bound = .quantity; value = q.milli
            case .constant(.count(let n)): bound = .quantity; value = n * 1000
            case .line(.min_price): bound = .lineMinPrice
            case .percentOf(.constant(.percent(let p)), .receiptTotal): bound = .percentOfTotal; value = p.millionths
            default: continue
            }
            let limit: Int32 = rule.per.map { Int32(limitIndex($0)) } ?? -1
            t.model.rules.append(RuleInfo(unit: unit, subject: subject, bound: bound, value: value, scope: scope, limit: limit))
        }
    }
}

extension CodeGenerator {
    /// A source line without its `#` comment (a `#` inside quotes is text).
    static func withoutComment(_ line: String) -> String {
        var quoted = false, escaped = false
        for (i, c) in line.enumerated() {
            if escaped { escaped = false; continue }
            if c == "\\" { escaped = true } else if c == "\"" { quoted.toggle() } else if c == "#" && !quoted {
                return String(line.prefix(i))
            }
        }
        return line
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = self[...]
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}
