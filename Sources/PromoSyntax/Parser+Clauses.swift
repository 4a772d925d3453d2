import PromoDiagnostics

extension Parser {
    /// The words that start a promo clause.
    public static let promoClauseKeywords: [Keyword] = [
        .priority, .active, .hours, .weekdays, .days, .stores, .channels, .audience, .when, .coupon,
        .code, .discount, .price, .bundle, .buy, .round, .accrue, .redeem, .gift, .issue, .message,
        .counter, .then, .lock, .forbid, .stop, .best, .on, .limit, .ignore, .use,
    ]

    mutating func parsePromoClause() -> Clause? {
        guard current.kind == .word, let keyword = current.keyword, Parser.promoClauseKeywords.contains(keyword) else {
            return unknownClause(in: "promo", known: Parser.promoClauseKeywords.map(\.rawValue))
        }
        let token = advance()
        guard let kind = parsePromoClauseBody(keyword) else { return nil }
        return clause(token, kind)
    }

    /// The rest of a promo clause after its keyword.
    mutating func parsePromoClauseBody(_ keyword: Keyword) -> ClauseKind? {
        switch keyword {
        case .priority: return .priority(parseExpr())
        case .active: return .active(parseRange())
        case .hours: return .hours(parseRanges())
        case .weekdays: return .weekdays(parseRanges())
        case .days: return .days(parseRanges())
        case .stores: return .stores(parseItemSet())
        case .channels: return .channels(parseWordList("a channel, like `pos` or `web`"))
        case .audience: return .audience(parseExpr())
        case .when: return .when(parseExpr())
        case .coupon: return .coupon(parseExpr())
        case .code: return .code(parseExpr())
        case .limit: return parseLimit().map(ClauseKind.limit)
        case .discount: return parseDiscount()
        case .price: return parsePrice()
        case .bundle: return parseBundle()
        case .buy: return parseBuy()
        case .round: return parseRound()
        case .accrue: return parseAccrue()
        case .redeem:
            let amount = parseUnary()
            guard let unit = expectWord("`chips`", help: "write `redeem 20 chips`") else { return nil }
            return .redeem(amount: amount, unit: unit)
        case .gift:
            var count: Expr?
            if at(.integer), peek().kind == .word, peek().keyword == .of {
                count = parsePrimary()
                advance()
            }
            return .gift(count: count, items: parseItemSet())
        case .issue: return parseIssue()
        case .message:
            guard let target = expectWord("where the message goes: `slip`, `cashier` or `display`") else { return nil }
            return .message(target: target, text: parseExpr())
        case .counter: return parseCounterUpdate().map(ClauseKind.counter)
        case .then:
            var updates: [CounterUpdate] = []
            repeat {
                guard expect(.counter, help: "write `then counter NAME -= 6`") != nil,
                      let update = parseCounterUpdate() else { break }
                updates.append(update)
            } while eat(.comma) != nil
            return .then(updates)
        case .lock:
            let what = parseWordList("what to lock: `discounts`, `accrual` or `redemption`")
            let scope = eat(.on) != nil ? parseItemSet() : nil
            return .lock(LockSyntax(what: what, scope: scope))
        case .forbid:
            guard let what = expectWord("`redeem` or `accrue`") else { return nil }
            let scope = eat(.on) != nil ? parseItemSet() : nil
            return .forbid(ForbidSyntax(what: what, scope: scope))
        case .stop: return .stop
        case .best:
            guard expect(.of, help: "write `best of GROUP`") != nil, let group = expectName("best-of group") else { return nil }
            return .best(group: group)
        case .on:
            guard at(.original, .current) else {
                expected("`original prices` or `current prices`", suggestions: ["original", "current"])
                return nil
            }
            let basis: PriceBasis = advance().keyword == .original ? .original : .current
            guard expect(.prices) != nil else { return nil }
            return .basis(basis)
        case .ignore:
            guard expect(.restrictions, help: "write `ignore restrictions`") != nil else { return nil }
            return .ignoreRestrictions
        case .use:
            guard let name = expectName("template") else { return nil }
            let arguments = at(.leftParen) ? parseArguments() : []
            return .use(name: name, arguments: arguments)
        default:
            return nil
        }
    }

    /// A word (not a reserved one) taken as it is; its meaning is checked later.
    mutating func expectWord(_ what: String, help: String? = nil) -> Identifier? {
        guard at(.word) else {
            expected(what, help: help)
            return nil
        }
        let token = advance()
        return Identifier(token.text, span: token.span)
    }

