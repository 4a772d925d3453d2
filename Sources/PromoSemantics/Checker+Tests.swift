import PromoDiagnostics
import PromoSyntax

extension Checker {
    static let receiptAttributes = ["at", "store", "format", "region", "city", "group", "channel", "customer", "card",
                                    "coupon", "code", "balance", "redeem", "chips", "name"]
    static let lineAttributes = ["sku", "name", "category", "brand", "price", "qty", "excise", "weighed", "min_price", "flag"]
    static let flagAttributes: Set<String> = ["card", "excise", "weighed"]

    mutating func checkTest(_ syntax: TestSyntax) -> TestCase? {
        var test = TestCase(name: syntax.name.text, nameSpan: syntax.name.span, receipt: ReceiptSpec(), lines: [],
                            givens: [], expectations: [])
        var receiptSpan: Span?
        var sawTime = false
        var ok = true
        for clause in syntax.clauses {
            switch clause.kind {
            case .receipt(let attributes):
                if let first = receiptSpan {
                    report(Diagnostic(.duplicateClause, "`receipt` is given twice", at: clause.keyword.span,
                                      label: "second `receipt`").with(first, "first given here")
                        .help("a test has one receipt; put all its attributes on that line"))
                    continue
                }
                receiptSpan = clause.span
                sawTime = checkReceipt(attributes, into: &test.receipt) || sawTime
            case .line(let attributes):
                if let line = checkLine(attributes, clause.span) { test.lines.append(line) } else { ok = false }
            case .given(let fact, let value):
                if let given = checkGiven(fact, value) { test.givens.append(given) } else { ok = false }
            case .expect(let expectation):
                if let checked = checkExpectation(expectation) { test.expectations.append((checked, clause.span)) } else { ok = false }
            case .error:
                ok = false
            default:
                report(Diagnostic(.clauseNotAllowed, "`\(clause.keyword.text)` is not a clause of a test", at: clause.keyword.span,
                                  label: "not allowed here", help: "a test has `receipt`, `line`, `given` and `expect`"))
                ok = false
            }
        }
        if receiptSpan == nil || !sawTime || (test.lines.isEmpty && ok) {
            let what = receiptSpan == nil ? "no `receipt`" : !sawTime ? "no receipt time" : "no lines"
            report(Diagnostic(.testWithoutReceipt, "test \(quoted(syntax.name.text)) has \(what)", at: syntax.name.span,
                              label: "what receipt does it check?",
                              help: "give the receipt and its lines: `receipt at 2026-12-02 10:00 store 751` and `line sku 1042 price 100.00 qty 6`"))
            ok = false
        }
        if test.expectations.isEmpty && !syntax.clauses.contains(where: { if case .expect = $0.kind { true } else { false } }) {
            report(Diagnostic(.testWithoutExpectation, "test \(quoted(syntax.name.text)) expects nothing", at: syntax.name.span,
                              label: "no `expect`", help: "say what must come out: `expect discount 120.00 by dairy_week`"))
            ok = false
        }
        return ok ? test : nil
    }

    /// Checks the attribute's value against `type`; reports a missing one.
    mutating func attributeValue(_ attribute: Attribute, _ type: ValueType, what: String) -> Constant? {
        guard let expr = attribute.value else {
            report(Diagnostic(.expectedToken, "`\(attribute.name.text)` needs a value", at: attribute.name.span,
                              label: "expected \(what) after it"))
            return nil
        }
        return constant(expr, [type], what: what)
    }

    mutating func unknownAttribute(_ attribute: Attribute, of what: String, known: [String]) {
        report(Diagnostic(.unknownWord, "unknown \(what) attribute `\(attribute.name.text)`", at: attribute.name.span,
                          label: "not an attribute of a \(what)",
                          help: Suggestions.didYouMean(attribute.name.text, among: known)
                            ?? "a \(what) has " + known.map { "`\($0)`" }.joined(separator: ", ")))
    }

    mutating func flagWithValue(_ attribute: Attribute) -> Bool {
        guard let value = attribute.value else { return true }
        report(Diagnostic(.extraInput, "`\(attribute.name.text)` takes no value", at: value.span, label: "not expected",
                          help: "write just `\(attribute.name.text)`"))
        return false
    }

