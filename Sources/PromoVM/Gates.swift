import PromoBytecode

/// One check of a unit's eligibility prologue, decoded at load.
struct GateOp {
    /// `ACTIVE`, `HOURS`, `WEEKDAYS`, `DAYS`, `CHANNELS`, `IDENTIFIED`, or `REQUIRE` for a store
    /// condition.
    var op: Opcode
    /// The instruction's `a` (for a store condition: the condition's index).
    var a: Int32
    /// The instruction's `b` (for a store condition: where its code starts in this unit).
    var b: Int32
}

/// Where a unit's gate ops are.
struct UnitGate {
    var first: Int32
    var count: Int32
}

/// A store condition (`stores …`): code reading only the store's fields and constants, ending in
/// `REQUIRE r, wrong_store`. Units with the same code share one, evaluated once per receipt.
struct StoreCondition {
    /// The code of the first unit that has it: `start` up to and including the `REQUIRE` at `end`.
    var start: Int32
    var end: Int32
    /// Registers it uses (all below this).
    var registers: Int32
}

/// A unit's prologue when its checks come in the compiler's order (active, hours, weekdays,
/// days, channels, stores, identified), each at most once: checked without a loop over ops.
struct HotUnit {
    /// Bits of the checks present: ``HotUnit/active`` …
    var present: UInt8 = 0
    var weekdays: UInt8 = 0x7F
    var channels: UInt8 = 0
    /// The reason `IDENTIFIED` gives.
    var identified: UInt8 = 0
    var inOrder = false
    var group: Int32 = -1
    var hours: Int32 = 0
    var hoursCount: Int32 = 0
    var days: Int32 = 0
    /// The store condition and where its code starts in this unit.
    var store: Int32 = 0
    var storePC: Int32 = 0
    var activeFrom: Int64 = .min
    var activeTo: Int64 = .max
    /// Byte k: how many checks are present up to and including bit k; byte 7: all of them.
    var counts: UInt64 = 0
    /// Where the unit's code starts, and where it goes on once its prologue holds: the first
    /// instruction after the prologue when nothing after it reads a register the prologue wrote;
    /// otherwise the start again (the prologue runs in the interpreter).
    var codeStart: Int32 = 0
    var resume: Int32 = 0

    static let active: UInt8 = 1, hoursBit: UInt8 = 2, weekdaysBit: UInt8 = 4, daysBit: UInt8 = 8
    static let channelsBit: UInt8 = 16, storeBit: UInt8 = 32, identifiedBit: UInt8 = 64

    /// The check's bit, in the compiler's order.
    static func bit(_ op: Opcode) -> UInt8 {
        switch op {
        case .active: active
        case .hours: hoursBit
        case .weekdays: weekdaysBit
        case .days: daysBit
        case .channels: channelsBit
        case .require: storeBit
        default: identifiedBit
        }
    }

    /// The reason the check of a bit gives (the identified check's own reason aside).
    static let reasons: [Reason] = [.notActive, .outsideHours, .wrongWeekday, .wrongDayOfMonth, .wrongChannel, .wrongStore, .needsCustomer]

    /// `reasons[k]`, without the array.
    @inline(__always)
    static func reason(_ k: Int) -> Reason {
        switch k {
        case 0: .notActive
        case 1: .outsideHours
        case 2: .wrongWeekday
        case 3: .wrongDayOfMonth
        case 4: .wrongChannel
        case 5: .wrongStore
        default: .needsCustomer
        }
    }
}

/// The eligibility prologues of a bundle's units: the checks every unit's code starts with
/// (schedule, channels, stores, an identified customer), decoded once at load so that a unit
/// that is not eligible is turned away without entering the interpreter. Owned by a
/// ``LoadedBundle``; plain memory, never written after loading.
struct Gates {
    let ops: UnsafeMutableBufferPointer<GateOp>
    let units: UnsafeMutableBufferPointer<UnitGate>
    let storeConditions: UnsafeMutableBufferPointer<StoreCondition>
    let hot: UnsafeMutableBufferPointer<HotUnit>
    /// Promos and tier programs in application order; each unit's place in it (-1 for
    /// restrictions), and the places of the units every receipt is a candidate for, as bits.
    let runUnits: UnsafeMutableBufferPointer<Int32>
    let runPosition: UnsafeMutableBufferPointer<Int32>
    let runWords: Int
    let alwaysBits: UnsafeMutableBufferPointer<UInt64>
    /// For each atom, the places of the units it makes candidates: `candidateList` from
    /// `candidateStarts[atom]` to `candidateStarts[atom + 1]`.
    let candidateStarts: UnsafeMutableBufferPointer<Int32>
    let candidateList: UnsafeMutableBufferPointer<Int32>
    /// The checks before the store condition as masks over the run order.
    let masks: GateMasks

