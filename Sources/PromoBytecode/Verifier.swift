/// Checks every index, register, jump and descriptor of a decoded bundle, so the VM can trust
/// it: after verification nothing the VM reads is out of bounds, every unit's code ends in a
/// terminating instruction and jumps only go forward, so every evaluation terminates.
public struct Verifier {
    let m: BundleModel

    public static let maxRegisters = 4096

    public init(_ model: BundleModel) {
        self.m = model
    }

    /// Throws the first problem found.
    public func verify() throws(BundleError) {
        try check(m.currencyDecimals <= 4, "bundle", "currency with \(m.currencyDecimals) decimals")
        try check(m.stepBase >= 0 && m.stepPerLine >= 0, "bundle", "negative step budget")
        for (i, c) in m.categories.enumerated() { try string(c, "atoms", "category \(i)") }
        for (i, b) in m.brands.enumerated() { try string(b, "atoms", "brand \(i)") }
        for (i, f) in m.flags.enumerated() { try string(f, "atoms", "flag \(i)") }
        for (i, set) in m.itemSets.enumerated() { try itemSet(set, i) }
        for (i, f) in m.facts.enumerated() { try string(f.key, "facts", "fact \(i)") }
        for (i, c) in m.counters.enumerated() { try string(c, "counters", "counter \(i)") }
        for (i, l) in m.limits.enumerated() {
            try check(l.count >= 0 && l.period <= 4, "limits", "limit \(i) is out of range")
        }
        for (i, e) in m.effects.enumerated() { try effect(e, "effect \(i)") }
        for (i, t) in m.tiers.enumerated() { try tier(t, i) }
        for (i, msg) in m.messages.enumerated() {
            for part in msg.parts { try string(part.text, "messages", "message \(i)") }
        }
        try units()
        for (i, r) in m.rules.enumerated() { try rule(r, i) }
        var previous: UInt32?
        for d in m.debug {
            try check(Int(d.pc) < m.code.count, "debug", "an entry for pc \(d.pc) past the code")
            try check(previous.map { $0 < d.pc } ?? true, "debug", "entries out of order at pc \(d.pc)")
            try string(d.file, "debug", "pc \(d.pc)")
            try string(d.text, "debug", "pc \(d.pc)")
            previous = d.pc
        }
        var lastComparison: UInt32?
        for c in m.comparisons {
            try check(Int(c.pc) < m.code.count && (lastComparison.map { $0 < c.pc } ?? true), "comparisons",
                      "an entry for pc \(c.pc) out of order or past the code")
            lastComparison = c.pc
        }
        try check(m.candidates.count == m.atomCount, "candidates",
                  "\(m.candidates.count) lists for \(m.atomCount) atoms")
        for list in m.candidates {
            for unit in list {
                try check(Int(unit) < m.units.count && m.units[Int(unit)].kind == .promo, "candidates",
                          "unit \(unit) is not a promo")
            }
        }
    }

    // MARK: - Helpers

    // Every place and detail is an autoclosure: the text of an error is made only when there is
    // one, so a valid bundle is checked without building any string.

    @inline(__always)
    func check(_ condition: Bool, _ where_: @autoclosure () -> String, _ detail: @autoclosure () -> String) throws(BundleError) {
        if !condition { throw .invalid(unit: where_(), detail: detail()) }
    }

    @inline(__always)
    func string(_ index: UInt32, _ where_: @autoclosure () -> String, _ what: @autoclosure () -> String) throws(BundleError) {
        try check(Int(index) < m.strings.count, where_(), "\(what()) names string \(index) of \(m.strings.count)")
    }

    func optionalString(_ index: Int32, _ where_: @autoclosure () -> String, _ what: @autoclosure () -> String) throws(BundleError) {
        if index >= 0 { try string(UInt32(index), where_(), what()) }
    }

    @inline(__always)
    func set(_ index: UInt32, _ where_: @autoclosure () -> String, allowNone: Bool) throws(BundleError) {
        if index == noItemSet && allowNone { return }
        try check(Int(index) < m.itemSets.count, where_(), "item set \(index) of \(m.itemSets.count)")
    }

    func itemSet(_ ops: [UInt32], _ index: Int) throws(BundleError) {
        var depth = 0
        let atomCount = m.atomCount
        for word in ops {
            let (op, atom) = ItemSetOp.decode(word)
            guard let op else { throw .invalid(unit: "item set \(index)", detail: "unknown operation \(word >> 28)") }
            switch op {
            case .atom:
                try check(Int(atom) < atomCount, "item set \(index)", "atom \(atom) of \(atomCount)")
                depth += 1
            case .all:
                depth += 1
            case .and, .or, .andNot:
                try check(depth >= 2, "item set \(index)", "an operation without its two operands")
                depth -= 1
            }
            try check(depth <= ItemSetOp.maxDepth, "item set \(index)", "deeper than \(ItemSetOp.maxDepth)")
        }
        try check(depth == 1, "item set \(index)", "leaves \(depth) values instead of one")
    }

