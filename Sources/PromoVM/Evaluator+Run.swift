import PromoBytecode

extension Evaluator {
    /// What running a unit's code came to.
    enum Outcome {
        case applied
        case notApplied(Reason)
    }

    // MARK: - Restrictions

    /// Runs every restriction whose own clauses hold for the receipt and sets the floors and caps
    /// its rules give.
    mutating func applyRestrictions() throws(EvaluationError) {
        let originalTotal = Evaluator.sum(original, count: lineCount)
        for k in 0..<restrictionCount {
            let r = Int(restrictions[k].unit)
            unit = r
            guard case .applied = try run(unit: r) else { continue }
            for ruleIndex in Int(restrictions[k].start)..<Int(restrictions[k].end) {
                let rule = restrictionRules[ruleIndex]
                switch (rule.subject, rule.bound) {
                case (.price, .money), (.price, .lineMinPrice):
                    forEachLine(in: rule.scope) { e, i in
                        guard let perUnit = rule.bound == .money ? rule.value : e.receipt.lines[i].minPrice else { return }
                        e.raiseFloor(i, to: min(e.original[i], Exact.amount(price: perUnit, quantity: e.quantity[i])), by: r)
                    }
                case (.discount, .percent):
                    forEachLine(in: rule.scope) { e, i in
                        e.raiseFloor(i, to: e.original[i] - Exact.percent(e.original[i], rule.value), by: r)
                    }
                case (.discount, .money):
                    forEachLine(in: rule.scope) { e, i in
                        e.raiseFloor(i, to: max(0, e.original[i] - rule.value), by: r)
                    }
                case (.discount, .percentOfTotal):
                    if rule.scope == noItemSet {
                        let cap = Exact.percent(originalTotal, rule.value)
                        // (Of two equal allowances, the restriction named first names it.)
                        if cap < discountAllowance
                            || (cap == discountAllowance && allowanceSource >= 0 && restrictionRank[r] < restrictionRank[Int(allowanceSource)]) {
                            discountAllowance = cap
                            allowanceSource = Int32(r)
                        }
                    } else {
                        // `on ITEMS`: N% of the original total of those lines, for their
                        // discounts only.
                        var scopeTotal: Int64 = 0
                        forEachLine(in: rule.scope) { e, i in scopeTotal += e.original[i] }
                        discountCaps.append((rule.scope, Exact.percent(scopeTotal, rule.value), Int32(r)))
                    }
                case (.redeem, _):
                    redeemCaps.append((Int32(r), rule.bound, rule.value, rule.scope))
                case (.quantity, _):
                    var used: Int64 = 0
                    // A budget per customer starts from what the customer has bought before; one
                    // per receipt from nothing.
                    if rule.limit >= 0, !m.limits[Int(rule.limit)].perReceipt, hasCustomer,
                       let usage = customerUsage(r) {
                        used = units(of: usage, period: m.limits[Int(rule.limit)].period)
                    }
                    quantityBudgets.append((rule.scope, max(0, rule.value - used), Int32(r)))
                default:
                    break
                }
            }
        }
        if !quantityBudgets.isEmpty { Evaluator.zero(countedUnits, count: lineCount) }
    }

    mutating func raiseFloor(_ i: Int, to floor: Int64, by restriction: Int) {
        if floor > floorRestricted[i] {
            floorRestricted[i] = floor
            floorSource[i] = Int32(restriction)
        } else if floor == floorRestricted[i], floorSource[i] >= 0,
                  restrictionRank[restriction] < restrictionRank[Int(floorSource[i])] {
            // The same floor: the restriction named first names it (``restrictionRank``).
            floorSource[i] = Int32(restriction)
        }
    }

    func units(of usage: Usage, period: UInt8) -> Int64 {
        switch period {
        case 1: usage.unitsDay
        case 2: usage.unitsWeek
        case 3: usage.unitsMonth
        case 4: usage.unitsYear
        default: usage.unitsLifetime
        }
    }

    func uses(of usage: Usage, period: UInt8) -> Int64 {
        switch period {
        case 1: usage.day
        case 2: usage.week
        case 3: usage.month
        case 4: usage.year
        default: usage.lifetime
        }
    }

    // MARK: - Promos in order

