import PromoBytecode

extension Evaluator {
    /// After the last promo: bonus payment, accruals on the final amounts, messages, and the
    /// result.
    mutating func finish() throws(EvaluationError) {
        let finalTotal = currentTotal()
        redemption(finalTotal: finalTotal)
        accruals(finalTotal: finalTotal)
        messages(finalTotal: finalTotal)

        groupDiscountsByLine()
        var clampIndex = 0
        sortClampsByLine()
        // The lines in the evaluator's plain memory, then into the result in one copy (as the
        // discounts are, ``groupDiscountsByLine()``).
        lineResults.removeAll()
        receipt.lines.withUnsafeBufferPointer { receiptLines in
            for i in 0..<lineCount {
                let clampStart = clampIndex
                while clampIndex < clamps.count, Int(clamps[clampIndex].line) == i {
                    let c = clamps[clampIndex]
                    result.lineClamps.append(Clamp(line: i, unit: Int(c.unit), amount: c.amount, restriction: c.restriction >= 0 ? Int(c.restriction) : nil))
                    clampIndex += 1
                }
                lineResults.append(LineResult(sku: receiptLines[i].sku, originalAmount: original[i], finalAmount: current[i],
                                        discountRange: lineStart[i]..<cursor[i], clampRange: clampStart..<clampIndex,
                                        accrualAllowed: flags[i] & LineFlag.noAccrual == 0,
                                        redemptionAllowed: flags[i] & LineFlag.noRedemption == 0))
            }
        }
        EvaluationResult.replace(&result.lines, with: lineResults.buffer)
        result.originalTotal = Evaluator.sum(original, count: lineCount)
        result.discountTotal = result.originalTotal - finalTotal
        EvaluationResult.replace(&result.trace, with: UnsafeBufferPointer(start: traceEntries, count: traceCount))
        result.steps = steps
    }

    /// `result.lineDiscounts`: the discounts grouped by line (counted per line, placed, a
    /// promo's entries on a line merged), each line's range in `lineStart[i]..<cursor[i]`.
    /// The grouping is done in the evaluator's plain memory (`groupedDiscounts`), and the
    /// result's array is filled from it in one copy: writing the array entry by entry would
    /// check its uniqueness and capacity at every entry.
    mutating func groupDiscountsByLine() {
        let n = lineCount
        lineStart.fill(n + 1, with: 0)
        cursor.fill(n + 1, with: 0)
        groupedDiscounts.fill(discounts.count, with: LineDiscount(line: 0, unit: 0, amount: 0))
        let start = lineStart.base, end = cursor.base, ds = discounts.buffer, o = groupedDiscounts.base
        for d in ds { start[Int(d.line) + 1] += 1 }
        for i in 0..<n {
            start[i + 1] += start[i]
            end[i] = start[i]
        }
        for d in ds {
            let i = Int(d.line), at = end[i]
            if at > start[i], o[at - 1].unit == Int(d.unit) {
                o[at - 1].amount += d.amount
            } else {
                o[at] = LineDiscount(line: i, unit: Int(d.unit), amount: d.amount)
                end[i] = at + 1
            }
        }
        // Close the gaps left by merged entries.
        var written = 0
        for i in 0..<n {
            let first = written
            for k in start[i]..<end[i] {
                o[written] = o[k]
                written += 1
            }
            start[i] = first
            end[i] = written
        }
        EvaluationResult.replace(&result.lineDiscounts, with: UnsafeBufferPointer(start: o, count: written))
    }

    /// Clamps in line order, each line's in the order they happened (few: an insertion sort).
    mutating func sortClampsByLine() {
        guard clamps.count > 1 else { return }
        for k in 1..<clamps.count {
            let c = clamps[k]
            var j = k
            while j > 0, clamps[j - 1].line > c.line {
                clamps[j] = clamps[j - 1]
                j -= 1
            }
            clamps[j] = c
        }
    }

    var bonusBalance: Int64? {
        if let index = bundle.bonusBalanceFact, facts[index] != Evaluator.absent { return facts[index] }
        return customerBalance
    }