    /// Durations stay within a thousand years, so the dates they give exist.
    func duration(_ d: DurationInfo, _ where_: @autoclosure () -> String) throws(BundleError) {
        try check(d.amount >= 0 && d.amount <= 365_000 && (d.unit != .none || d.amount == 0), where_(), "an invalid duration")
    }

    func target(_ t: TargetInfo, _ where_: @autoclosure () -> String) throws(BundleError) {
        try set(t.set, where_(), allowNone: t.kind == .receipt)
        if t.kind == .cheapest || t.kind == .mostExpensive {
            try check(t.count > 0, where_(), "picks \(t.count) units")
        }
    }

    func percentOrMoney(_ kind: AmountKind, _ value: Int64, _ where_: @autoclosure () -> String) throws(BundleError) {
        switch kind {
        case .percent: try check(value >= 0 && value <= 1_000_000, where_(), "a percent of \(value) millionths")
        case .money: try check(value >= 0, where_(), "a negative amount")
        }
    }

    func effect(_ e: EffectInfo, _ where_: @autoclosure () -> String) throws(BundleError) {
        switch e {
        case .discount(let kind, let value, _, let t):
            try percentOrMoney(kind, value, where_())
            try target(t, where_())
        case .fixedPrice(let price, let t, let chips):
            try check(price >= 0 && chips >= -1, where_(), "a negative price or chips")
            try check(t.kind != .receipt, where_(), "a fixed price on the receipt")
            try target(t, where_())
        case .bundle(let components, let price, _):
            try check(!components.isEmpty && price >= 0, where_(), "an empty bundle or a negative price")
            for c in components {
                try check(c.count > 0, where_(), "a component of \(c.count) units")
                try set(c.set, where_(), allowNone: false)
            }
        case .buyGet(let buy, let s, let get, let getSet, let reward, let value, _, _):
            try check(buy > 0 && get > 0, where_(), "buy \(buy) get \(get)")
            try set(s, where_(), allowNone: false)
            try set(getSet, where_(), allowNone: true)
            switch reward {
            case .free: break
            case .percentOff: try percentOrMoney(.percent, value, where_())
            case .price: try percentOrMoney(.money, value, where_())
            }
        case .round(_, let step, let s):
            try check(step > 0, where_(), "a rounding step of \(step)")
            try set(s, where_(), allowNone: true)
        case .accrue(_, let kind, let value, let step, let basis, let scope, let activates, let expires, _):
            if kind == .percent { try percentOrMoney(.percent, value, where_()) }
            try check(value >= 0, where_(), "a negative accrual")
            try check(kind != .perStep || step > 0, where_(), "a step of \(step)")
            try set(basis, where_(), allowNone: true)
            try set(scope, where_(), allowNone: true)
            try duration(activates, where_())
            try duration(expires, where_())
        case .redeemChips(let n):
            try check(n > 0, where_(), "redeems \(n) chips")
        case .gift(_, let count):
            try check(count > 0, where_(), "gives \(count) items")
        case .issueCoupon(let code, let kind, let value, let scope, let valid):
            try string(code, where_(), "the coupon code")
            try percentOrMoney(kind, value, where_())
            try set(scope, where_(), allowNone: true)
            try duration(valid, where_())
        }
    }

    func tier(_ t: TierInfo, _ index: Int) throws(BundleError) {
        func where_() -> String { "tier program \(index)" }
        try string(t.name, where_(), "its name")
        try check(Int(t.measure) < m.facts.count, where_(), "fact \(t.measure) of \(m.facts.count)")
        var previous: Int64?
        for level in t.levels {
            try string(level.name, where_(), "a level's name")
            try optionalString(level.title, where_(), "a level's title")
            try check(previous.map { $0 < level.threshold } ?? true, where_(), "level thresholds that do not rise")
            try check(UInt64(level.effectStart) + UInt64(level.effectCount) <= UInt64(m.effects.count), where_(),
                      "level effects past the effect table")
            previous = level.threshold
        }
    }

    func rule(_ r: RuleInfo, _ index: Int) throws(BundleError) {
        func where_() -> String { "rule \(index)" }
        try check(Int(r.unit) < m.units.count && m.units[Int(r.unit)].kind == .restriction, where_(), "unit \(r.unit) is not a restriction")
        try set(r.scope, where_(), allowNone: true)
        try check(r.limit < 0 || Int(r.limit) < m.limits.count, where_(), "limit \(r.limit) of \(m.limits.count)")
        switch r.bound {
        case .percent, .percentOfTotal: try percentOrMoney(.percent, r.value, where_())
        default: try check(r.value >= 0, where_(), "a negative bound")
        }
    }

    // MARK: - Units and code

    /// How errors name unit `i`: by its name when it has one.
    func unitName(_ i: Int, _ u: UnitInfo) -> String {
        Int(u.name) < m.strings.count ? "unit `\(m.strings[Int(u.name)])`" : "unit \(i)"
    }

