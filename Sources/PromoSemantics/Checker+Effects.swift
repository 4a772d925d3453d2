import PromoDiagnostics
import PromoSyntax

extension Checker {
    static let placeholders = ["name", "saved", "balance", "accrued", "total", "promo", "chips", "coupon"]

    mutating func checkEffect(_ clause: Clause) -> Effect? {
        switch clause.kind {
        case .discount(let d): return checkDiscount(d)
        case .price(let p): return checkFixedPrice(p)
        case .bundle(let b): return checkBundle(b)
        case .buy(let b): return checkBuy(b)
        case .round(let r):
            guard let step = positiveMoney(r.step, what: "a rounding step") else { return nil }
            let scope = r.scope.map { checkItems($0, itemsScope) }
            return .round(mode: r.mode, step: step, scope: scope)
        case .accrue(let a): return checkAccrual(a)
        case .redeem(let amount, let unit):
            guard unit.text == "chip" || unit.text == "chips" else {
                report(Diagnostic(.unknownWord, "only chips can be redeemed by a promo", at: unit.span, label: "not `chips`",
                                  help: "write `redeem 20 chips`; bonus payment is the customer's choice at the till"))
                return nil
            }
            return constantCount(amount, what: "a number of chips").map(Effect.redeemChips)
        case .gift(let count, let items):
            let n = count.map { constantCount($0, what: "a number of gifts") } ?? 1
            let set = checkItems(items, itemsScope)
            guard case .sku = set else {
                report(Diagnostic(.typeMismatch, "a gift is one SKU", at: items.span, label: "not a single SKU",
                                  help: "name the product the till adds: `gift sku 5001`"))
                return nil
            }
            guard let n else { return nil }
            return .gift(count: n, items: set)
        case .issue(let i): return checkIssue(i)
        default: return nil
        }
    }

    var itemsScope: Scope { Scope(kind: .receipt, place: "an item set") }

    /// A discount amount: a percent within 0%..100% or a positive amount of money.
    /// `what` names the amount without an article: "discount", "coupon's discount".
    mutating func discountAmount(_ expr: Expr, what: String = "discount") -> Amount? {
        // No expected type: a bare `20` must say "percent or money", not just "money".
        let typed = check(expr, Scope(kind: .constant, place: "a " + what))
        if typed.type == .error { return nil }
        switch typed.value {
        case .constant(.percent(let p)):
            guard p >= .zero, p <= .hundred else {
                report(Diagnostic(.percentOutOfRange, "a percent \(what) must be between 0% and 100%", at: reportSpan(expr),
                                  label: "\(p.description) is out of range",
                                  help: p > .hundred ? "a discount above 100% would pay the customer; for a fixed price use `price`" : nil))
                return nil
            }
            return .percent(p)
        case .constant(.money(let m)):
            guard m.minor > 0 else {
                report(Diagnostic(.notPositive, "a \(what) must be more than zero", at: reportSpan(expr), label: "not positive"))
                return nil
            }
            return .money(m)
        case .parameter:
            return nil
        default:
            let example = if case .constant(.count(let i)) = typed.value { "(`\(i)%` or `\(i).00`)" } else { "(`20%` or `20.00`)" }
            report(Diagnostic(.discountNeedsAmount, "a \(what) needs a percent or money \(example)",
                              at: reportSpan(expr), label: "this is \(typed.type.phrase)",
                              help: "write `%` after a percent, or the decimals of an amount"))
            return nil
        }
    }

    mutating func positiveMoney(_ expr: Expr, what: String, allowZero: Bool = false) -> Money? {
        let typed = check(expr, Scope(kind: .constant, place: what), as: .money, what: "money for \(what)")
        guard case .money(let m)? = typed.constant else { return nil }
        guard m.minor > 0 || (allowZero && m.minor == 0) else {
            report(Diagnostic(.notPositive, "\(what) must be more than zero", at: reportSpan(expr), label: "not positive"))
            return nil
        }
        return m
    }

    mutating func checkTarget(_ target: TargetSyntax) -> Target? {
        switch target {
        case .receipt(let except, _):
            return .receipt(except: except.map { checkItems($0, itemsScope) })
        case .items(let expr):
            return .lines(checkItems(expr, itemsScope))
        case .pick(let count, let order, let items):
            let n = constantCount(count, what: "the number of items picked")
            let set = checkItems(items, itemsScope)
            guard let n else { return nil }
            return .pick(count: n, order: order == .cheapest ? .cheapest : .mostExpensive, items: set)
        }
    }