    /// `pos, web, app`
    mutating func parseWordList(_ what: String) -> [Identifier] {
        var words: [Identifier] = []
        repeat {
            guard let word = expectWord(what) else { break }
            words.append(word)
        } while eat(.comma) != nil
        return words
    }

    /// `a .. b` or `a`; the ends are simple values (dates, times, days, weekday names).
    mutating func parseRange() -> RangeSyntax {
        let lower = parseUnary()
        guard eat(.dotDot) != nil else { return RangeSyntax(lower: lower, upper: nil, span: lower.span) }
        let upper = parseUnary()
        return RangeSyntax(lower: lower, upper: upper, span: lower.span.to(upper.span))
    }

    /// `mon .. fri, sun`
    mutating func parseRanges() -> [RangeSyntax] {
        var ranges: [RangeSyntax] = []
        repeat {
            ranges.append(parseRange())
        } while eat(.comma) != nil && !clauseFailed
        return ranges
    }

    /// `limit 1 per customer per day`, `limit 10 units per customer per month`, `limit 2 per receipt`
    mutating func parseLimit() -> LimitSyntax? {
        let count = parseUnary()
        let unit = at(.uses, .units, .unit) ? Identifier(current.text, span: advance().span) : nil
        guard expect(.per, help: "write `limit 1 per customer per day`") != nil,
              let per = expectWord("`customer` or `receipt`") else { return nil }
        var period: Identifier?
        if eat(.per) != nil {
            period = expectWord("`day`, `week`, `month` or `year`")
        }
        return LimitSyntax(count: count, unit: unit, per: per, period: period)
    }

    /// What an effect applies to, after `on`.
    mutating func parseTarget() -> TargetSyntax {
        if at(.receipt) {
            let start = advance().span
            var excluded: Expr?
            if continues(.except) {
                advance()
                skipNewlines()
                excluded = parseUnionList()
            }
            return .receipt(except: excluded, span: span(from: start))
        }
        if at(.integer), peek().kind == .word, peek().keyword == .cheapest || peek().keyword == .most {
            let count = parsePrimary()
            let order = parsePickOrder() ?? .cheapest
            _ = expect(.of, help: "write `1 cheapest of coffee`")
            return .pick(count: count, order: order, items: parseItemSet())
        }
        return .items(parseItemSet())
    }

    /// `cheapest` or `most expensive`.
    mutating func parsePickOrder() -> PickOrder? {
        if eat(.cheapest) != nil { return .cheapest }
        if eat(.most) != nil {
            _ = expect(.expensive)
            return .mostExpensive
        }
        return nil
    }

    /// `discount 20% on dairy`, `discount 10.00 each on sku 5`, `discount 20% on receipt except alcohol`
    mutating func parseDiscount() -> ClauseKind? {
        let amount = parseAdditive()
        let perUnit = eat(.each) != nil
        guard expect(.on, help: "say what the discount applies to: `discount 20% on dairy`") != nil else { return nil }
        return .discount(DiscountSyntax(amount: amount, perUnit: perUnit, target: parseTarget()))
    }

    /// `price 59.90 on sku 1001`, `price 99.00 on 1 cheapest of sku 777 for 20 chips`
    mutating func parsePrice() -> ClauseKind? {
        let amount = parseAdditive()
        guard expect(.on, help: "say which items get the price: `price 59.90 on sku 1001`") != nil else { return nil }
        let target = parseTarget()
        var chips: Expr?
        if eat(.for) != nil {
            chips = parseUnary()
            _ = expect(.chips, help: "write `for 20 chips`")
        }
        return .price(PriceSyntax(amount: amount, target: target, chips: chips))
    }

    /// `bundle { 1 of sku 2001, 1 of category "Food/Fries" } price 299.00 [once]`
    mutating func parseBundle() -> ClauseKind? {
        guard expect(.leftBrace, "`{` and the bundle's components") != nil else { return nil }
        clauseBraces += 1
        parenDepth += 1
        skipNewlines()
        var components: [BundleComponent] = []
        while !at(.rightBrace), !at(.endOfFile), !clauseFailed {
            let count = parsePrimary()
            guard expect(.of, help: "each component is `COUNT of ITEMS`, like `1 of sku 2001`") != nil else { break }
            let items = parseOr()
            components.append(BundleComponent(count: count, items: items, span: count.span.to(items.span)))
            if eat(.comma) == nil { break }
        }
        parenDepth = max(0, parenDepth - 1)
        guard expect(.rightBrace, "`}` to close the bundle") != nil else { return nil }
        clauseBraces -= 1
        guard expect(.price, help: "write the bundle's price after it: `} price 299.00`") != nil else { return nil }
        let price = parseAdditive()
        let once = eat(.once) != nil
        return .bundle(BundleSyntax(components: components, price: price, once: once))
    }