    mutating func runUnits() throws(EvaluationError) {
        decidedGroups.removeAll()
        let runUnits = gates.runUnits
        // The receipt's row of each check before the store condition (``GateMasks``): most
        // candidates fail one of them, and are turned away by their bits alone.
        let g = gates.masks, width = g.words
        let dayRow = g.dayRow(day: dayOfMonth, daysInMonth: daysInMonth)
        let quick = gatesInOrder && dayRow != nil && usesGateMasks
        let active = g.activePass.baseAddress! + GateMasks.row(g.activeBounds, count: g.activeCount, minuteStamp) * width
        let hours = g.hoursPass.baseAddress! + GateMasks.row(g.hoursBounds, count: g.hoursCount, Int64(receipt.minute)) * width
        let weekdays = g.weekdayPass.baseAddress! + weekday * width
        let days = g.dayPass.baseAddress! + (dayRow ?? 0) * width
        let channels = g.channelPass.baseAddress! + GateMasks.channelRow(channelBits) * width
        let hot = gates.hot.baseAddress!
        for w in 0..<gates.runWords {
            var bits = candidateBits[w] | leaderBits[w]
            let a = active[w], h = hours[w], wd = weekdays[w], d = days[w], c = channels[w]
            let away = quick ? g.fast[w] & ~(a & h & wd & d & c) : 0
            let past = quick ? g.fast[w] & a & h & wd & d & c : 0
            // The first check that fails, in the compiler's order (the bits of ``HotUnit``), as
            // three bits of its number for each unit at once.
            let first1 = a & ~h, first2 = a & h & ~wd, first3 = a & h & wd & ~d, first4 = a & h & wd & d & ~c
            let k0 = first1 | first3, k1 = first2 | first3, k2 = first4
            while bits != 0 {
                let b = bits.trailingZeroBitCount
                let u = Int(runUnits[w << 6 | b])
                bits &= bits &- 1
                if stopped {
                    // A group decided before the `stop` keeps its outcome; one decided after it
                    // has its candidates stopped.
                    let group = gates.hot[u].group
                    if group >= 0 {
                        guard !decidedGroups.contains(group) else { continue }
                        decidedGroups.append(group)
                        let (start, end) = groupRanges[Int(groupIndex[Int(group)])]
                        for k in Int(start)..<Int(end) where isCandidate(Int(groupList[k])) {
                            trace(Int(groupList[k]), .notApplied(.stopped))
                        }
                    } else {
                        trace(u, .notApplied(.stopped))
                    }
                    continue
                }
                if away >> UInt64(b) & 1 != 0 {
                    // The steps of the checks up to the first that fails, as ``gate(_:)`` counts
                    // them. Near the step budget the unit goes the long way, which stops exactly.
                    let shift = UInt64(b)
                    let low: UInt64 = k0 >> shift & 1, middle: UInt64 = (k1 >> shift & 1) << 1, high: UInt64 = (k2 >> shift & 1) << 2
                    let k = Int(low | middle | high)
                    let n = Int64(hot[u].counts >> UInt64(8 * k) & 0xFF)
                    if steps + n <= budget {
                        steps += n
                        lastFailure = nil
                        traceTurnedAway(u, HotUnit.reason(k))
                        continue
                    }
                } else if past >> UInt64(b) & 1 != 0 && hot[u].present & HotUnit.storeBit != 0 {
                    // Past those checks, most are turned away by their store condition, which
                    // is the next check: counted and traced as ``gate(_:)`` does.
                    let condition = Int(hot[u].store)
                    if storeStatus[condition] == 0 { evaluateStoreCondition(condition) }
                    if storeStatus[condition] == 2 {
                        let n = Int64(hot[u].counts >> 40 & 0xFF) + Int64(storeSteps[condition]) - 1
                        if steps + n <= budget {
                            steps += n
                            lastFailure = storeFailure[condition]
                            lastFailure?.pc += Int(hot[u].storePC)
                            traceTurnedAway(u, .wrongStore)
                            continue
                        }
                    }
                }
                let group = gates.hot[u].group
                if group >= 0 {
                    // Few groups: a list is quicker than a set.
                    guard !decidedGroups.contains(group) else { continue }
                    decidedGroups.append(group)
                    try runGroup(group, from: u)
                    continue
                }
                // Most candidates fail a check of their prologue: turned away before the interpreter.
                // (One the masks show past the checks before its store condition has only the
                // rest of its prologue checked.)
                let (failure, start) = past >> UInt64(b) & 1 != 0 ? gate(u, calendarFails: 0) : gate(u)
                if let failure {
                    traceTurnedAway(u, failure)
                    continue
                }
                trace(u, try runForReal(u, from: start))
            }
        }
    }

    /// Runs a unit and keeps what it did only if it applied.
    mutating func runForReal(_ u: Int, from start: Int? = nil) throws(EvaluationError) -> Outcome {
        let marks = (accruals: pendingAccruals.count, messages: pendingMessages.count, result: resultMarks)
        let outcome: Outcome
        if let start { outcome = try run(unit: u, from: start) } else { outcome = try run(unit: u) }
        if case .notApplied = outcome {
            if pendingAccruals.count > marks.accruals { pendingAccruals.removeSubrange(marks.accruals...) }
            if pendingMessages.count > marks.messages { pendingMessages.removeSubrange(marks.messages...) }
            rollBack(to: marks.result)
        } else {
            recordUsage(u)
        }
        return outcome
    }

