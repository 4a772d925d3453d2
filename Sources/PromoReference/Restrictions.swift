import PromoSemantics
import PromoVM

extension Evaluation {
    /// BRIEF step 4 and mechanics.md, "Restrictions": before any promo runs, every restriction
    /// whose own clauses hold for the receipt raises line floors and sets the receipt's caps:
    /// - `price >= P` / `price >= line.min_price`: a floor of min(original amount, P × qty half
    ///   up) on each line of its scope;
    /// - `discount <= N%`: a floor of original − N% of original (half up); `discount <= M`:
    ///   original − M, not below zero;
    /// - `discount <= N% of total`: an allowance of N% of the original total (of the scope's
    ///   lines with `on ITEMS`), shared by every discount;
    /// - `redeem <= …`: a cap on the bonus payment, applied at the end;
    /// - `qty <= N per …`: a budget of N units less those the server reports for the period.
    /// Of two floors on a line the higher holds, and names its restriction; of two equal ones,
    /// the restriction whose name comes first names it (mechanics.md: which restriction a
    /// clamp names must not depend on the order of the files).
    func applyRestrictions() {
        let originalTotal = Exact.sum(original)
        for (r, restriction) in program.restrictions.enumerated() {
            let unit = units.restrictions[r]
            run = UnitRun(unit: unit)
            guard eligibility(restriction.eligibility, unit: unit, name: restriction.name, needsCustomer: false) == nil else {
                continue
            }
            for rule in restriction.rules {
                switch (rule.subject, bound(of: rule)) {
                case (.price, .money(let price)?):
                    for i in lineIndices(rule.scope) {
                        raiseFloor(i, to: min(original[i], Exact.amount(price: price, quantity: quantity[i])), by: unit)
                    }
                case (.price, .lineMinPrice?):
                    for i in lineIndices(rule.scope) {
                        guard let price = lines[i].minPrice else { continue }
                        raiseFloor(i, to: min(original[i], Exact.amount(price: price, quantity: quantity[i])), by: unit)
                    }
                case (.discount, .percent(let p)?):
                    for i in lineIndices(rule.scope) { raiseFloor(i, to: original[i] - Exact.percent(original[i], p), by: unit) }
                case (.discount, .money(let m)?):
                    for i in lineIndices(rule.scope) { raiseFloor(i, to: max(0, original[i] - m), by: unit) }
                case (.discount, .percentOfTotal(let p)?):
                    if let scope = rule.scope {
                        let scopeTotal = Exact.sum(lineIndices(scope).map { original[$0] })
                        sheet.caps.append(Budget(scope: scope, remaining: Exact.percent(scopeTotal, p), unit: unit))
                    } else {
                        let cap = Exact.percent(originalTotal, p)
                        // (Of two equal allowances, the restriction named first names it.)
                        if cap < sheet.allowance || (cap == sheet.allowance && sheet.allowanceSource.map {
                            restrictionName(unit) < restrictionName($0) } ?? false) {
                            sheet.allowance = cap
                            sheet.allowanceSource = unit
                        }
                    }
                case (.redeem, .percent(let p)?), (.redeem, .percentOfTotal(let p)?):
                    redeemCaps.append((unit, p, nil, rule.scope))
                case (.redeem, .money(let m)?):
                    redeemCaps.append((unit, nil, m, rule.scope))
                case (.redeem, _?):
                    break
                case (.qty, let b?):
                    // A budget per customer starts from the units the customer took before; one
                    // per receipt (or without a customer) from nothing.
                    var used: Int64 = 0
                    if let per = rule.per, per.per == .customer, let usage = customer?.usage[restriction.name] {
                        used = Evaluation.used(usage, units: true, period: per.period)
                    }
                    sheet.budgets.append(Budget(scope: rule.scope, remaining: max(0, b.number - used), unit: unit))
                default:
                    break
                }
            }
        }
    }

    /// What a restriction rule's bound is.
    enum Bound {
        case money(Int64)
        case percent(Int64)
        case quantity(Int64)
        case lineMinPrice
        case percentOfTotal(Int64)

        var number: Int64 {
            switch self {
            case .money(let n), .percent(let n), .quantity(let n), .percentOfTotal(let n): n
            case .lineMinPrice: 0
            }
        }
    }

    func bound(of rule: RestrictionRule) -> Bound? {
        switch rule.bound {
        case .constant(.money(let m)): .money(m.minor)
        case .constant(.percent(let p)): .percent(p.millionths)
        case .constant(.quantity(let q)): .quantity(q.milli)
        case .constant(.count(let n)): .quantity(Exact.times(n, 1000))
        case .line(.min_price): .lineMinPrice
        case .percentOf(.constant(.percent(let p)), .receiptTotal): .percentOfTotal(p.millionths)
        default: nil
        }
    }

    func raiseFloor(_ i: Int, to floor: Int64, by restriction: Int) {
        if floor > floorRestricted[i] {
            floorRestricted[i] = floor
            floorSource[i] = restriction
        } else if floor == floorRestricted[i], let source = floorSource[i], restrictionName(restriction) < restrictionName(source) {
            floorSource[i] = restriction
        }
    }

    /// The name of the restriction numbered `unit`.
    func restrictionName(_ unit: Int) -> String {
        guard let r = units.restrictions.firstIndex(of: unit) else { return "" }
        return program.restrictions[r].name
    }
}