    /// `buy 2 of yogurt get 1 free [cheapest|most expensive] [once]`, `… get 1 at 50% off`,
    /// `… get 1 of sku 5 for 1.00`
    mutating func parseBuy() -> ClauseKind? {
        let count = parsePrimary()
        guard expect(.of, help: "write `buy 2 of yogurt get 1 free`") != nil else { return nil }
        let items = parseUnionList()
        guard expect(.get, help: "write `buy 2 of yogurt get 1 free`") != nil else { return nil }
        let getCount = parsePrimary()
        let getItems = eat(.of) != nil ? parseUnionList() : nil
        let reward: RewardSyntax
        if eat(.free) != nil {
            reward = .free
        } else if eat(.at) != nil {
            reward = .percentOff(parsePrimary())
            _ = expect(.off, help: "write `at 50% off`")
        } else if eat(.for) != nil {
            reward = .price(parseAdditive())
        } else {
            expected("`free`, `at 50% off` or `for 1.00`", suggestions: ["free", "at", "for"])
            return nil
        }
        let order = parsePickOrder() ?? .cheapest
        let once = eat(.once) != nil
        return .buy(BuySyntax(count: count, items: items, getCount: getCount, getItems: getItems,
                              reward: reward, order: order, once: once))
    }

    /// `round down to 1.00 [on items]`, `round half up to 0.50`
    mutating func parseRound() -> ClauseKind? {
        let mode: RoundingMode
        if eat(.down) != nil {
            mode = .down
        } else if eat(.half) != nil {
            guard expect(.up, help: "write `round half up to 0.50`") != nil else { return nil }
            mode = .halfUp
        } else {
            expected("`down` or `half up`", help: "write `round down to 1.00` or `round half up to 0.50`", suggestions: ["down", "half"])
            return nil
        }
        guard expect(.to) != nil else { return nil }
        let step = parseUnary()
        let scope = eat(.on) != nil ? parseItemSet() : nil
        return .round(RoundSyntax(mode: mode, step: step, scope: scope))
    }

    /// `accrue 3% bonus [on items] [activates after 1 day] [expires after 14 days] [excluding redeemed]`,
    /// `accrue 1 chip per 500.00 [of total|of items]`
    mutating func parseAccrue() -> ClauseKind? {
        let amount = parseUnary()
        guard let unit = expectWord("`bonus` or `chips`", help: "write `accrue 500 bonus` or `accrue 3% bonus`") else { return nil }
        var perStep: Expr?, perBasis: Expr?, scope: Expr?, activates: Expr?, expires: Expr?
        var excluding = false
        while !atClauseEnd, !clauseFailed {
            if eat(.per) != nil {
                perStep = parseUnary()
                if eat(.of) != nil {
                    if at(.total) { advance() } else { perBasis = parseUnionList() }
                }
            } else if eat(.on) != nil {
                scope = parseItemSet()
            } else if eat(.activates) != nil {
                _ = expect(.after, help: "write `activates after 1 day`")
                activates = parseUnary()
            } else if eat(.expires) != nil {
                _ = expect(.after, help: "write `expires after 14 days`")
                expires = parseUnary()
            } else if eat(.excluding) != nil {
                _ = expect(.redeemed, help: "write `excluding redeemed`")
                excluding = true
            } else if at(.accrue, .discount) {
                break // the next effect of a tier level
            } else {
                expected("`on`, `per`, `activates after`, `expires after`, `excluding redeemed` or the end of the line",
                         suggestions: ["on", "per", "activates", "expires", "excluding"])
                return nil
            }
        }
        return .accrue(AccrueSyntax(amount: amount, unit: unit, perStep: perStep, perBasis: perBasis, scope: scope,
                                    activatesAfter: activates, expiresAfter: expires, excludingRedeemed: excluding))
    }

