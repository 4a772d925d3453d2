import PromoBytecode

extension Evaluator {
    /// Checks unit `u`'s eligibility prologue (``Gates``) the way the interpreter would run it:
    /// the same checks in the same order, the same reason, the same failed comparison and the
    /// same step count. Returns the reason when a check fails; otherwise nil, with the pc the
    /// unit's code goes on from.
    ///
    /// When the prologue would run past the step budget, nothing is counted and the unit's code
    /// runs from its start, so that the interpreter stops exactly where it always did.
    @inline(__always)
    mutating func gate(_ u: Int) -> (failure: Reason?, resume: Int) {
        lastFailure = nil
        let h = gates.hot.baseAddress! + u
        guard gatesInOrder && h.pointee.inOrder else {
            guard checksPrologues else { return (nil, Int(h.pointee.codeStart)) }
            var n: Int64 = 0
            let failure = loopGate(gates.units[u], &n)
            return counted(failure, n, h)
        }
        // Every check at once, then the first that fails: few branches to guess wrong.
        let now = minuteStamp
        let present = h.pointee.present
        var fails: UInt8 = h.pointee.activeFrom <= now && now < h.pointee.activeTo ? 0 : HotUnit.active
        if present & HotUnit.hoursBit != 0 && !inHours(Int(h.pointee.hours), Int(h.pointee.hoursCount)) { fails |= HotUnit.hoursBit }
        fails |= h.pointee.weekdays & weekdayBit == 0 ? HotUnit.weekdaysBit : 0
        if present & HotUnit.daysBit != 0 && !onDayOfMonth(Int(h.pointee.days)) { fails |= HotUnit.daysBit }
        fails |= h.pointee.channels & channelBits == 0 ? HotUnit.channelsBit : 0
        return gateRest(h, fails)
    }

    /// ``gate(_:)`` for a unit in the compiler's order whose checks before the store condition
    /// are known (``GateMasks``): `calendarFails` are the bits of those that fail.
    @inline(__always)
    mutating func gate(_ u: Int, calendarFails: UInt8) -> (failure: Reason?, resume: Int) {
        lastFailure = nil
        return gateRest(gates.hot.baseAddress! + u, calendarFails)
    }

    /// The rest of ``gate(_:)`` once the checks before the store condition are made.
    @inline(__always)
    mutating func gateRest(_ h: UnsafeMutablePointer<HotUnit>, _ calendarFails: UInt8) -> (failure: Reason?, resume: Int) {
        let present = h.pointee.present
        var fails = calendarFails | customerFails
        fails &= present
        // The checks that ran: every present one up to the first that fails.
        let counts = h.pointee.counts
        // (Byte 7 of the counts, all of them, when none fails.)
        var n = Int64(counts >> UInt64(8 * (fails | 0x80).trailingZeroBitCount) & 0xFF)
        if present & HotUnit.storeBit != 0 && fails & (HotUnit.storeBit - 1) == 0 {
            let c = Int(h.pointee.store)
            if storeStatus[c] == 0 { evaluateStoreCondition(c) }
            if storeStatus[c] == 2 {
                // The store condition is the first to fail: the checks after it did not run.
                fails = HotUnit.storeBit
                n = Int64(counts >> 40 & 0xFF)
            }
            n += Int64(storeSteps[c]) - 1
            // Its failed comparison counts when it fails, or when the unit goes on (a later
            // condition's trace may show it); not when a later check turned the unit away.
            if fails & ~HotUnit.storeBit == 0, var f = storeFailure[c] {
                f.pc += Int(h.pointee.storePC)
                lastFailure = f
            }
        }
        if fails == 0 { return counted(nil, n, h) }
        let k = fails.trailingZeroBitCount
        return counted(k == 6 ? Reason(rawValue: h.pointee.identified)! : HotUnit.reasons[k], n, h)
    }

    /// What ``gate(_:)`` gives once its checks are made: their `n` steps counted, unless they
    /// would run past the step budget (then nothing is counted and the unit's code runs from its
    /// start, so that the interpreter stops exactly where it always did).
    @inline(__always)
    mutating func counted(_ failure: Reason?, _ n: Int64, _ h: UnsafeMutablePointer<HotUnit>) -> (failure: Reason?, resume: Int) {
        let start = Int(h.pointee.codeStart)
        if steps + n > budget { lastFailure = nil; return (nil, start) }
        if let failure {
            steps += n
            return (failure, start)
        }
        // Going on after the prologue counts its steps; running it again does not.
        let resume = Int(h.pointee.resume)
        if resume != start {
            steps += n
            return (nil, resume)
        }
        lastFailure = nil
        return (nil, start)
    }

    /// Notes a unit its prologue turned away: ``gate(_:)`` left `lastFailure` set only when the
    /// store condition is the reason.
    @inline(__always)
    mutating func traceTurnedAway(_ u: Int, _ reason: Reason) {
        assert(lastFailure == nil || reason == .wrongStore, "a failed comparison with \(reason)")
        guard traceAll, traceCount < traceLimit else { return }
        traceEntries[traceCount] = TraceEntry(unit: u, applied: false, reason: reason, failed: lastFailure, discount: 0)
        traceCount += 1
    }