    /// Returns whether the receipt's time was given.
    mutating func checkReceipt(_ attributes: [Attribute], into receipt: inout ReceiptSpec) -> Bool {
        var sawTime = false
        for attribute in attributes {
            let name = attribute.name.text
            switch name {
            case "at":
                switch attributeValue(attribute, .dateTime, what: "a date and time, like `2026-12-02 10:00`") {
                case .dateTime(let d, let t)?:
                    receipt.date = d
                    receipt.time = t
                    receipt.at = Int64(d.dayNumber) * 1440 + Int64(t.minutes)
                    sawTime = true
                default:
                    sawTime = true // reported
                }
            case "store", "customer", "chips":
                if case .count(let n)? = attributeValue(attribute, .count, what: "a number") {
                    switch name {
                    case "store": receipt.store = n
                    case "customer": receipt.customer = n
                    default: receipt.chips = n
                    }
                }
            case "format", "region", "city", "group", "coupon", "code", "name":
                if case .string(let s)? = attributeValue(attribute, .string, what: "text in quotes") {
                    switch name {
                    case "name": receipt.customerName = s
                    case "format": receipt.format = s
                    case "region": receipt.region = s
                    case "city": receipt.city = s
                    case "group": receipt.groups.append(s)
                    case "coupon": receipt.coupons.append(s)
                    default: receipt.codes.append(s)
                    }
                }
            case "channel":
                guard let value = attribute.value, case .name(let word) = value.kind else {
                    report(Diagnostic(.expectedToken, "`channel` needs a channel name", at: attribute.name.span,
                                      label: "expected `pos`, `sco`, `web`, `app` or `delivery`"))
                    continue
                }
                receipt.channel = checkChannels([word])?.first
            case "card":
                if flagWithValue(attribute) { receipt.card = true }
            case "balance", "redeem":
                if case .money(let m)? = attributeValue(attribute, .money, what: "an amount, like `300.00`") {
                    if name == "balance" { receipt.bonusBalance = m.minor } else { receipt.redeem = m.minor }
                }
            default:
                unknownAttribute(attribute, of: "receipt", known: Checker.receiptAttributes)
            }
        }
        return sawTime
    }

    mutating func checkLine(_ attributes: [Attribute], _ span: Span) -> LineSpec? {
        var line = LineSpec(span: span)
        var sawSku = false, sawPrice = false
        for attribute in attributes {
            let name = attribute.name.text
            switch name {
            case "sku":
                if case .count(let n)? = attributeValue(attribute, .count, what: "a SKU number") { line.sku = n }
                sawSku = true
            case "name", "category", "brand", "flag":
                if case .string(let s)? = attributeValue(attribute, .string, what: "text in quotes") {
                    switch name {
                    case "name": line.name = s
                    case "category":
                        let path = attribute.value.map { normalizedCategory(s, $0) } ?? s
                        line.category = path
                    case "brand": line.brand = s
                    default: line.flags.append(s)
                    }
                }
            case "price", "min_price":
                if case .money(let m)? = attributeValue(attribute, .money, what: "a price, like `100.00`") {
                    if m.minor < 0 {
                        report(Diagnostic(.notPositive, "a price cannot be negative", at: attribute.value?.span ?? attribute.name.span,
                                          label: "negative"))
                    }
                    if name == "price" { line.price = m } else { line.minPrice = m }
                }
                if name == "price" { sawPrice = true }
            case "qty":
                if case .quantity(let q)? = attributeValue(attribute, .quantity, what: "a quantity, like `6` or `0.350 kg`") {
                    guard q.milli > 0 else {
                        report(Diagnostic(.notPositive, "a line's quantity must be more than zero",
                                          at: attribute.value?.span ?? attribute.name.span, label: "not positive"))
                        continue
                    }
                    line.quantity = q
                }
            case "excise":
                if flagWithValue(attribute) { line.excise = true }
            case "weighed":
                if flagWithValue(attribute) { line.weighed = true }
            default:
                unknownAttribute(attribute, of: "line", known: Checker.lineAttributes)
            }
        }
        guard sawSku, sawPrice else {
            report(Diagnostic(.expectedToken, "a line needs \(sawSku ? "a `price`" : "a `sku`")", at: span,
                              label: "missing \(sawSku ? "price" : "sku")", help: "write `line sku 1042 price 100.00 qty 6`"))
            return nil
        }
        return line
    }