    /// `issue coupon "NEXT10" discount 10% [on items] [valid 14 days]`
    mutating func parseIssue() -> ClauseKind? {
        guard expect(.coupon, help: "write `issue coupon \"NEXT10\" discount 10% valid 14 days`") != nil else { return nil }
        let code = parsePrimary()
        guard expect(.discount, help: "say what the coupon gives: `discount 10%`") != nil else { return nil }
        let discount = parseUnary()
        var scope: Expr?, valid: Expr?
        while !atClauseEnd, !clauseFailed {
            if eat(.on) != nil {
                scope = parseItemSet()
            } else if eat(.valid) != nil {
                valid = parseUnary()
            } else {
                expected("`on`, `valid` or the end of the line")
                return nil
            }
        }
        return .issue(IssueSyntax(code: code, discount: discount, scope: scope, valid: valid))
    }

    /// `NAME += value`, `NAME -= value`, `NAME = value` (after `counter`)
    mutating func parseCounterUpdate() -> CounterUpdate? {
        guard let name = expectName("counter") else { return nil }
        let op: CounterOperator
        switch current.kind {
        case .plusAssign: op = .add
        case .minusAssign: op = .subtract
        case .assign: op = .set
        default:
            expected("`+=`, `-=` or `=`", help: "write `counter \(name.text) += qty(coffee)`")
            return nil
        }
        advance()
        let value = parseExpr()
        return CounterUpdate(name: name, op: op, value: value, span: name.span.to(value.span))
    }

    // MARK: - Tiers and restrictions

    mutating func parseTiersClause() -> Clause? {
        if at(.measure) {
            let token = advance()
            guard let figure = expectWord("what is measured: `spend` or `purchases`") else { return nil }
            guard expect(.over, help: "write `measure spend over previous calendar week`") != nil else { return nil }
            return clause(token, .measure(figure: figure, window: parseUnary()))
        }
        if at(.level) {
            let token = advance()
            guard let name = expectName("level") else { return nil }
            let title = optionalTitle()
            guard expect(.from, help: "write `level gold \"Gold 6%\" from 5000.00 accrue 6% bonus`") != nil else { return nil }
            let threshold = parseUnary()
            var effects: [Clause] = []
            while at(.accrue, .discount), !clauseFailed {
                let effectToken = advance()
                let body = effectToken.keyword == .accrue ? parseAccrue() : parseDiscount()
                guard let body else { break }
                effects.append(clause(effectToken, body))
            }
            return clause(token, .level(LevelSyntax(name: name, title: title, threshold: threshold, effects: effects)))
        }
        if current.kind == .word, let keyword = current.keyword, Parser.promoClauseKeywords.contains(keyword) {
            return parsePromoClause()
        }
        return unknownClause(in: "tiers", known: ["measure", "level"] + Parser.promoClauseKeywords.map(\.rawValue))
    }

    /// `price >= line.min_price on alcohol`, `discount <= 50% on all`, `redeem <= 30% of total`,
    /// `qty <= 6 per customer per day on alcohol`; other promo clauses narrow where it holds.
    mutating func parseRestrictionClause() -> Clause? {
        if current.kind == .word, let subject = current.keyword.flatMap({ RuleSubject(rawValue: $0.rawValue) }),
           Parser.comparisons[peek().kind] != nil {
            let token = advance()
            let op = Parser.comparisons[advance().kind]!
            let bound = parseAdditive()
            var per: LimitSyntax?
            var scope: Expr?
            while !atClauseEnd, !clauseFailed {
                if at(.per) {
                    advance()
                    guard let who = expectWord("`customer` or `receipt`") else { return nil }
                    let period = eat(.per) != nil ? expectWord("`day`, `week`, `month` or `year`") : nil
                    per = LimitSyntax(count: bound, unit: nil, per: who, period: period)
                } else if eat(.on) != nil {
                    scope = parseItemSet()
                } else {
                    expected("`on`, `per` or the end of the line")
                    return nil
                }
            }
            return clause(token, .rule(RuleSyntax(subject: subject, op: op, bound: bound, scope: scope, per: per)))
        }
        if current.kind == .word, let keyword = current.keyword, Parser.promoClauseKeywords.contains(keyword) {
            return parsePromoClause()
        }
        return unknownClause(in: "restriction", known: ruleSubjectWords + Parser.promoClauseKeywords.map(\.rawValue))
    }
}

let ruleSubjectWords = ["price", "discount", "redeem", "qty"]