    /// The gate ops of a unit whose checks are not in the compiler's order, one by one.
    mutating func loopGate(_ g: UnitGate, _ n: inout Int64) -> Reason? {
        var failure: Reason?
        var k = Int(g.first)
        let last = k + Int(g.count)
        while k < last, failure == nil {
            let op = gates.ops[k]
            k += 1
            n += 1
            let a = Int(op.a)
            switch op.op {
            case .active: if !isActive(a) { failure = .notActive }
            case .hours: if !inHours(a, Int(op.b)) { failure = .outsideHours }
            case .weekdays: if a >> weekday & 1 == 0 { failure = .wrongWeekday }
            case .days: if !onDayOfMonth(a) { failure = .wrongDayOfMonth }
            case .channels: if UInt32(a) & channelBit == 0 { failure = .wrongChannel }
            case .identified: if !hasCustomer { failure = Reason(rawValue: UInt8(a))! }
            default:
                if storeStatus[a] == 0 { evaluateStoreCondition(a) }
                n += Int64(storeSteps[a]) - 1
                if var f = storeFailure[a] {
                    f.pc += Int(op.b)
                    lastFailure = f
                } else {
                    lastFailure = nil
                }
                if storeStatus[a] == 2 { failure = .wrongStore }
            }
        }
        if failure != nil && failure != .wrongStore { lastFailure = nil }
        return failure
    }

    /// Runs store condition `k` (its code in the first unit that has it) on this receipt's store
    /// and keeps the outcome, its step count and its last failed comparison (pc relative to the
    /// condition's start) for every unit that shares it.
    mutating func evaluateStoreCondition(_ k: Int) {
        storeConditionRuns &+= 1
        let condition = gates.storeConditions[k]
        let start = Int(condition.start)
        let r = registers
        r.update(repeating: 0, count: Int(condition.registers))
        lastFailure = nil
        var pc = start
        var n: Int32 = 0
        var passed = false
        while true {
            n += 1
            let w = code[pc]
            let a = Int(truncatingIfNeeded: w >> 8 & 0xFFFF)
            let b = Int(truncatingIfNeeded: w >> 24 & 0xFFFF)
            let c = Int(truncatingIfNeeded: w >> 40)
            let here = pc
            pc += 1
            let op = unsafeBitCast(UInt8(truncatingIfNeeded: w), to: Opcode.self)
            // The usual shapes first, each its own branch: a store condition reads a field,
            // loads a constant and compares, again and again, which a single jump through a
            // table would guess wrong at nearly every instruction.
            if op == .store {
                r[a] = storeField(b)
                continue
            }
            if op == .loadImmediate {
                r[a] = Int64(Int16(truncatingIfNeeded: b))
                continue
            }
            if op == .equal || op == .notEqual {
                r[a] = compare(op, r[b], r[c], pc: here)
                continue
            }
            switch op {
            case .require:
                passed = truthy(r[a])
                storeStatus[k] = passed ? 1 : 2
                storeSteps[k] = n
                storeFailure[k] = lastFailure.map { f in
                    var f = f
                    f.pc -= start
                    return f
                }
                return
            case .jumpIfFalse: if !truthy(r[a]) { pc = b }
            case .jumpIfTrue: if truthy(r[a]) { pc = b }
            case .loadConstant: r[a] = constants[b]
            case .loadImmediate: r[a] = Int64(Int16(truncatingIfNeeded: b))
            case .move: r[a] = r[b]
            case .store: r[a] = storeField(b)
            case .storeInList: r[a] = storeInGroup(b)
            case .not: r[a] = not(r[b])
            case .inList: r[a] = inList(r[b], c, pc: here)
            default: r[a] = compare(op, r[b], r[c], pc: here)
            }
        }
    }

    // The checks, shared with the interpreter.

    @inline(__always)
    func isActive(_ k: Int) -> Bool { constants[k] <= minuteStamp && minuteStamp < constants[k + 1] }

    @inline(__always)
    func inHours(_ k: Int, _ count: Int) -> Bool {
        let minute = Int64(receipt.minute)
        for w in 0..<count {
            let start = constants[k + 2 * w], end = constants[k + 2 * w + 1]
            if start < end ? (start <= minute && minute < end) : (minute >= start || minute < end) { return true }
        }
        return false
    }

    @inline(__always)
    func onDayOfMonth(_ k: Int) -> Bool {
        let mask = constants[k]
        let fromEnd = daysInMonth - dayOfMonth + 1
        return mask >> dayOfMonth & 1 != 0 || (fromEnd <= 31 && mask >> (32 + fromEnd) & 1 != 0)
    }

    @inline(__always)
    func storeInGroup(_ b: Int) -> Int64 { storeGroups.contains(Int64(b)) ? 1 : 0 }

    @inline(__always)
    func not(_ v: Int64) -> Int64 { v == Evaluator.absent ? Evaluator.absent : (v == 0 ? 1 : 0) }

    /// Whether `v` is one of the values listed after `K[c]` (their count); a miss is the last
    /// failed comparison.
    @inline(__always)
    mutating func inList(_ v: Int64, _ c: Int, pc: Int) -> Int64 {
        let n = Int(constants[c])
        if v != Evaluator.absent {
            for k in 0..<n where constants[c + 1 + k] == v { return 1 }
        }
        lastFailure = FailedComparison(pc: pc, left: v, right: Evaluator.absent, opcode: .inList)
        return 0
    }
}
