import PromoVM

/// The promos, in priority order.
extension HandWrittenPromos {
    /// Milk 1 L for 69.90 (priority 105); the lines it changes take no other discount.
    mutating func milkPrice() {
        for i in 0..<count where lines[i].kinds.contains(.milk) {
            let wanted = lines[i].current - roundedAmount(69_90, lines[i].quantity)
            if give(i, wanted, by: .milkPrice) > 0 { lines[i].locked = true }
        }
    }

    /// Yogurts 2+1 (priority 115): the units sorted from the most expensive, in each three the
    /// cheapest free, as often as the receipt allows; a gift, so only the legal minimum holds.
    mutating func yogurt2Plus1() {
        unitRuns(.yogurt)
        var all: Int64 = 0
        for run in runs { all += run.count }
        let groups = all / 3
        guard groups > 0 else { return }
        // The free units are positions 3, 6, 9 … of the sorted units, up to `groups * 3`.
        func freeBelow(_ x: Int64) -> Int64 {
            let y = min(x, groups * 3)
            return y / 3 + max(0, y % 3 - 2)
        }
        perLine.removeAll(keepingCapacity: true)
        perLine.append(contentsOf: repeatElement(0, count: count))
        var position: Int64 = 0
        for run in runs {
            perLine[run.line] += freeBelow(position + run.count) - freeBelow(position)
            position += run.count
        }
        for i in 0..<count where perLine[i] > 0 {
            give(i, amount(of: perLine[i], unitsOf: i), by: .yogurt2Plus1, ignoringRestrictions: true)
        }
    }

    /// 2 pastries + coffee for 399.00 (priority 125), as many sets as the receipt makes, each
    /// from the most expensive units left; a set's discount is spread over its lines by the value
    /// they bring.
    mutating func breakfastCombo() {
        unitRuns(.pastry)
        unitRuns(.coffee, second: true)
        guard !runs.isEmpty, !runs2.isEmpty else { return }
        perLine.removeAll(keepingCapacity: true) // units used by earlier sets
        perLine.append(contentsOf: repeatElement(0, count: count))
        perLine2.removeAll(keepingCapacity: true) // units taken by the set being made
        perLine2.append(contentsOf: repeatElement(0, count: count))
        setLines.removeAll(keepingCapacity: true)
        var applied = false
        while true {
            for i in setLines { perLine2[i] = 0 }
            setLines.removeAll(keepingCapacity: true)
            weights.removeAll(keepingCapacity: true)
            var value: Int64 = 0
            guard take(2, from: runs, value: &value), take(1, from: runs2, value: &value) else { break }
            for i in setLines { perLine[i] += perLine2[i] }
            let discount = value - 399_00
            guard discount > 0 else { continue }
            capacities.removeAll(keepingCapacity: true)
            capacities.append(contentsOf: repeatElement(.max, count: setLines.count))
            _ = allocate(discount)
            for (k, i) in setLines.enumerated() where give(i, shares[k], by: .breakfastCombo) > 0 { applied = true }
        }
        if applied { outcome.messages.append("Breakfast combo: 2 pastries and a coffee for 399.00") }
    }

    /// Takes `need` units for the set being made from `pool`, the most expensive free ones.
    mutating func take(_ need: Int64, from pool: [Run], value: inout Int64) -> Bool {
        var need = need
        for run in pool where need > 0 {
            let free = run.count - perLine[run.line] - perLine2[run.line]
            guard free > 0 else { continue }
            let n = min(need, free)
            if perLine2[run.line] == 0 {
                setLines.append(run.line)
                weights.append(0)
            }
            perLine2[run.line] += n
            let k = setLines.lastIndex(of: run.line)!
            weights[k] += run.value * n
            value += run.value * n
            need -= n
        }
        return need == 0
    }

    /// 25% off chocolate (priority 135) or 15% of sweets back in bonuses for card holders
    /// (priority 145), whichever is worth more to the customer; the discount among equals.
    mutating func bestOfSweets(_ customer: Customer?) {
        var hasChocolate = false
        var discount: Int64 = 0
        for i in 0..<count where lines[i].kinds.contains(.chocolate) {
            hasChocolate = true
            if !lines[i].locked { discount += min(percent(lines[i].current, 25), max(0, lines[i].current - lines[i].floor)) }
        }
        let bonusApplies = customer?.card == true
        var bonus: Int64 = 0
        if bonusApplies {
            for i in 0..<count where lines[i].kinds.contains(.sweets) { bonus += lines[i].current }
            bonus = percent(bonus, 15)
        }
        if hasChocolate && discount > 0 && !(bonusApplies && bonus > discount) {
            percentOff(.chocolate, 25, by: .chocolateSale)
        } else if bonusApplies {
            pendingBonus.append(.sweetsBonus)
        }
    }

