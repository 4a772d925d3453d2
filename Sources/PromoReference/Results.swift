import PromoBytecode
import PromoSemantics
import PromoVM

extension Evaluation {
    /// BRIEF steps 6 and 7: after the last promo, the bonus payment, the accruals on the final
    /// amounts, the messages, and the result.
    func result() -> EvaluationResult {
        var result = EvaluationResult()
        let finalTotal = Exact.sum(sheet.current)
        let (redeemable, redeemedShares) = redemption(finalTotal: finalTotal)
        result.redeemable = redeemable
        result.redeemed = redeemedShares.reduce(0, +)
        result.accruals = accruals(redeemedShares: redeemedShares)
        result.messages = messages(finalTotal: finalTotal, accruals: result.accruals)

        // Each line with its discounts, in the order the promos gave them (one entry per promo
        // in a row), and its clamps.
        for i in lines.indices {
            var discounts: [LineDiscount] = []
            for d in sheet.discounts where d.line == i {
                if let last = discounts.last, last.unit == d.unit {
                    discounts[discounts.count - 1].amount += d.amount
                } else {
                    discounts.append(LineDiscount(unit: d.unit, amount: d.amount))
                }
            }
            let clamps = sheet.clamps.filter { $0.line == i }.map { Clamp(unit: $0.unit, amount: $0.amount, restriction: $0.restriction) }
            result.appendLine(sku: lines[i].sku, originalAmount: original[i], finalAmount: sheet.current[i], discounts: discounts,
                              clamps: clamps, accrualAllowed: !sheet.noAccrual[i], redemptionAllowed: !sheet.noRedemption[i])
        }
        result.originalTotal = Exact.sum(original)
        result.discountTotal = result.originalTotal - finalTotal
        result.chipsSpent = sheet.chipsSpent
        result.couponsApplied = sheet.couponsApplied
        result.couponsIssued = sheet.couponsIssued
        result.gifts = sheet.gifts
        result.counterChanges = sheet.counterChanges
        result.usage = sheet.usage
        return result
    }

    /// The bonus balance: the `bonus_balance` fact, or the customer's balance.
    var bonusBalance: Int64? {
        if case .number(let n)? = facts["bonus_balance"] { return n }
        return customer?.bonusBalance
    }

    /// mechanics.md, "Bonus payment cap" and "Excluding redeemed": redeemable = min(final
    /// amounts of the lines that allow redemption, every `redeem <=` cap, the balance), 0
    /// without a customer or a known balance; the payment asked for (at most that) is spread
    /// over the allowed lines by amount, by the largest remainder. Returns the redeemable
    /// maximum and each line's part of the payment.
    func redemption(finalTotal: Int64) -> (Int64, [Int64]) {
        let none = [Int64](repeating: 0, count: lines.count)
        let weights = lines.indices.map { sheet.noRedemption[$0] ? 0 : sheet.current[$0] }
        let allowed = Exact.sum(weights)
        var maximum = allowed
        for cap in redeemCaps {
            var limit: Int64
            if let p = cap.percent {
                let base = cap.scope.map { scope in Exact.sum(lineIndices(scope).map { sheet.current[$0] }) } ?? finalTotal
                limit = Exact.percent(base, p)
            } else {
                limit = cap.money ?? 0
            }
            if let scope = cap.scope {
                // `on ITEMS`: the cap holds for the payment on those lines only.
                let inScope = Exact.sum(lineIndices(scope).filter { !sheet.noRedemption[$0] }.map { sheet.current[$0] })
                limit = allowed - max(0, inScope - limit)
            }
            maximum = min(maximum, limit)
        }
        maximum = min(maximum, max(0, bonusBalance ?? 0))
        guard hasCustomer else { return (0, none) }
        let redeemable = max(0, maximum)
        let redeemed = min(max(0, receipt.redeem ?? 0), redeemable)
        guard redeemed > 0 else { return (redeemable, none) }
        let allocation = Allocation(redeemed, weights: weights, rooms: weights)
        if allocation.tied { decidedByLineOrder = true }
        return (redeemable, allocation.shares)
    }

    /// What the lines of a set open to accrual earn on: their final amounts, less their parts of
    /// the bonus payment when `excluding` it (mechanics.md, "Bonus accrual", "Excluding
    /// redeemed").
    func accrualBase(_ set: ItemSet?, redeemedShares: [Int64]?) -> Int64 {
        Exact.sum(lineIndices(set).filter { !sheet.noAccrual[$0] }.map { sheet.current[$0] - (redeemedShares?[$0] ?? 0) })
    }