    mutating func checkDiscount(_ d: DiscountSyntax) -> Effect? {
        let amount = discountAmount(d.amount)
        let target = checkTarget(d.target)
        if d.perUnit {
            if case .percent? = amount {
                report(Diagnostic(.clauseNotAllowed, "`each` goes with an amount of money", at: d.amount.span,
                                  label: "a percent is already per unit", help: "remove `each`"))
                return nil
            }
            if case .receipt? = target {
                report(Diagnostic(.clauseNotAllowed, "a receipt discount cannot be `each`", at: d.amount.span,
                                  label: "per unit of what?", help: "remove `each`, or name the items"))
                return nil
            }
        }
        guard let amount, let target else { return nil }
        return .discount(amount: amount, perUnit: d.perUnit, target: target)
    }

    mutating func checkFixedPrice(_ p: PriceSyntax) -> Effect? {
        let price = positiveMoney(p.amount, what: "a price", allowZero: true)
        let target = checkTarget(p.target)
        if case .receipt? = target {
            report(Diagnostic(.clauseNotAllowed, "a fixed price is for items, not the receipt", at: p.amount.span,
                              label: "price of what?", help: "name the items: `price 59.90 on sku 1001`"))
            return nil
        }
        let chips = p.chips.map { constantCount($0, what: "a number of chips") } ?? nil
        guard let price, let target else { return nil }
        return .fixedPrice(price: price, target: target, chips: chips)
    }

    mutating func checkBundle(_ b: BundleSyntax) -> Effect? {
        var components: [BundleComponentModel] = []
        var ok = true
        for component in b.components {
            let count = constantCount(component.count, what: "a bundle component's count")
            let items = checkItems(component.items, itemsScope)
            if let count { components.append(BundleComponentModel(count: count, items: items)) } else { ok = false }
        }
        let price = positiveMoney(b.price, what: "a bundle price")
        guard ok, let price, !components.isEmpty else { return nil }
        return .bundle(components: components, price: price, repeating: !b.once)
    }

    mutating func checkBuy(_ b: BuySyntax) -> Effect? {
        let buy = constantCount(b.count, what: "the number to buy")
        let of = checkItems(b.items, itemsScope)
        let get = constantCount(b.getCount, what: "the number to get")
        let getOf = b.getItems.map { checkItems($0, itemsScope) }
        var reward: Reward?
        switch b.reward {
        case .free: reward = .free
        case .percentOff(let expr):
            // Only a percent comes off; a price is written `for 1.00`.
            let typed = check(expr, Scope(kind: .constant, place: "a reward"), as: .percent, what: "a percent, like `50%`")
            if case .percent(let p)? = typed.constant {
                if p < .zero || p > .hundred {
                    report(Diagnostic(.percentOutOfRange, "a percent reward must be between 0% and 100%", at: reportSpan(expr),
                                      label: "\(p.description) is out of range",
                                      help: p > .hundred ? "more than 100% off would pay the customer; for a fixed price write `for 1.00`" : nil))
                } else {
                    reward = .percentOff(p)
                }
            }
        case .price(let expr):
            reward = positiveMoney(expr, what: "a reward price", allowZero: true).map(Reward.price)
        }
        guard let buy, let get, let reward else { return nil }
        return .buyGet(buy: buy, of: of, get: get, getOf: getOf, reward: reward,
                       order: b.order == .cheapest ? .cheapest : .mostExpensive, repeating: !b.once)
    }