    /// Fruit: 10% off (priority 1205).
    mutating func fruitSale() {
        percentOff(.fruit, 10, by: .fruitSale)
    }

    /// Bakery: 20% off on weekdays from 08:00 to 12:00, not in discounters (priority 2205).
    mutating func morningBakery(_ receipt: Receipt) {
        guard receipt.minute >= 8 * 60, receipt.minute < 12 * 60 else { return }
        guard DayCount.weekday(of: receipt.date) <= 4 else { return } // Monday 0 … Friday 4
        guard let format = receipt.store.format, format != "Discounter" else { return }
        percentOff(.bakery, 20, by: .morningBakery)
    }

    /// 25% off household goods with a `HOME-…` coupon on 500.00 of them, once a day per
    /// customer; bonuses cannot pay for them then (priority 3205).
    mutating func homeCoupon(_ receipt: Receipt) {
        guard let customer = receipt.customer else { return }
        guard let code = receipt.coupons.first(where: HandWrittenPromos.isHomeCoupon) else { return }
        if let usage = customer.usage[Promo.homeCoupon.name], usage.day >= 1 { return }
        guard sum(.household) >= 500_00 else { return }
        guard percentOff(.household, 25, by: .homeCoupon) > 0 else { return }
        for i in 0..<count where lines[i].kinds.contains(.household) { lines[i].noRedemption = true }
        outcome.coupons.append(code)
    }

    /// `HOME-` and anything, in any case.
    static func isHomeCoupon(_ code: String) -> Bool {
        var bytes = code.utf8.makeIterator()
        for expected in "HOME-".utf8 {
            guard let b = bytes.next() else { return false }
            // ASCII letters to upper case.
            let upper = b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") ? b - 32 : b
            if upper != expected { return false }
        }
        return true
    }

    /// 200.00 off a receipt from 3000.00, spread over every line but alcohol and tobacco
    /// (priority 4905).
    mutating func bigBasket() {
        guard total() >= 3000_00 else { return }
        setLines.removeAll(keepingCapacity: true)
        weights.removeAll(keepingCapacity: true)
        capacities.removeAll(keepingCapacity: true)
        var base: Int64 = 0
        for i in 0..<count where !lines[i].kinds.contains(.alcohol) && !lines[i].kinds.contains(.tobacco) && !lines[i].locked {
            setLines.append(i)
            weights.append(lines[i].current)
            capacities.append(max(0, lines[i].current - lines[i].floor))
            base += lines[i].current
        }
        let amount = min(200_00, base)
        guard amount > 0 else { return }
        _ = allocate(amount)
        var saved: Int64 = 0
        for (k, i) in setLines.enumerated() { saved += give(i, shares[k], by: .bigBasket) }
        if saved > 0 {
            var text = "Big basket: you saved "
            text.reserveCapacity(40)
            HandWrittenPromos.appendMoney(saved, to: &text)
            outcome.messages.append(text)
        }
    }

    /// 2% bonuses on all but alcohol and tobacco, for card holders with 2 purchases in 90 days,
    /// on a receipt from 1000.00 (priority 4915).
    mutating func cardBonus(_ customer: Customer?) {
        guard let customer, customer.card else { return }
        guard case .number(let purchases)? = customer.facts["purchases(last 90 days)"], purchases >= 2 else { return }
        guard total() >= 1000_00 else { return }
        pendingBonus.append(.cardBonus)
    }

    // MARK: - After the promos