    /// The most the customer may pay with bonuses: no more than the balance, the caps of
    /// restrictions, and the lines that allow it. Sets each line's part of the bonus payment the
    /// receipt asked for in `redeemedShares`.
    mutating func redemption(finalTotal: Int64) {
        Evaluator.zero(redeemedShares, count: lineCount)
        scratchWeights.removeAll()
        var allowed: Int64 = 0
        for i in 0..<lineCount {
            let ok = flags[i] & LineFlag.noRedemption == 0
            scratchWeights.append(ok ? current[i] : 0)
            if ok { allowed += current[i] }
        }
        var maximum = allowed
        for cap in redeemCaps {
            var limit: Int64
            switch cap.bound {
            case .percent, .percentOfTotal:
                limit = Exact.percent(cap.scope == noItemSet ? finalTotal : spend(cap.scope), cap.value)
            case .money: limit = cap.value
            default: continue
            }
            if cap.scope != noItemSet {
                // `on ITEMS`: the cap holds for the payment on those lines; the others pay as
                // they may.
                var inScope: Int64 = 0
                forEachLine(in: cap.scope) { e, i in if e.flags[i] & LineFlag.noRedemption == 0 { inScope += e.current[i] } }
                limit = allowed - max(0, inScope - limit)
            }
            maximum = min(maximum, limit)
        }
        // Without a known balance (or a customer) nothing may be paid with bonuses.
        maximum = min(maximum, max(0, bonusBalance ?? 0))
        guard hasCustomer else { return }
        result.redeemable = max(0, maximum)
        result.redeemed = min(max(0, receipt.redeem ?? 0), result.redeemable)
        guard result.redeemed > 0 else { return }
        _ = allocator.allocate(result.redeemed, weights: scratchWeights.buffer, capacities: scratchWeights.buffer)
        for i in 0..<lineCount { redeemedShares[i] = allocator.shares[i] }
    }

    /// Bonus and chips accrue on the final amounts of the lines that allow accrual.
    mutating func accruals(finalTotal: Int64) {
        for pending in pendingAccruals {
            guard case .accrue(let chips, let kind, let value, let step, let basis, let scope, let activates, let expires,
                               let excluding) = m.effects[Int(pending.effect)] else { continue }
            let points: Int64
            switch kind {
            case .percent:
                points = Exact.percent(max(0, accrualBase(scope, excluding: excluding)), value)
            case .points:
                points = value
            case .perStep:
                points = Exact.times(max(0, accrualBase(basis, excluding: excluding)) / step, value)
            }
            guard points > 0 else { continue }
            let start = add(activates, to: receipt.date) ?? receipt.date
            result.accruals.append(AccrualResult(unit: Int(pending.unit), chips: chips, points: points, activates: start,
                                                 expires: add(expires, to: start)))
        }
    }

    /// What a best-of member's accruals would be worth now, to compare it with the others.
    mutating func estimatedAccrual(since mark: Int) -> Int64 {
        var value: Int64 = 0
        for pending in pendingAccruals[mark...] {
            guard case .accrue(let chips, let kind, let amount, let step, let basis, let scope, _, _, _) = m.effects[Int(pending.effect)],
                  !chips else { continue }
            switch kind {
            case .percent:
                value += Exact.percent(accrualBase(scope, excluding: false), amount)
            case .points:
                value += amount
            case .perStep:
                value += Exact.times(accrualBase(basis, excluding: false) / step, amount)
            }
        }
        return value
    }

    /// What the lines of `set` open to accrual earn on: their current amounts, less their shares
    /// of the bonus payment when `excluding` what was redeemed.
    mutating func accrualBase(_ set: UInt32, excluding: Bool) -> Int64 {
        var amount: Int64 = 0
        forEachLine(in: set) { e, i in
            if e.flags[i] & LineFlag.noAccrual == 0 { amount += e.current[i] - (excluding ? e.redeemedShares[i] : 0) }
        }
        return amount
    }

    /// Notes, for each message of the applied promos, the figures its placeholders stand for;
    /// the text is put together when it is read (``MessageResult/text``).
    mutating func messages(finalTotal: Int64) {
        @inline(__always) func has(_ bits: UInt16, _ p: Placeholder) -> Bool { bits >> UInt16(p.rawValue) & 1 != 0 }
        for pending in pendingMessages {
            let u = Int(pending.unit), k = Int(pending.message)
            let bits = bundle.messagePlaceholders[k]
            var saved: Int64 = 0, accrued: Int64 = 0
            if has(bits, .saved) {
                for d in discounts.buffer where d.unit == pending.unit { saved += d.amount }
            }
            if has(bits, .accrued) {
                for a in result.accruals where a.unit == u && !a.chips { accrued += a.points }
            }
            result.messages.append(MessageResult(unit: u, target: m.messages[k].target, template: MessageTemplate(
                bundle: bundle, message: pending.message,
                name: has(bits, .name) ? (hasCustomer ? customer.name : nil) : nil,
                coupon: has(bits, .coupon) ? result.couponsIssued.first { $0.unit == u }?.code : nil,
                saved: saved, balance: has(bits, .balance) ? bonusBalance ?? 0 : 0, accrued: accrued,
                total: has(bits, .total) ? finalTotal : 0, chips: has(bits, .chips) ? chipsBefore : 0)))
        }
    }
}