    mutating func checkGiven(_ fact: Expr, _ value: Expr?) -> Given? {
        let scope = Scope(kind: .customer, place: "a test's `given`")
        // `given customer in "VIP"`
        if value == nil {
            if case .binary(.in, _, _) = fact.kind, case .membership(let name) = check(fact, scope).value {
                return .membership(name)
            }
            if case .member(let base, let level) = fact.kind, case .name(let program) = base.kind,
               case .tierLevel? = symbols[program.text].map({ _ in check(fact, scope).value }) {
                return .tierLevel(program: program.text, level: level.text)
            }
            report(Diagnostic(.expectedToken, "`given` needs a value", at: fact.span, label: "given what?",
                              help: "write `given customer.purchases(last 90 days) = 3`, `given customer in \"VIP\"` or `given counter coffees = 5`"))
            return nil
        }
        guard let value else { return nil }
        if let usage = usageFact(fact) {
            guard let (unit, period, units) = usage else { return nil }
            let amount: Int64
            if units {
                guard case .quantity(let q)? = constant(value, [.quantity], what: "a quantity, like `3` or `0.350`") else { return nil }
                amount = q.milli
            } else {
                guard let n = constantCount(value, what: "a number of uses", allowZero: true) else { return nil }
                amount = n
            }
            return .usage(unit: unit, period: period, units: units, amount: amount)
        }
        if case .counter(let name) = fact.kind {
            guard case .quantity(let q)? = constant(value, [.quantity], what: "a quantity") else { return nil }
            return .counter(name.text, q)
        }
        let typed = check(fact, scope)
        guard case .fact(let f) = typed.value else {
            if typed.type != .error {
                report(Diagnostic(.typeMismatch, "`given` sets a customer figure or a counter", at: fact.span,
                                  label: "not a figure", help: "write `given customer.days_since_last_purchase = 120`"))
            }
            return nil
        }
        guard let c = constant(value, [f.type == .anniversary ? .date : f.type], what: f.type == .anniversary ? "a date" : f.type.phrase) else { return nil }
        return .fact(f, c)
    }

    /// `PROMO.uses`, `PROMO.uses(week)`, `RESTRICTION.units(day)`: nil when `fact` is not of that
    /// shape, `.some(nil)` when it is but is wrong (reported).
    mutating func usageFact(_ fact: Expr) -> (String, UsagePeriod, Bool)?? {
        var member = fact
        var arguments: [Expr] = []
        if case .call(let callee, let a) = fact.kind {
            member = callee
            arguments = a
        }
        guard case .member(let base, let field) = member.kind, field.text == "uses" || field.text == "units",
              case .name(let name) = base.kind else { return nil }
        guard arguments.count <= 1 else {
            report(Diagnostic(.expectedToken, "a usage count takes one period", at: fact.span, label: "too many arguments",
                              help: "write `given \(name.text).\(field.text)(day) = 1`"))
            return .some(nil)
        }
        let argument = arguments.first
        switch symbols[name.text]?.kind {
        case .promo?, .restriction?:
            break
        case nil:
            report(Diagnostic(.unknownName, "unknown promo or restriction `\(name.text)`", at: name.span, label: "not declared",
                              help: Suggestions.didYouMean(name.text, among: names {
                                  if case .promo = $0.kind { true } else if case .restriction = $0.kind { true } else { false }
                              })))
            return .some(nil)
        default:
            return nil
        }
        var period = UsagePeriod.lifetime
        if let argument {
            guard case .name(let word) = argument.kind, let p = UsagePeriod(rawValue: word.text) else {
                report(Diagnostic(.unknownWord, "a usage count is per `day`, `week`, `month`, `year` or `lifetime`",
                                  at: argument.span, label: "not a period",
                                  help: "write `given \(name.text).\(field.text)(day) = 1`"))
                return .some(nil)
            }
            period = p
        }
        return .some((name.text, period, field.text == "units"))
    }

    /// An optional date of an expectation (`activates 2026-12-03`): an empty one when none is
    /// given, nil when the given one is not a date (reported).
    mutating func optionalDate(_ expr: Expr?) -> OptionalDate? {
        guard let expr else { return OptionalDate(date: nil) }
        if case .date(let d)? = constant(expr, [.date], what: "a date, like `2026-12-03`") { return OptionalDate(date: d) }
        return nil
    }

    /// A promo name in a test: it must be declared.
    mutating func promoName(_ name: Identifier) -> String? {
        if let symbol = symbols[name.text] {
            if case .promo = symbol.kind { return name.text }
            if case .tiers = symbol.kind { return name.text }
            report(Diagnostic(.wrongKindOfName, "`\(name.text)` is \(symbol.phrase), not a promo", at: name.span,
                              label: "not a promo").with(symbol.name.span, "declared here"))
            return nil
        }
        report(Diagnostic(.unknownName, "unknown promo `\(name.text)`", at: name.span, label: "not declared",
                          help: Suggestions.didYouMean(name.text, among: names {
                              if case .promo = $0.kind { true } else if case .tiers = $0.kind { true } else { false }
                          })))
        return nil
    }

    /// `by PROMO` of an expectation: `ok` is false when the name is wrong (reported).
    mutating func byPromo(_ by: Identifier?) -> (ok: Bool, name: String?) {
        guard let by else { return (true, nil) }
        let name = promoName(by)
        return (name != nil, name)
    }