    mutating func checkAccrual(_ a: AccrueSyntax) -> Effect? {
        let currency: LoyaltyCurrency
        switch a.unit.text {
        case "bonus", "bonuses": currency = .bonus
        case "chip", "chips": currency = .chips
        default:
            report(Diagnostic(.unknownWord, "unknown loyalty currency `\(a.unit.text)`", at: a.unit.span,
                              label: "not `bonus` or `chips`",
                              help: Suggestions.didYouMean(a.unit.text, among: ["bonus", "bonuses", "chip", "chips"]) ?? "write `bonus` or `chips`"))
            return nil
        }
        let typed = check(a.amount, Scope(kind: .constant, place: "an accrual"))
        var amount: AccrualAmount?
        switch typed.value {
        case .constant(.percent(let p)):
            if a.perStep != nil {
                report(Diagnostic(.typeMismatch, "`per` goes with a number of points, not a percent", at: a.amount.span,
                                  label: "a percent", help: "write `accrue 1 chip per 500.00`"))
            } else if currency == .chips {
                report(Diagnostic(.typeMismatch, "chips are accrued in whole numbers, not percents", at: a.amount.span,
                                  label: "a percent", help: "write `accrue 1 chip per 500.00 of total`"))
            } else if p <= .zero || p > .hundred {
                report(Diagnostic(.percentOutOfRange, "a percent accrual must be above 0% and at most 100%", at: reportSpan(a.amount),
                                  label: "\(p.description) is out of range"))
            } else {
                amount = .percent(p)
            }
        case .constant(.count), .constant(.money):
            var points: Int64 = 0
            if case .constant(.count(let n)) = typed.value {
                // Bonus points are kept in minor units, like money: 500 bonus is 500.00.
                let (scaled, overflow) = n.multipliedReportingOverflow(by: currency == .bonus ? Int64(pow10(moneyDecimals)) : 1)
                if overflow { _ = tooLarge(a.amount); return nil }
                points = scaled
            }
            if case .constant(.money(let m)) = typed.value {
                guard currency == .bonus else {
                    report(Diagnostic(.typeMismatch, "chips are whole", at: a.amount.span, label: "a fraction"))
                    return nil
                }
                points = m.minor
            }
            guard points > 0 else { return notPositiveEffect(a.amount, "an accrual") }
            if let stepExpr = a.perStep {
                guard let step = positiveMoney(stepExpr, what: "the step of an accrual") else { return nil }
                amount = .perStep(points: points, step: step, basis: a.perBasis.map { checkItems($0, itemsScope) })
            } else {
                amount = .points(points)
            }
        case .parameter, .invalid:
            return nil
        default:
            report(Diagnostic(.typeMismatch, "an accrual is a number of points or a percent, found \(typed.type.phrase)",
                              at: a.amount.span, label: "this is \(typed.type.phrase)", help: "write `accrue 500 bonus` or `accrue 3% bonus`"))
            return nil
        }
        let scope = a.scope.map { checkItems($0, itemsScope) }
        let activates = a.activatesAfter.flatMap { days($0, what: "an activation delay") }
        let expires = a.expiresAfter.flatMap { days($0, what: "an expiry") }
        guard let amount else { return nil }
        return .accrue(Accrual(currency: currency, amount: amount, scope: scope, activatesAfter: activates,
                               expiresAfter: expires, excludingRedeemed: a.excludingRedeemed))
    }

    func pow10(_ n: Int) -> Int { (0..<n).reduce(1) { r, _ in r * 10 } }

    mutating func notPositiveEffect(_ expr: Expr, _ what: String) -> Effect? {
        report(Diagnostic(.notPositive, "\(what) must be more than zero", at: reportSpan(expr), label: "not positive"))
        return nil
    }

    /// A duration in days, weeks, months or years.
    mutating func days(_ expr: Expr, what: String) -> Duration? {
        guard case .duration(let d)? = constant(expr, [.duration], what: "a duration for \(what)") else { return nil }
        guard d.unit != .minutes, d.unit != .hours else {
            report(Diagnostic(.typeMismatch, "\(what) counts days, weeks, months or years", at: expr.span,
                              label: "\(d.unit.rawValue) are too fine"))
            return nil
        }
        guard d.amount >= 0 else {
            report(Diagnostic(.notPositive, "\(what) cannot be negative", at: expr.span, label: "negative"))
            return nil
        }
        return d
    }

    mutating func checkIssue(_ i: IssueSyntax) -> Effect? {
        let code = constantString(i.code, what: "a coupon code")
        let discount = discountAmount(i.discount, what: "coupon discount")
        let scope = i.scope.map { checkItems($0, itemsScope) }
        let valid = i.valid.flatMap { days($0, what: "a coupon's validity") }
        guard let code, let discount else { return nil }
        return .issueCoupon(IssuedCoupon(code: code, discount: discount, scope: scope, valid: valid))
    }

    // MARK: - Messages and counters