    /// Members of a best-of group are tried one by one on the receipt as it stands; only the
    /// one worth most to the customer (discount plus bonus points) applies.
    mutating func runGroup(_ group: Int32, from first: Int) throws(EvaluationError) {
        groupMembers.removeAll()
        groupReasons.removeAll()
        let (start, end) = groupRanges[Int(groupIndex[Int(group)])]
        for k in Int(start)..<Int(end) where isCandidate(Int(groupList[k])) { groupMembers.append(Int(groupList[k])) }
        if groupMembers.count == 1 {
            try runLoneMember(groupMembers[0])
            return
        }
        // Every trial starts from the receipt as it stands before the group: a snapshot taken
        // before the first member that gets past its prologue, restored before the next one.
        var snapshot: Snapshot?
        // Whether a trial has run since the snapshot was taken or last restored.
        var dirty = false
        var best: (index: Int, value: Int64, discount: Int64)?
        for (k, member) in groupMembers.enumerated() {
            let (failure, start) = gate(member)
            if let failure {
                // The prologue left a failed comparison only when the store condition is the reason.
                groupReasons.append((failure, lastFailure))
                continue
            }
            if let snapshot {
                if dirty { restore(snapshot) }
            } else {
                snapshot = self.snapshot()
            }
            let outcome = try run(unit: member, from: start)
            dirty = true
            if case .notApplied(let reason) = outcome {
                groupReasons.append((reason, Evaluator.showsComparison(reason) ? lastFailure : nil))
            } else {
                groupReasons.append((nil, nil))
                let value = unitDiscount + estimatedAccrual(since: snapshot!.accruals)
                if best == nil || value > best!.value { best = (k, value, unitDiscount) }
            }
        }
        // The last member's trial stands when it is the best one; otherwise the best runs again.
        let keepsLast = best?.index == groupMembers.count - 1
        if !keepsLast, dirty, let snapshot { restore(snapshot) }
        for (k, member) in groupMembers.enumerated() {
            if let best, k == best.index {
                if keepsLast {
                    recordUsage(member)
                    unitDiscount = best.discount
                    trace(member, .applied)
                } else {
                    trace(member, try runForReal(member))
                }
            } else {
                let (reason, failed) = groupReasons[k]
                lastFailure = failed
                trace(member, .notApplied(reason ?? .betterInGroup))
            }
        }
    }

    /// ``runGroup(_:from:)`` for a group with one candidate member (most receipts): the same
    /// steps in the same order (its trial stands when it applies, and is undone when it does
    /// not), without the lists of members and reasons.
    mutating func runLoneMember(_ member: Int) throws(EvaluationError) {
        let (failure, start) = gate(member)
        if let failure {
            trace(member, .notApplied(failure))
            return
        }
        let snapshot = self.snapshot()
        let outcome = try run(unit: member, from: start)
        if case .notApplied(let reason) = outcome {
            let failed = Evaluator.showsComparison(reason) ? lastFailure : nil
            restore(snapshot)
            lastFailure = failed
            trace(member, .notApplied(reason))
        } else {
            // (The estimate counts the steps of the sets it reads, as in a group of several.)
            let discount = unitDiscount
            _ = estimatedAccrual(since: snapshot.accruals)
            recordUsage(member)
            unitDiscount = discount
            trace(member, .applied)
        }
    }

    /// Whether a trace entry with this reason shows the failed comparison behind it.
    @inline(__always)
    static func showsComparison(_ reason: Reason) -> Bool {
        reason == .conditionFalse || reason == .notInAudience || reason == .wrongStore
    }

    mutating func trace(_ u: Int, _ outcome: Outcome) {
        // Each unit is traced once at most (the loops over candidates and groups see to it).
        assert(traceCount < traceLimit, "unit \(u) traced twice")
        guard traceCount < traceLimit else { return }
        switch outcome {
        case .applied:
            traceEntries[traceCount] = TraceEntry(unit: u, applied: true, reason: nil, failed: nil, discount: unitDiscount)
        case .notApplied(let reason):
            guard traceAll else { return }
            traceEntries[traceCount] = TraceEntry(unit: u, applied: false, reason: reason,
                                           failed: Evaluator.showsComparison(reason) ? lastFailure : nil,
                                           discount: 0)
        }
        traceCount += 1
    }

    mutating func recordUsage(_ u: Int) {
        guard m.units[u].kind == .promo else { return }
        // The units of the lines it changed, counted as it changed them.
        result.usage.append(UsageChange(unit: u, uses: 1, units: unitUnits))
    }
}