    mutating func money(_ expr: Expr, what: String) -> Money? {
        if case .money(let m)? = constant(expr, [.money], what: what) { return m }
        return nil
    }

    mutating func checkExpectation(_ e: ExpectSyntax) -> Expectation? {
        switch e {
        case .discount(let amount, let by):
            let m = money(amount, what: "an amount, like `120.00`")
            let promo = byPromo(by)
            guard let m, promo.ok else { return nil }
            return .discount(m, by: promo.name)
        case .total(let amount):
            return money(amount, what: "an amount, like `480.00`").map(Expectation.total)
        case .applied(let name):
            return promoName(name).map(Expectation.applied)
        case .notApplied(let name, let because):
            let promo = promoName(name)
            let reason = because.flatMap { constantString($0, what: "a part of the reason, in quotes") }
            guard let promo else { return nil }
            return .notApplied(promo, because: reason)
        case .line(let number, let field, let value, let by):
            guard let n = constantCount(number, what: "a line number") else { return nil }
            let fields: [String: ValueType] = ["price": .money, "discount": .money, "total": .money, "qty": .quantity]
            guard let type = fields[field.text] else {
                report(Diagnostic(.unknownWord, "a line has no expected field `\(field.text)`", at: field.span,
                                  label: "unknown field", help: Suggestions.didYouMean(field.text, among: fields.keys)
                                    ?? "expect a line's `price`, `discount`, `total` or `qty`"))
                return nil
            }
            let promo = byPromo(by)
            guard let c = constant(value, [type], what: type.phrase), promo.ok else { return nil }
            return .lineField(line: Int(n), field: field.text, value: c, by: promo.name)
        case .spent(let amount, let unit, let by):
            guard unit.text == "chips" || unit.text == "chip" else {
                report(Diagnostic(.unknownWord, "only chips are spent on a receipt", at: unit.span, label: "not `chips`",
                                  help: "write `expect spent 20 chips`; bonus payment is `expect redeemable`"))
                return nil
            }
            let n = constantCount(amount, what: "a number of chips", allowZero: true)
            let promo = byPromo(by)
            guard let n, promo.ok else { return nil }
            return .spent(n, by: promo.name)
        case .accrued(let amount, let unit, let by, let activates, let expires):
            let currency: LoyaltyCurrency
            switch unit.text {
            case "bonus", "bonuses": currency = .bonus
            case "chip", "chips": currency = .chips
            default:
                report(Diagnostic(.unknownWord, "unknown loyalty currency `\(unit.text)`", at: unit.span,
                                  label: "not `bonus` or `chips`",
                                  help: Suggestions.didYouMean(unit.text, among: ["bonus", "chips"])))
                return nil
            }
            let promo = byPromo(by)
            let typed = check(amount, Scope(kind: .constant, place: "an accrual"))
            var points: Int64?
            switch typed.value {
            case .constant(.money(let m)): points = m.minor
            case .constant(.count(let n)): points = currency == .bonus ? n * Int64(pow10(moneyDecimals)) : n
            case .invalid: return nil
            default:
                report(Diagnostic(.typeMismatch, "expected a number of points, found \(typed.type.phrase)", at: amount.span,
                                  label: "this is \(typed.type.phrase)"))
            }
            let activation = optionalDate(activates)
            let expiry = optionalDate(expires)
            guard let points, promo.ok, let activation, let expiry else { return nil }
            return .accrued(points, currency: currency, by: promo.name, activates: activation.date, expires: expiry.date)
        case .redeemable(let amount):
            return money(amount, what: "an amount").map(Expectation.redeemable)
        case .coupon(let code, let value, let until):
            let text = constantString(code, what: "a coupon code")
            var amount: Constant?
            if let value {
                amount = constant(value, [.percent, .money], what: "a percent or an amount, like `10%`")
                if amount == nil { return nil }
            }
            let date = optionalDate(until)
            guard let text, let date else { return nil }
            return .coupon(text, value: amount, until: date.date)
        case .gift(let count, let items):
            var n: Int64?
            if let count {
                n = constantCount(count, what: "a number of gifts")
                if n == nil { return nil }
            }
            return .gift(checkItems(items, itemsScope), count: n)
        case .message(let target, let text):
            let t = word(target, as: MessageTarget.self, what: "`slip`, `cashier` or `display`")
            let s = constantString(text, what: "a part of the message")
            guard let t, let s else { return nil }
            return .message(t, s)
        case .counter(let update):
            guard case .quantity(let q)? = constant(update.value, [.quantity], what: "a quantity") else { return nil }
            return .counter(update.name.text, update.op, q)
        }
    }
}

/// A date an expectation may give.
struct OptionalDate {
    var date: DateLiteral?
}