    mutating func checkMessage(_ target: Identifier, _ text: Expr) -> Message? {
        let where_ = word(target, as: MessageTarget.self, what: "`slip`, `cashier` or `display`")
        guard case .string(let raw) = text.kind else {
            _ = constantString(text, what: "a message")
            return nil
        }
        guard let parts = messageParts(raw, text) else { return nil }
        guard let where_ else { return nil }
        return Message(target: where_, parts: parts)
    }

    /// Splits a message into text and `{placeholders}`; `\{` and `\}` are literal braces.
    mutating func messageParts(_ raw: String, _ expr: Expr) -> [MessagePart]? {
        var parts: [MessagePart] = []
        var text = ""
        var chars = Array(raw)
        var i = 0
        var ok = true
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count, chars[i + 1] == "{" || chars[i + 1] == "}" {
                text.append(chars[i + 1])
                i += 2
                continue
            }
            if c == "{" {
                guard let close = chars[(i + 1)...].firstIndex(of: "}") else {
                    report(Diagnostic(.unknownPlaceholder, "a `{` in the message is never closed", at: expr.span,
                                      label: "unclosed `{`", help: "write `\\{` for a brace, or close the placeholder: `{saved}`"))
                    return nil
                }
                let name = String(chars[(i + 1)..<close])
                if !Checker.placeholders.contains(name) {
                    report(Diagnostic(.unknownPlaceholder, "unknown placeholder `{\(name)}` in the message", at: placeholderSpan(name, in: expr),
                                      label: "not a placeholder",
                                      help: Suggestions.didYouMean("{\(name)}", among: Checker.placeholders.map { "{\($0)}" })
                                        ?? "placeholders are " + Checker.placeholders.map { "`{\($0)}`" }.joined(separator: ", ")))
                    ok = false
                }
                if !text.isEmpty { parts.append(.text(text)) }
                text = ""
                parts.append(.placeholder(name))
                i = close + 1
                continue
            }
            text.append(c)
            i += 1
        }
        chars = []
        if !text.isEmpty { parts.append(.text(text)) }
        return ok ? parts : nil
    }

    /// Where `{name}` is written inside a message literal; the whole literal when it is not found as such.
    func placeholderSpan(_ name: String, in expr: Expr) -> Span {
        let bytes = sources[expr.span.file].bytes
        let needle = Array("{\(name)}".utf8)
        var i = Int(expr.span.start)
        while i + needle.count <= Int(expr.span.end) {
            if bytes[i..<(i + needle.count)].elementsEqual(needle), i == 0 || bytes[i - 1] != UInt8(ascii: "\\") {
                return Span(file: expr.span.file, start: Int32(i), end: Int32(i + needle.count))
            }
            i += 1
        }
        return expr.span
    }

    mutating func checkCounterUpdate(_ update: CounterUpdate) -> CounterChange? {
        countersWritten.insert(update.name.text)
        let typed = check(update.value, Scope(kind: .receipt, place: "a counter change"), as: .quantity,
                          what: "a quantity or whole number")
        if typed.type == .error { return nil }
        return CounterChange(name: update.name.text, op: update.op, value: typed.value)
    }

    /// A counter read but never changed is always zero.
    mutating func checkCounters() {
        for (name, span) in countersRead.sorted(by: { $0.key < $1.key }) where !countersWritten.contains(name) {
            report(Diagnostic(.unusedCounter, "counter `\(name)` is read but never changed", at: span,
                              label: "always as the customer's state says",
                              help: Suggestions.didYouMean(name, among: countersWritten)
                                ?? "change it in a promo: `counter \(name) += qty(…)`"))
        }
    }

    mutating func checkLock(_ lock: LockSyntax) -> Lock {
        var kinds: Set<LockKind> = []
        for word in lock.what {
            if let kind = self.word(word, as: LockKind.self, what: "`discounts`, `accrual` or `redemption`") { kinds.insert(kind) }
        }
        return Lock(kinds: kinds, scope: lock.scope.map { checkItems($0, itemsScope) })
    }

    mutating func checkForbid(_ forbid: ForbidSyntax) -> Forbid? {
        guard let kind = word(forbid.what, as: ForbidKind.self, what: "`redeem` or `accrue`") else { return nil }
        return Forbid(kind: kind, scope: forbid.scope.map { checkItems($0, itemsScope) })
    }
}