    mutating func finish(_ receipt: Receipt) {
        let final = total()
        outcome.finalTotal = final
        outcome.finalAmounts.removeAll(keepingCapacity: true)
        for line in lines { outcome.finalAmounts.append(line.current) }
        // Bonuses on the final amounts (no promo here forbids accrual on a line).
        for promo in pendingBonus {
            var base: Int64 = 0
            let points: Int64
            switch promo {
            case .sweetsBonus:
                for i in 0..<count where lines[i].kinds.contains(.sweets) { base += lines[i].current }
                points = percent(base, 15)
            default:
                for i in 0..<count where !lines[i].kinds.contains(.alcohol) && !lines[i].kinds.contains(.tobacco) {
                    base += lines[i].current
                }
                points = percent(base, 2)
            }
            guard points > 0 else { continue }
            let expires = promo == .cardBonus ? DayCount.date(DayCount.number(of: receipt.date) + 90) : nil
            outcome.accruals.append(Accrual(promo: promo, points: points, expires: expires))
        }
        // Bonus payment: the lines that allow it, at most 30% of the receipt and the balance.
        outcome.redeemable = 0
        outcome.redeemed = 0
        guard let customer = receipt.customer else { return }
        var allowed: Int64 = 0
        for i in 0..<count where !lines[i].noRedemption { allowed += lines[i].current }
        var most = min(allowed, percent(final, 30))
        if let balance = customer.bonusBalance { most = min(most, max(0, balance)) }
        outcome.redeemable = max(0, most)
        outcome.redeemed = min(max(0, receipt.redeem ?? 0), outcome.redeemable)
    }

    /// Kopecks as roubles: `20000` is `200.00`.
    static func appendMoney(_ kopecks: Int64, to text: inout String) {
        let cents = kopecks % 100
        text += String(kopecks / 100)
        text += cents < 10 ? ".0" : "."
        text += String(cents)
    }

    // MARK: - Spreading an amount over lines

    /// Splits `amount` over `setLines` in proportion to `weights`, never past `capacities`, into
    /// `shares`: each round gives every line with room its share rounded down and the kopecks
    /// left to the largest remainders (the earlier line among equals); what a full line cannot
    /// take goes round again. Returns what no line had room for.
    mutating func allocate(_ amount: Int64) -> Int64 {
        let n = weights.count
        shares.removeAll(keepingCapacity: true)
        shares.append(contentsOf: repeatElement(0, count: n))
        var left = amount
        while left > 0 {
            var weightSum: Int64 = 0
            for k in 0..<n where capacities[k] - shares[k] > 0 && weights[k] > 0 { weightSum += weights[k] }
            if weightSum == 0 { break }
            remainders.removeAll(keepingCapacity: true)
            remainders.append(contentsOf: repeatElement(-1, count: n))
            rounds.removeAll(keepingCapacity: true)
            rounds.append(contentsOf: repeatElement(0, count: n))
            var placed: Int64 = 0
            for k in 0..<n where capacities[k] - shares[k] > 0 && weights[k] > 0 {
                let product = left * weights[k]
                rounds[k] = product / weightSum
                remainders[k] = product - rounds[k] * weightSum
                placed += rounds[k]
            }
            // The kopecks left go to the largest remainders, the earlier line first among equals.
            var extra = left - placed
            if extra > 0 {
                order.removeAll(keepingCapacity: true)
                for k in 0..<n where remainders[k] >= 0 {
                    var j = order.count
                    order.append(k)
                    while j > 0, remainders[order[j - 1]] < remainders[k] {
                        order[j] = order[j - 1]
                        j -= 1
                    }
                    order[j] = k
                }
                for k in order where extra > 0 {
                    rounds[k] += 1
                    extra -= 1
                }
            }
            var overflow: Int64 = 0
            for k in 0..<n where rounds[k] > 0 {
                let given = min(rounds[k], capacities[k] - shares[k])
                shares[k] += given
                overflow += rounds[k] - given
            }
            if overflow == left { break }
            left = overflow
        }
        return left
    }
}

/// Calendar days as numbers (days since 1970-01-01), without Foundation.
enum DayCount {
    static func number(of d: LocalDate) -> Int {
        let y = d.month <= 2 ? d.year - 1 : d.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((d.month + 9) % 12) + 2) / 5 + d.day - 1
        return era * 146_097 + yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear - 719_468
    }

    static func date(_ n: Int) -> LocalDate {
        let z = n + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return LocalDate(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// Monday 0 … Sunday 6 (1970-01-01 was a Thursday).
    static func weekday(of d: LocalDate) -> Int {
        ((number(of: d) % 7) + 7 + 3) % 7
    }
}