    /// The points of one accrual: a percent of the base half up once (not per line), a fixed
    /// number, or points per full step of the base.
    func points(_ amount: AccrualAmount, scope: ItemSet?, redeemedShares: [Int64]?) -> Int64 {
        switch amount {
        case .percent(let p): Exact.percent(max(0, accrualBase(scope, redeemedShares: redeemedShares)), p.millionths)
        case .points(let n): n
        case .perStep(let points, let step, let basis):
            step.minor > 0 ? Exact.times(max(0, accrualBase(basis, redeemedShares: redeemedShares)) / step.minor, points) : 0
        }
    }

    /// BRIEF step 6: bonus and chips accrue after the last promo on the final amounts of the
    /// lines that allow accrual; activation = receipt date + delay, expiry = activation + expiry.
    func accruals(redeemedShares: [Int64]) -> [AccrualResult] {
        var results: [AccrualResult] = []
        for (unit, accrual) in sheet.pendingAccruals {
            let points = points(accrual.amount, scope: accrual.scope,
                                redeemedShares: accrual.excludingRedeemed ? redeemedShares : nil)
            guard points > 0 else { continue }
            let activates = add(accrual.activatesAfter, to: receipt.date) ?? receipt.date
            results.append(AccrualResult(unit: unit, chips: accrual.currency == .chips, points: points, activates: activates,
                                         expires: add(accrual.expiresAfter, to: activates)))
        }
        return results
    }

    /// What a best-of member's bonus accruals would be worth now, on the current amounts
    /// (mechanics.md, "Best of a group": "its value = its discount + its bonus accruals
    /// estimated on current amounts"); chips are not counted.
    func estimatedAccrual(since mark: Int) -> Int64 {
        sheet.pendingAccruals[mark...].reduce(Int64(0)) { value, pending in
            pending.accrual.currency == .chips ? value
                : value + points(pending.accrual.amount, scope: pending.accrual.scope, redeemedShares: nil)
        }
    }

    /// mechanics.md, "Messages": texts are built after the last promo: {name}, {promo}, {saved}
    /// (this promo's discount), {coupon} (the first coupon it issued), {total} (the final total
    /// before the bonus payment), {accrued} (its bonus, not chips), {balance}, {chips}; money as
    /// 1234.50.
    func messages(finalTotal: Int64, accruals: [AccrualResult]) -> [MessageResult] {
        sheet.pendingMessages.map { unit, message in
            var text = ""
            for part in message.parts {
                switch part {
                case .text(let s): text += s
                case .placeholder("name"): text += customer?.name ?? ""
                case .placeholder("promo"): text += title(ofUnit: unit)
                case .placeholder("saved"): text += money(sheet.discounts.filter { $0.unit == unit }.reduce(0) { $0 + $1.amount })
                case .placeholder("coupon"): text += sheet.couponsIssued.first { $0.unit == unit }?.code ?? ""
                case .placeholder("total"): text += money(finalTotal)
                case .placeholder("accrued"): text += money(accruals.filter { $0.unit == unit && !$0.chips }.reduce(0) { $0 + $1.points })
                case .placeholder("balance"): text += money(bonusBalance ?? 0)
                case .placeholder("chips"): text += String(chipsBefore)
                case .placeholder: break
                }
            }
            let target: MessageTargetCode = switch message.target {
            case .slip: .slip
            case .cashier: .cashier
            case .display: .display
            }
            return MessageResult(unit: unit, target: target, text: text)
        }
    }

    /// A promo's title, or its name.
    func title(ofUnit unit: Int) -> String {
        if let p = units.promos.firstIndex(of: unit) { return program.promos[p].title ?? program.promos[p].name }
        if let t = units.tiers.firstIndex(of: unit) { return program.tiers[t].title ?? program.tiers[t].name }
        return ""
    }

    /// Money in minor units with the currency's decimals: `1234.50`, `-0.05`.
    func money(_ minor: Int64) -> String {
        let decimals = program.currency?.decimals ?? 2
        let digits = String(minor.magnitude)
        let sign = minor < 0 ? "-" : ""
        guard decimals > 0 else { return sign + digits }
        let padded = digits.count <= decimals ? String(repeating: "0", count: decimals - digits.count + 1) + digits : digits
        return sign + padded.dropLast(decimals) + "." + padded.suffix(decimals)
    }
}