    /// Whether a store condition may hold the opcode besides its closing `REQUIRE`.
    static func isStoreOp(_ op: Opcode) -> Bool {
        switch op {
        case .store, .storeInList, .loadConstant, .loadImmediate, .move, .not, .equal, .notEqual, .less, .lessEqual,
             .greater, .greaterEqual, .inList, .jumpIfFalse, .jumpIfTrue:
            true
        default:
            false
        }
    }

    /// A store condition's code as a dictionary key: the same code (jumps taken relative to its
    /// start) is the same condition. It reads the code in place, so it lives only while the
    /// gates are made.
    struct ConditionKey: Hashable {
        let code: UnsafeBufferPointer<UInt64>
        let start: Int
        let end: Int

        /// The word at `k`, a jump's target made relative to the start.
        func word(_ k: Int) -> UInt64 {
            var i = Instruction(word: code[k])!
            if i.opcode == .jumpIfFalse || i.opcode == .jumpIfTrue { i.b -= UInt32(start) }
            return i.word
        }

        static func == (x: ConditionKey, y: ConditionKey) -> Bool {
            guard x.end - x.start == y.end - y.start else { return false }
            for k in 0...(x.end - x.start) where x.word(x.start + k) != y.word(y.start + k) { return false }
            return true
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(end - start)
            for k in start...end { hasher.combine(word(k)) }
        }
    }

    init(_ m: BundleModel, runOrder: [Int], alwaysCandidates: [Bool]) {
        var ops: [GateOp] = []
        var units: [UnitGate] = []
        units.reserveCapacity(m.units.count)
        var conditions: [StoreCondition] = []
        var conditionIndex: [ConditionKey: Int32] = [:]
        var fieldsRead: UInt8 = 0
        var hot: [HotUnit] = []
        hot.reserveCapacity(m.units.count)
        m.code.withUnsafeBufferPointer { code in
            for info in m.units {
                let start = Int(info.codeStart), end = Int(info.codeEnd)
                let first = ops.count
                var pc = start
                var prologueRegisters = -1
                scan: while pc < end {
                    guard let ins = Instruction(word: code[pc]) else { break }
                    switch ins.opcode {
                    case .active, .hours, .weekdays, .days, .channels, .identified:
                        ops.append(GateOp(op: ins.opcode, a: Int32(ins.a), b: Int32(ins.b)))
                        pc += 1
                    case .store, .storeInList, .loadConstant, .loadImmediate:
                        guard let close = Gates.storeCondition(code, from: pc, end: end) else { break scan }
                        // The same code (jumps taken relative to its start) is the same condition.
                        let key = ConditionKey(code: code, start: pc, end: close)
                        var registers = -1
                        for k in pc...close { registers = max(registers, Gates.maxRegister(Instruction(word: code[k])!)) }
                        let index: Int32
                        if let known = conditionIndex[key] {
                            index = known
                        } else {
                            index = Int32(conditions.count)
                            conditionIndex[key] = index
                            conditions.append(StoreCondition(start: Int32(pc), end: Int32(close), registers: Int32(registers + 1)))
                            for k in pc...close {
                                let i = Instruction(word: code[k])!
                                if i.opcode == .store, i.b < 4 { fieldsRead |= 1 << UInt8(i.b) }
                                if i.opcode == .storeInList { fieldsRead |= Gates.groupsRead }
                            }
                        }
                        prologueRegisters = max(prologueRegisters, registers)
                        ops.append(GateOp(op: .require, a: index, b: Int32(pc)))
                        pc = close + 1
                    default:
                        break scan
                    }
                }
                // Going on after the prologue skips the registers it wrote: only when nothing after
                // it reads them (the compiler never reuses a register).
                var resumes = true
                if prologueRegisters >= 0 {
                    for k in pc..<end {
                        if let ins = Instruction(word: code[k]), Gates.minRegister(ins) <= prologueRegisters { resumes = false; break }
                    }
                }
                units.append(UnitGate(first: Int32(first), count: Int32(ops.count - first)))
                var h = Gates.hotUnit(ops[first...], m.constants, group: info.group)
                h.codeStart = Int32(start)
                h.resume = Int32(resumes ? pc : start)
                hot.append(h)
            }
        }
        self.ops = .allocate(capacity: max(1, ops.count))
        _ = self.ops.initialize(from: ops)
        self.units = .allocate(capacity: max(1, units.count))
        _ = self.units.initialize(from: units)
        storeConditionCount = conditions.count
        storeFieldsRead = fieldsRead
        self.storeConditions = .allocate(capacity: max(1, conditions.count))
        _ = self.storeConditions.initialize(from: conditions)
        self.hot = .allocate(capacity: max(1, hot.count))
        _ = self.hot.initialize(from: hot)

        runUnits = .allocate(capacity: max(1, runOrder.count))
        _ = runUnits.initialize(from: runOrder.map(Int32.init))
        var position = [Int32](repeating: -1, count: m.units.count)
        for (k, u) in runOrder.enumerated() { position[u] = Int32(k) }
        runPosition = .allocate(capacity: max(1, position.count))
        _ = runPosition.initialize(from: position)
        runWords = max(1, (runOrder.count + 63) / 64)
        var always = [UInt64](repeating: 0, count: runWords)
        for (k, u) in runOrder.enumerated() where alwaysCandidates[u] { always[k >> 6] |= 1 << UInt64(k & 63) }
        alwaysBits = .allocate(capacity: runWords)
        _ = alwaysBits.initialize(from: always)
        var starts: [Int32] = [0]
        var list: [Int32] = []
        for units in m.candidates {
            for u in units where position[Int(u)] >= 0 { list.append(position[Int(u)]) }
            starts.append(Int32(list.count))
        }
        candidateStarts = .allocate(capacity: starts.count)
        _ = candidateStarts.initialize(from: starts)
        candidateList = .allocate(capacity: max(1, list.count))
        _ = candidateList.initialize(from: list)
        masks = GateMasks(hot: hot, runOrder: runOrder, words: runWords, constants: m.constants)
    }