    func units() throws(BundleError) {
        var end: UInt32 = 0
        var lastPriority: Int64?
        let kinds = Opcode.operandKindTable
        try m.code.withUnsafeBufferPointer { code throws(BundleError) in
            for (i, u) in m.units.enumerated() {
                try string(u.name, unitName(i, u), "its name")
                try optionalString(u.title, unitName(i, u), "its title")
                try optionalString(u.group, unitName(i, u), "its group")
                try check(u.codeStart == end && u.codeStart < u.codeEnd && Int(u.codeEnd) <= code.count, unitName(i, u),
                          "code \(u.codeStart)..<\(u.codeEnd) does not follow the previous unit's (\(end)) inside \(code.count) words")
                try check(Int(u.registers) <= Verifier.maxRegisters, unitName(i, u), "\(u.registers) registers")
                if u.kind == .promo {
                    try check(lastPriority.map { $0 <= u.priority } ?? true, unitName(i, u), "promos out of priority order")
                    lastPriority = u.priority
                }
                try self.code(of: u, index: i, code, kinds)
                end = u.codeEnd
            }
        }
        try check(Int(end) == m.code.count, "code", "\(m.code.count - Int(end)) words belong to no unit")
    }

    /// The instructions of unit `index`, whose range the caller has checked to lie in `code`.
    func code(of u: UnitInfo, index: Int, _ code: UnsafeBufferPointer<UInt64>, _ kinds: [Opcode.OperandKinds]) throws(BundleError) {
        for pc in Int(u.codeStart)..<Int(u.codeEnd) {
            guard let instruction = Instruction(word: code[pc]) else {
                throw .invalid(unit: unitName(index, u), detail: "unknown opcode \(code[pc] & 0xFF) at pc \(pc)")
            }
            let k = kinds[Int(instruction.opcode.rawValue)]
            if k.a != .none { try operand(k.a, instruction.a, instruction, pc: pc, unit: u, index: index) }
            if k.b != .none { try operand(k.b, instruction.b, instruction, pc: pc, unit: u, index: index) }
            if k.c != .none { try operand(k.c, instruction.c, instruction, pc: pc, unit: u, index: index) }
        }
        let last = Instruction(word: code[Int(u.codeEnd) - 1])!
        try check(last.opcode.terminates || last.opcode == .halt, unitName(index, u), "its code does not end in HALT, JUMP or FAIL")
    }

    func operand(_ kind: OperandKind, _ v: UInt32, _ ins: Instruction, pc: Int, unit u: UnitInfo, index: Int) throws(BundleError) {
        func where_() -> String { "\(unitName(index, u)), pc \(pc) (\(ins.opcode.info.mnemonic))" }
        switch kind {
        case .none, .immediate:
            break
        case .register:
            try check(v < UInt32(u.registers), where_(), "register \(v) of \(u.registers)")
        case .constant:
            var needed = 1
            switch ins.opcode {
            case .active: needed = 2
            case .hours: needed = 2 * Int(ins.b)
            case .inList: needed = 1 + (Int(v) < m.constants.count ? Int(max(0, min(m.constants[Int(v)], Int64(m.constants.count)))) : 0)
            default: break
            }
            try check(Int(v) + needed <= m.constants.count, where_(), "constants \(v)..<\(Int(v) + needed) of \(m.constants.count)")
            if ins.opcode == .inList {
                try check(m.constants[Int(v)] >= 0, where_(), "a list of \(m.constants[Int(v)]) values")
            }
        case .itemSet:
            try set(v, where_(), allowNone: ins.opcode == .lock || ins.opcode == .forbid)
        case .fact:
            try check(Int(v) < m.facts.count, where_(), "fact \(v) of \(m.facts.count)")
        case .string:
            try string(v, where_(), "an operand")
        case .target:
            try check(Int(v) > pc && v < u.codeEnd, where_(), "a jump to \(v), which is not forward inside the unit")
        case .effect:
            try check(Int(v) < m.effects.count, where_(), "effect \(v) of \(m.effects.count)")
        case .message:
            try check(Int(v) < m.messages.count, where_(), "message \(v) of \(m.messages.count)")
        case .counter:
            try check(Int(v) < m.counters.count, where_(), "counter \(v) of \(m.counters.count)")
        case .limit:
            try check(Int(v) < m.limits.count, where_(), "limit \(v) of \(m.limits.count)")
        case .tier:
            try check(Int(v) < m.tiers.count, where_(), "tier program \(v) of \(m.tiers.count)")
        case .level:
            let tier = Int(ins.b)
            try check(tier < m.tiers.count && Int(v) < m.tiers[tier].levels.count, where_(), "level \(v) of tier program \(tier)")
        case .mask:
            try check(v < 1 << 8, where_(), "mask \(v)")
        case .reason:
            try check(Reason(rawValue: UInt8(truncatingIfNeeded: v)) != nil && v < 256, where_(), "reason \(v)")
        case .storeField:
            try check(v < 256 && StoreFieldCode(rawValue: UInt8(v)) != nil, where_(), "store field \(v)")
        case .counterOperation:
            try check(v < 256 && CounterOperation(rawValue: UInt8(v)) != nil, where_(), "counter operation \(v)")
        }
    }
}