    func free() {
        ops.deallocate()
        units.deallocate()
        storeConditions.deallocate()
        hot.deallocate()
        runUnits.deallocate()
        runPosition.deallocate()
        alwaysBits.deallocate()
        candidateStarts.deallocate()
        candidateList.deallocate()
        masks.free()
    }

    /// The fixed-order descriptor of a unit's gate ops; `inOrder` false when they are not in
    /// the compiler's order (then the ops are checked one by one).
    static func hotUnit(_ ops: ArraySlice<GateOp>, _ constants: [Int64], group: Int32) -> HotUnit {
        var h = HotUnit()
        h.group = group
        var last: UInt8 = 0
        for op in ops {
            let bit = HotUnit.bit(op.op)
            guard bit > last else { return h }
            last = bit
            h.present |= bit
            switch op.op {
            case .active:
                h.activeFrom = constants[Int(op.a)]
                h.activeTo = constants[Int(op.a) + 1]
            case .hours:
                h.hours = op.a
                h.hoursCount = op.b
            case .weekdays: h.weekdays = UInt8(truncatingIfNeeded: op.a)
            case .days: h.days = op.a
            case .channels: h.channels = UInt8(truncatingIfNeeded: op.a)
            case .require:
                h.store = op.a
                h.storePC = op.b
            default: h.identified = UInt8(truncatingIfNeeded: op.a)
            }
        }
        for k in 0..<8 {
            let upTo = k == 7 ? h.present : h.present & UInt8(truncatingIfNeeded: (1 << (k + 1)) - 1)
            h.counts |= UInt64(upTo.nonzeroBitCount) << UInt64(8 * k)
        }
        h.inOrder = true
        return h
    }

    /// How many store conditions there are (the buffer holds at least one).
    let storeConditionCount: Int
    /// The store fields the store conditions read: bit `StoreFieldCode.rawValue` for a field,
    /// ``groupsRead`` for the groups. Two stores alike in these are alike to every condition.
    let storeFieldsRead: UInt8
    static let groupsRead: UInt8 = 1 << 4

    /// The pc of the `REQUIRE r, wrong_store` closing the store condition that starts at
    /// `start`, when everything up to it is a store condition's code and its jumps stay inside it.
    static func storeCondition(_ code: UnsafeBufferPointer<UInt64>, from start: Int, end: Int) -> Int? {
        var pc = start
        var farthest = start
        while pc < end {
            guard let ins = Instruction(word: code[pc]) else { return nil }
            if ins.opcode == .require {
                return ins.b == UInt32(Reason.wrongStore.rawValue) && farthest <= pc ? pc : nil
            }
            guard isStoreOp(ins.opcode) else { return nil }
            if ins.opcode == .jumpIfFalse || ins.opcode == .jumpIfTrue { farthest = max(farthest, Int(ins.b)) }
            pc += 1
        }
        return nil
    }

    /// The highest register operand of an instruction, -1 for none.
    static func maxRegister(_ ins: Instruction) -> Int {
        let kinds = ins.opcode.operandKinds
        var r = -1
        if kinds.a == .register { r = max(r, Int(ins.a)) }
        if kinds.b == .register { r = max(r, Int(ins.b)) }
        if kinds.c == .register { r = max(r, Int(ins.c)) }
        return r
    }

    /// The lowest register operand of an instruction, `Int.max` for none.
    static func minRegister(_ ins: Instruction) -> Int {
        let kinds = ins.opcode.operandKinds
        var r = Int.max
        if kinds.a == .register { r = min(r, Int(ins.a)) }
        if kinds.b == .register { r = min(r, Int(ins.b)) }
        if kinds.c == .register { r = min(r, Int(ins.c)) }
        return r
    }
}

